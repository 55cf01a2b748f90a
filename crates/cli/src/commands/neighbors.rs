//! `diplograph neighbors ID`: the ego network, grouped by hop.

use std::io::Write;

use anyhow::Result;
use diplograph_core::query::View;

use crate::app::{Outcome, actor_key, load_valid, resolve_filter, undated_among, undated_note};
use crate::config::{Format, Global, Neighbors};
use crate::output::{stdout, write_json};
use crate::text::{plural, relation_line};

pub fn run(global: &Global, args: Neighbors) -> Result<Outcome> {
    let (_loaded, graph) = match load_valid(global)? {
        Ok(v) => v,
        Err(outcome) => return Ok(outcome),
    };
    let start = actor_key(&graph, &args.id)?;
    let filter = resolve_filter(&graph, &args.filter)?;
    let view = View::new(&graph, &filter);
    let found = diplograph_answer::neighbors::neighbors(&view, start, args.depth);
    let rings = &found.rings;
    let mut out = stdout();
    if args.format == Format::Json {
        write_json(&mut out, &found.json(&graph))?;
    } else if rings.len() > 1 {
        let total: usize = rings.iter().skip(1).map(Vec::len).sum();
        writeln!(
            out,
            "{} ({}): {} within {}",
            graph.actor(start).name,
            graph.actor(start).id,
            plural(total, "actor"),
            plural(args.depth, "hop")
        )?;
        for (d, ring) in rings.iter().enumerate().skip(1) {
            writeln!(out, "\n{} ({}):", plural(d, "hop"), plural(ring.len(), "actor"))?;
            for (&a, via) in ring.iter().zip(&found.via[d - 1]) {
                writeln!(out, "  {} ({})", graph.actor(a).name, graph.actor(a).id)?;
                if !args.quiet {
                    for &k in via {
                        writeln!(out, "      {}", relation_line(&graph, graph.relation(k)))?;
                    }
                }
            }
        }
    }
    out.flush()?;
    if rings.len() == 1 {
        let why = if filter.is_restrictive() { " that passes the filters" } else { "" };
        eprintln!("{} has no relation{why}", graph.actor(start).name);
        return Ok(Outcome::Failure);
    }
    let shown = found.via.iter().flatten().flatten().copied();
    if let Some((undated, total)) = undated_among(&graph, &filter, shown) {
        undated_note(undated, total);
    }
    crate::app::release(view);
    crate::app::release((_loaded, graph));
    Ok(Outcome::Success)
}
