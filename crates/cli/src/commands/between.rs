//! `diplograph between A B`: every relation between two actors, both ways, negated and ended
//! ones included.

use std::io::Write;

use crate::app::{Outcome, load_valid, undated_note, usage};
use crate::config::{Between, Format, Global};
use crate::output::{stdout, write_json};
use crate::text::{plural, relation_details, relation_line};
use anyhow::Result;
use diplograph_core::query::Sign;

pub fn run(global: &Global, args: Between) -> Result<Outcome> {
    let (_loaded, graph) = match load_valid(global)? {
        Ok(v) => v,
        Err(outcome) => return Ok(outcome),
    };
    let found = diplograph_answer::between::between(&graph, &args.a, &args.b, &args.filter).map_err(usage)?;
    let (a, b, relations) = (found.a, found.b, &found.relations);
    let mut out = stdout();
    if args.format == Format::Json {
        write_json(&mut out, &found.json(&graph))?;
        out.flush()?;
    } else if !relations.is_empty() {
        let negated = relations.iter().filter(|r| r.negated).count();
        let sign = Sign::of_pair(relations.iter().filter(|r| !r.negated).map(|r| graph.sign_polarity(r)));
        writeln!(
            out,
            "{} and {}: {} ({negated} negated), sign {}",
            graph.actor(a).name,
            graph.actor(b).name,
            plural(relations.len(), "relation"),
            sign.symbol()
        )?;
        for r in relations {
            writeln!(out, "  {}", relation_line(&graph, r))?;
            if !args.quiet {
                for line in relation_details(&graph, r, "      ", true) {
                    writeln!(out, "{line}")?;
                }
            }
        }
        out.flush()?;
    }
    if args.filter.at.is_some() && !args.filter.dated_only {
        let shown: Vec<_> = relations.iter().filter(|r| !r.negated).collect();
        undated_note(shown.iter().filter(|r| r.is_undated()).count(), shown.len());
    }
    if relations.is_empty() {
        let hidden = found.hidden;
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
