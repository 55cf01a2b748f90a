//! `diplograph rank`: actors ranked by a centrality measure.

use std::io::Write;

use anyhow::Result;
use diplograph_core::query::{Metric, View};
use serde::Serialize;

use crate::app::{Outcome, UsageError, load_valid, resolve_filter};
use crate::cli::{Format, Global, MetricArg, RankArgs};
use crate::output::{stdout, write_json};

#[derive(Serialize)]
struct RankedJson<'a> {
    rank: usize,
    id: &'a str,
    name: &'a str,
    score: f64,
}

#[derive(Serialize)]
struct RankJson<'a> {
    metric: &'static str,
    /// Actors with at least one relation passing the filters.
    active_actors: usize,
    /// Betweenness: the number of sampled sources, or null when exact.
    samples: Option<usize>,
    actors: Vec<RankedJson<'a>>,
}

pub fn run(global: &Global, args: RankArgs) -> Result<Outcome> {
    let (_loaded, graph) = match load_valid(global)? {
        Ok(v) => v,
        Err(outcome) => return Ok(outcome),
    };
    let metric = match args.metric {
        MetricArg::Degree => Metric::Degree,
        MetricArg::Betweenness => Metric::Betweenness,
        MetricArg::Closeness => Metric::Closeness,
        MetricArg::Pagerank => Metric::PageRank,
    };
    if args.samples == Some(0) {
        return Err(UsageError("--samples must be at least 1".into()).into());
    }
    if args.samples.is_some() && metric != Metric::Betweenness {
        return Err(UsageError("--samples applies to --metric betweenness only".into()).into());
    }
    let filter = resolve_filter(&graph, &args.filter.to_spec())?;
    let view = View::new(&graph, &filter);
    let active = view.active_actors();
    let samples = args.samples.filter(|&k| k < active.len());
    let scores = view.centrality(metric, samples, args.seed);
    let mut ranked: Vec<_> = active.iter().map(|&a| (a, scores[a.index()])).collect();
    ranked.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    ranked.truncate(args.top);
    let mut out = stdout();
    if args.format == Format::Json {
        let json = RankJson {
            metric: metric.as_str(),
            active_actors: active.len(),
            samples,
            actors: ranked
                .iter()
                .enumerate()
                .map(|(i, &(a, score))| RankedJson {
                    rank: i + 1,
                    id: &graph.actor(a).id,
                    name: &graph.actor(a).name,
                    score,
                })
                .collect(),
        };
        write_json(&mut out, &json)?;
    } else if !ranked.is_empty() {
        let how = match samples {
            Some(k) => format!("estimated from {k} sampled sources, seed {}", args.seed),
            None if metric == Metric::Betweenness => "exact".to_string(),
            None => String::new(),
        };
        let how = if how.is_empty() { String::new() } else { format!(", {how}") };
        writeln!(out, "{} of {} active actors{how}:", metric.as_str(), active.len())?;
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
    if active.is_empty() {
        eprintln!("no relation passes the filters");
        return Ok(Outcome::Failure);
    }
    Ok(Outcome::Success)
}
