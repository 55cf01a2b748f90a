//! `diplograph between A B`: every relation between two actors, both ways, negated and ended
//! ones included.

use std::io::Write;

use anyhow::Result;
use diplograph_core::query::Sign;
use serde::Serialize;

use crate::app::{Outcome, UsageError, actor_key, load_valid, resolve_filter, undated_among, undated_note};
use crate::cli::{BetweenArgs, Format, Global};
use crate::json::{ActorRefJson, RelationJson};
use crate::output::{stdout, write_json};
use crate::text::{plural, relation_details, relation_line};

#[derive(Serialize)]
struct BetweenJson<'a> {
    a: ActorRefJson<'a>,
    b: ActorRefJson<'a>,
    relations: Vec<RelationJson<'a>>,
}

pub fn run(global: &Global, args: BetweenArgs) -> Result<Outcome> {
    let (_loaded, graph) = match load_valid(global)? {
        Ok(v) => v,
        Err(outcome) => return Ok(outcome),
    };
    let a = actor_key(&graph, &args.a)?;
    let b = actor_key(&graph, &args.b)?;
    if a == b {
        return Err(UsageError(format!("A and B are the same actor, \"{}\"", args.a)).into());
    }
    let mut spec = args.filter.to_spec();
    spec.include_negated = true;
    let filter = resolve_filter(&graph, &spec)?;
    let relations: Vec<_> = graph.between(a, b).into_iter().filter(|(_, r)| filter.accepts(&graph, r)).collect();
    let mut out = stdout();
    if args.format == Format::Json {
        let json = BetweenJson {
            a: ActorRefJson::new(&graph, a),
            b: ActorRefJson::new(&graph, b),
            relations: relations.iter().map(|(_, r)| RelationJson::new(&graph, r)).collect(),
        };
        write_json(&mut out, &json)?;
        out.flush()?;
    } else if !relations.is_empty() {
        let negated = relations.iter().filter(|(_, r)| r.negated).count();
        let sign = Sign::of_pair(
            relations
                .iter()
                .filter(|(_, r)| !r.negated)
                .map(|(_, r)| graph.vocabulary().relation_kind(r.kind).polarity),
        );
        writeln!(
            out,
            "{} and {}: {} ({negated} negated), sign {}",
            graph.actor(a).name,
            graph.actor(b).name,
            plural(relations.len(), "relation"),
            sign.symbol()
        )?;
        for (_, r) in &relations {
            writeln!(out, "  {}", relation_line(&graph, r))?;
            if !args.quiet {
                for line in relation_details(&graph, r, "      ", true) {
                    writeln!(out, "{line}")?;
                }
            }
        }
        out.flush()?;
    }
    let keys = relations.iter().filter(|(_, r)| !r.negated).map(|(k, _)| *k);
    if let Some((undated, total)) = undated_among(&graph, &filter, keys) {
        undated_note(undated, total);
    }
    if relations.is_empty() {
        let hidden = graph.between(a, b).len();
        if hidden > 0 {
            eprintln!(
                "no relation between {} and {} passes the filters ({} hidden by them)",
                graph.actor(a).name,
                graph.actor(b).name,
                plural(hidden, "relation")
            );
        } else {
            eprintln!(
                "no relation links {} and {} directly; try `diplograph path {} {}`",
                graph.actor(a).name,
                graph.actor(b).name,
                args.a,
                args.b
            );
        }
        return Ok(Outcome::Failure);
    }
    Ok(Outcome::Success)
}
