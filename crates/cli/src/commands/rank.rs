//! `diplograph rank`: actors ranked by a centrality measure.

use std::io::Write;

use anyhow::Result;
use diplograph_answer::rank::{RankQuery, check, rank};
use diplograph_core::query::{Metric, View};

use crate::app::{Outcome, load_valid, resolve_filter, usage};
use crate::cli::{Format, Global, MetricArg, RankArgs};
use crate::output::{stdout, write_json};

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
    let query = RankQuery { metric, top: args.top, samples: args.samples, seed: args.seed };
    check(&query).map_err(usage)?;
    let filter = resolve_filter(&graph, &args.filter.to_spec())?;
    let view = View::new(&graph, &filter);
    let found = rank(&view, &query).map_err(usage)?;
    let (ranked, samples) = (&found.ranked, found.samples);
    let mut out = stdout();
    if args.format == Format::Json {
        write_json(&mut out, &found.json(&graph))?;
    } else if !ranked.is_empty() {
        let how = match samples {
            Some(k) => format!("estimated from {k} sampled sources, seed {}", args.seed),
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
