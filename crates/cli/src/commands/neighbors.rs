//! `diplograph neighbors ID`: the ego network, grouped by hop.

use std::collections::BTreeSet;
use std::io::Write;

use anyhow::Result;
use diplograph_core::RelationKey;
use diplograph_core::query::View;
use serde::Serialize;

use crate::app::{Outcome, actor_key, load_valid, resolve_filter, undated_among, undated_note};
use crate::cli::{Format, Global, NeighborsArgs};
use crate::json::{ActorRefJson, RelationJson};
use crate::output::{stdout, write_json};
use crate::text::{plural, relation_line};

#[derive(Serialize)]
struct NeighborJson<'a> {
    id: &'a str,
    name: &'a str,
    /// The relations that reach this actor from the previous hop.
    via: Vec<RelationJson<'a>>,
}

#[derive(Serialize)]
struct RingJson<'a> {
    distance: usize,
    actors: Vec<NeighborJson<'a>>,
}

#[derive(Serialize)]
struct NeighborsJson<'a> {
    actor: ActorRefJson<'a>,
    depth: usize,
    hops: Vec<RingJson<'a>>,
}

pub fn run(global: &Global, args: NeighborsArgs) -> Result<Outcome> {
    let (_loaded, graph) = match load_valid(global)? {
        Ok(v) => v,
        Err(outcome) => return Ok(outcome),
    };
    let start = actor_key(&graph, &args.id)?;
    let filter = resolve_filter(&graph, &args.filter.to_spec())?;
    let view = View::new(&graph, &filter);
    let rings = view.neighborhood(start, args.depth);
    // For each actor, the relations from actors one hop closer.
    let via = |d: usize, a| -> Vec<RelationKey> {
        let previous: BTreeSet<_> = rings[d - 1].iter().copied().collect();
        let keys: BTreeSet<RelationKey> =
            view.predecessors(a).filter(|(p, _)| previous.contains(p)).map(|(_, k)| k).collect();
        keys.into_iter().collect()
    };
    let mut out = stdout();
    if args.format == Format::Json {
        let json = NeighborsJson {
            actor: ActorRefJson::new(&graph, start),
            depth: args.depth,
            hops: rings
                .iter()
                .enumerate()
                .skip(1)
                .map(|(d, ring)| RingJson {
                    distance: d,
                    actors: ring
                        .iter()
                        .map(|&a| NeighborJson {
                            id: &graph.actor(a).id,
                            name: &graph.actor(a).name,
                            via: via(d, a).into_iter().map(|k| RelationJson::new(&graph, graph.relation(k))).collect(),
                        })
                        .collect(),
                })
                .collect(),
        };
        write_json(&mut out, &json)?;
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
            for &a in ring {
                writeln!(out, "  {} ({})", graph.actor(a).name, graph.actor(a).id)?;
                if !args.quiet {
                    for k in via(d, a) {
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
    let shown = rings.iter().enumerate().skip(1).flat_map(|(d, ring)| ring.iter().flat_map(move |&a| via(d, a)));
    if let Some((undated, total)) = undated_among(&graph, &filter, shown) {
        undated_note(undated, total);
    }
    crate::app::release(view);
    crate::app::release((_loaded, graph));
    Ok(Outcome::Success)
}
