//! `diplograph list`: the actors, one a line.

use std::io::Write;

use anyhow::Result;

use crate::app::{Outcome, load_valid, usage};
use crate::config::{Format, Global};
use crate::output::{stdout, write_json};
use diplograph_answer::{ActorJson, ListJson};

pub fn run(global: &Global, kind: Option<&str>, format: Format) -> Result<Outcome> {
    let (_loaded, graph) = match load_valid(global)? {
        Ok(v) => v,
        Err(outcome) => return Ok(outcome),
    };
    let vocabulary = graph.vocabulary();
    let actors = diplograph_answer::list::list(&graph, kind).map_err(usage)?;
    let mut out = stdout();
    match format {
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
        match kind {
            Some(k) => eprintln!("no actor of kind \"{k}\" in the data"),
            None => eprintln!("no actors in the data"),
        }
        return Ok(Outcome::Failure);
    }
    crate::app::release((_loaded, graph));
    Ok(Outcome::Success)
}
