//! `diplograph list`: the actors, one a line.

use std::io::Write;

use anyhow::Result;

use crate::app::{Outcome, UsageError, load_valid};
use crate::cli::{Format, Global, ListArgs};
use diplograph_export::json::ActorJson;
use serde::Serialize;

/// `list --format json`: `{"version", "actors": [ACTOR, ...]}`.
#[derive(Serialize)]
struct ListJson<'a> {
    actors: Vec<ActorJson<'a>>,
}
use crate::output::{stdout, write_json};

pub fn run(global: &Global, args: ListArgs) -> Result<Outcome> {
    let (_loaded, graph) = match load_valid(global)? {
        Ok(v) => v,
        Err(outcome) => return Ok(outcome),
    };
    let vocabulary = graph.vocabulary();
    let kind = match &args.kind {
        None => None,
        Some(k) => Some(vocabulary.actor_kind_id(k).ok_or_else(|| {
            let names: Vec<&str> = vocabulary.actor_kinds().map(|(_, k)| &*k.id).collect();
            let near = diplograph_core::suggest::closest(k, names.iter().map(|n| (*n, *n)));
            let hint = diplograph_core::suggest::did_you_mean(&near).unwrap_or_else(|| {
                format!("the kinds are {}", diplograph_core::suggest::one_of(names.iter().copied(), 40))
            });
            UsageError(format!("unknown actor kind \"{k}\"; {hint}"))
        })?),
    };
    let actors: Vec<_> =
        graph.actors().filter(|(_, a)| kind.is_none_or(|k| vocabulary.is_a(a.kind, k))).map(|(_, a)| a).collect();
    let mut out = stdout();
    match args.format {
        Format::Json => {
            let actors: Vec<ActorJson<'_>> = actors.iter().map(|a| ActorJson::new(&graph, a)).collect();
            write_json(&mut out, &ListJson { actors })?;
        }
        Format::Text => {
            let id_width = actors.iter().map(|a| a.id.chars().count()).max().unwrap_or(0);
            let kind_width = actors.iter().map(|a| vocabulary.actor_kind(a.kind).id.chars().count()).max().unwrap_or(0);
            for a in &actors {
                let k = &vocabulary.actor_kind(a.kind).id;
                writeln!(out, "{:<id_width$}  {:<kind_width$}  {}", a.id, k, a.name)?;
            }
        }
    }
    out.flush()?;
    if actors.is_empty() {
        match &args.kind {
            Some(k) => eprintln!("no actor of kind \"{k}\" in the data"),
            None => eprintln!("no actors in the data"),
        }
        return Ok(Outcome::Failure);
    }
    crate::app::release((_loaded, graph));
    Ok(Outcome::Success)
}
