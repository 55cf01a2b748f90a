//! `diplograph show ID`: everything about one actor.

use std::io::Write;

use anyhow::Result;
use diplograph_core::{Origin, Relation, RelationKey};

use crate::app::{Outcome, actor_key, load_valid_with};
use crate::config::{Format, Global};
use crate::output::{stdout, write_json};
use crate::text::{dates, relation_details, relation_line};

pub fn run(global: &Global, id: &str, format: Format) -> Result<Outcome> {
    let (loaded, graph) = match load_valid_with(global, true)? {
        Ok(v) => v,
        Err(outcome) => return Ok(outcome),
    };
    let key = actor_key(&graph, id)?;
    let actor = graph.actor(key);
    let relations: Vec<(RelationKey, &Relation)> = graph.incident(key);
    let defined_at = loaded.locations.actors.get(key.index()).map(|l| loaded.position(l));
    let mut out = stdout();
    if format == Format::Json {
        let json = diplograph_answer::show::show(&graph, key, defined_at);
        write_json(&mut out, &json)?;
        out.flush()?;
        drop(json);
        crate::app::release((loaded, graph));
        return Ok(Outcome::Success);
    }
    let vocabulary = graph.vocabulary();
    writeln!(out, "{} ({})", actor.name, actor.id)?;
    let mut kind_line = format!("  kind: {}", vocabulary.actor_kind(actor.kind).label);
    if let Some(code) = &actor.iso3 {
        kind_line.push_str(&format!(" · ISO 3166: {code}"));
    }
    writeln!(out, "{kind_line}")?;
    if !actor.aliases.is_empty() {
        writeln!(out, "  aliases: {}", actor.aliases.join(", "))?;
    }
    if let Some(c) = actor.country {
        writeln!(out, "  country: {}", graph.actor(c).name)?;
    }
    if let Some(on) = actor.on {
        writeln!(out, "  on: {on}")?;
    } else if let Some(d) = dates(actor.start, actor.end) {
        writeln!(out, "  dates: {}", d.trim_start_matches("since "))?;
    }
    if let Some(p) = actor.place {
        writeln!(out, "  place: {}", graph.actor(p).name)?;
    }
    if !actor.tags.is_empty() {
        writeln!(out, "  tags: {}", actor.tags.join(", "))?;
    }
    if let Some(n) = &actor.note {
        writeln!(out, "  note: {n}")?;
    }
    if let Some(at) = &defined_at {
        writeln!(out, "  defined at: {at}")?;
    }
    if !actor.offices.is_empty() {
        writeln!(out, "\nOffices:")?;
        for o in &actor.offices {
            let when = dates(o.since, o.until).map(|d| format!(" ({d})")).unwrap_or_default();
            writeln!(out, "  {} of {}{when}", o.title, graph.actor(o.of).name)?;
        }
    }
    let holders: Vec<&Relation> = relations
        .iter()
        .map(|(_, r)| *r)
        .filter(|r| matches!(r.origin, Origin::Office { .. }) && r.object == key)
        .collect();
    if !holders.is_empty() {
        writeln!(out, "\nOffice holders:")?;
        for r in holders {
            let when = dates(r.since, r.until).map(|d| format!(" ({d})")).unwrap_or_default();
            writeln!(out, "  {}: {}{when}", r.note.as_deref().unwrap_or("office"), graph.actor(r.subject).name)?;
        }
    }
    let stated: Vec<&Relation> =
        relations.iter().map(|(_, r)| *r).filter(|r| matches!(r.origin, Origin::Stated(_))).collect();
    let negated = stated.iter().filter(|r| r.negated).count();
    writeln!(out, "\nRelations ({}, {negated} negated):", stated.len())?;
    for r in stated {
        writeln!(out, "  {}", relation_line(&graph, r))?;
        for line in relation_details(&graph, r, "      ", true) {
            writeln!(out, "{line}")?;
        }
    }
    out.flush()?;
    drop(relations);
    crate::app::release((loaded, graph));
    Ok(Outcome::Success)
}
