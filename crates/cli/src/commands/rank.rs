//! `diplograph rank`: actors ranked by a centrality measure.

use std::io::Write;

use anyhow::Result;
use diplograph_answer::rank::{RankQuery, rank};
use diplograph_core::query::{Metric, View};

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use crate::app::{Outcome, load_valid, resolve_filter, usage};
use crate::config::{Format, Global, Rank};
use crate::output::{stdout, write_json};
use crate::progress::Progress;

pub fn run(global: &Global, args: Rank) -> Result<Outcome> {
    let (_loaded, graph) = match load_valid(global)? {
        Ok(v) => v,
        Err(outcome) => return Ok(outcome),
    };
    let (query, metric) = (&args.query, args.query.metric);
    let filter = resolve_filter(&graph, &args.filter)?;
    let counter = Arc::new(AtomicUsize::new(0));
    let view = View::new(&graph, &filter).with_progress(counter.clone());
    let found = with_progress(&view, query, &counter, || rank(&view, query)).map_err(usage)?;
    let (ranked, samples) = (&found.ranked, found.samples);
    let mut out = stdout();
    if args.format == Format::Json {
        write_json(&mut out, &found.json(&graph))?;
    } else if !ranked.is_empty() {
        let how = match samples {
            Some(k) => format!("estimated from {k} sampled sources, seed {}", query.seed),
            None if metric == Metric::Betweenness => "exact".to_string(),
            None => String::new(),
        };
        let how = if how.is_empty() { String::new() } else { format!(", {how}") };
        writeln!(out, "{} of {} active actors{how}:", metric.as_str(), found.active_actors)?;
        let id_width = ranked.iter().map(|(a, _)| graph.actor(*a).id.chars().count()).max().unwrap_or(0);
        let rank_width = ranked.len().to_string().len();
        for (i, &(a, score)) in ranked.iter().enumerate() {
            let value = if metric == Metric::Degree { format!("{score:>6.0}") } else { format!("{score:>6.4}") };
            writeln!(
                out,
                "{:>rank_width$}  {value}  {:<id_width$}  {}",
                i + 1,
                graph.actor(a).id,
                graph.actor(a).name
            )?;
        }
    }
    out.flush()?;
    if found.active_actors == 0 {
        eprintln!("no relation passes the filters");
        return Ok(Outcome::Failure);
    }
    crate::app::release(view);
    crate::app::release((_loaded, graph));
    Ok(Outcome::Success)
}

/// Active actors from which exact betweenness is worth a word first: beyond them it takes
/// seconds to minutes.
const LARGE: usize = 5_000;

/// Runs `work`, a ranking on `view`, showing how many searches it has done of how many, with
/// the time left, on a terminal; before an exact betweenness on a large graph, says on stderr
/// what it costs and that `--samples` estimates it.
fn with_progress<T>(view: &View<'_>, query: &RankQuery, counter: &AtomicUsize, work: impl FnOnce() -> T) -> T {
    let searches = match query.metric {
        Metric::Betweenness | Metric::Closeness => view.active_actors().len(),
        Metric::Degree | Metric::PageRank => return work(),
    };
    let searches = match (query.metric, query.samples) {
        (Metric::Betweenness, Some(k)) => k.min(searches),
        _ => searches,
    };
    if let Some(note) = cost_note(query, searches) {
        eprintln!("{note}");
    }
    let done = AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let bar = Progress::bar(searches as u64, query.metric.as_str());
            while !done.load(Ordering::Relaxed) {
                bar.set(counter.load(Ordering::Relaxed) as u64);
                std::thread::sleep(Duration::from_millis(100));
            }
            bar.finish();
        });
        let answer = work();
        done.store(true, Ordering::Relaxed);
        answer
    })
}

/// What an exact betweenness costs, said before it starts on a large graph (`searches` source
/// actors), with the option that estimates it.
fn cost_note(query: &RankQuery, searches: usize) -> Option<String> {
    (query.metric == Metric::Betweenness && query.samples.is_none() && searches >= LARGE).then(|| {
        format!(
            "note: exact betweenness searches from each of the {searches} active actors, which takes a while on a graph this size; \
             `--samples 256` estimates it from 256 of them in about {}% of the time",
            (25_600 / searches).max(1)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_betweenness_on_a_large_graph_names_samples() {
        let query = |metric, samples| RankQuery { metric, top: 10, samples, seed: 0 };
        let note = cost_note(&query(Metric::Betweenness, None), 20_000).unwrap();
        assert!(
            note.contains("20000 active actors") && note.contains("--samples 256") && note.contains("about 1%"),
            "{note}"
        );
        assert!(cost_note(&query(Metric::Betweenness, None), LARGE - 1).is_none());
        assert!(cost_note(&query(Metric::Betweenness, Some(256)), 20_000).is_none());
        assert!(cost_note(&query(Metric::Closeness, None), 20_000).is_none());
    }
}
