//! FollowTheMoney entities, one JSON object a line, as Aleph, OpenSanctions and the
//! `followthemoney` library read them.
//!
//! Actors by root kind: countries are `Territory`, people `Person`, organizations
//! `Organization`, events `Event`. Relations are interval entities: an office held in an
//! organization is a `Membership` (its title the `role`); every other relation is an
//! `UnknownLink` whose `role` is the kind's label. Dates go to `startDate` and `endDate`, the
//! quotes to `summary`, the note and what FollowTheMoney has no property for (kind id,
//! confidence, strength, place, actors it is about) to `description`, the sources' addresses
//! and publishers to `sourceUrl` and `publisher`. Negated relations are left out: a
//! FollowTheMoney link always states a tie.

use std::io::Write;

use diplograph_core::{ActorKey, Graph, Origin, Relation};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::{Error, Subgraph, fields};

/// The schema of each root actor kind: `(kind, schema)`.
pub const FTM_SCHEMA: &[(&str, &str)] =
    &[("country", "Territory"), ("person", "Person"), ("organization", "Organization"), ("event", "Event")];

#[derive(Serialize)]
struct Entity<'a> {
    id: String,
    schema: &'a str,
    properties: Map<String, Value>,
}

/// An entity id: FollowTheMoney ids hold letters, digits, `.` and `-`, so a slug's `_` becomes
/// `.` (which no slug holds).
fn entity_id(what: &str, id: &str) -> String {
    format!("diplograph-{what}-{}", id.replace('_', "."))
}

/// The entity id of an actor.
fn actor_id(graph: &Graph, key: ActorKey) -> String {
    entity_id("actor", &graph.actor(key).id)
}

/// The schema of an actor: that of its root kind.
fn schema(graph: &Graph, key: ActorKey) -> &'static str {
    let vocabulary = graph.vocabulary();
    let root = &*vocabulary.actor_kind(vocabulary.root_of(graph.actor(key).kind)).id;
    FTM_SCHEMA.iter().find(|(k, _)| *k == root).map_or("Organization", |(_, s)| s)
}

fn put(props: &mut Map<String, Value>, name: &str, values: Vec<String>) {
    let mut kept: Vec<Value> = Vec::new();
    for v in values.into_iter().filter(|v| !v.is_empty()) {
        let v = Value::String(v);
        if !kept.contains(&v) {
            kept.push(v);
        }
    }
    let values = kept;
    if !values.is_empty() {
        props.insert(name.to_owned(), Value::Array(values));
    }
}

/// Writes `sub` as FollowTheMoney entities, one a line: actors, then relations.
pub fn followthemoney(graph: &Graph, sub: &Subgraph, out: &mut dyn Write) -> Result<(), Error> {
    for &k in &sub.actors {
        let entity = actor(graph, k);
        serde_json::to_writer(&mut *out, &entity)?;
        out.write_all(b"\n")?;
    }
    for &k in &sub.relations {
        let r = graph.relation(k);
        if r.negated {
            continue;
        }
        let entity = relation(graph, &fields::relation_handle(graph, k), r);
        serde_json::to_writer(&mut *out, &entity)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

fn actor(graph: &Graph, key: ActorKey) -> Entity<'static> {
    let a = graph.actor(key);
    let schema = schema(graph, key);
    let mut p = Map::new();
    put(&mut p, "name", vec![a.name.to_string()]);
    put(&mut p, "alias", a.aliases.iter().map(|s| s.to_string()).collect());
    let iso3 = a.iso3.as_deref().or_else(|| a.country.and_then(|c| graph.actor(c).iso3.as_deref()));
    put(&mut p, "country", iso3.map(str::to_owned).into_iter().collect());
    put(&mut p, "keywords", a.tags.iter().map(|s| s.to_string()).collect());
    let kind = &graph.vocabulary().actor_kind(a.kind).id;
    let mut notes = vec![format!("diplograph id: {}; kind: {kind}", a.id)];
    notes.extend(a.note.as_deref().map(str::to_owned));
    if schema == "Event" {
        put(&mut p, "startDate", a.start.map(|d| d.to_string()).into_iter().collect());
        put(&mut p, "endDate", a.end.map(|d| d.to_string()).into_iter().collect());
        put(&mut p, "description", notes);
        if let Some(place) = a.place {
            put(&mut p, "location", vec![graph.actor(place).name.to_string()]);
        }
    } else {
        put(&mut p, "notes", notes);
    }
    if schema == "Person" {
        put(&mut p, "position", a.offices.iter().map(|o| o.title.to_string()).collect());
    }
    Entity { id: actor_id(graph, key), schema, properties: p }
}

fn relation<'g>(graph: &'g Graph, handle: &str, r: &'g Relation) -> Entity<'static> {
    let kind = graph.vocabulary().relation_kind(r.kind);
    let membership = matches!(r.origin, Origin::Office { .. })
        && schema(graph, r.subject) == "Person"
        && schema(graph, r.object) == "Organization";
    let mut p = Map::new();
    let (schema, from, to) =
        if membership { ("Membership", "member", "organization") } else { ("UnknownLink", "subject", "object") };
    put(&mut p, from, vec![actor_id(graph, r.subject)]);
    put(&mut p, to, vec![actor_id(graph, r.object)]);
    let role = match (r.origin, &r.note) {
        (Origin::Office { .. }, Some(title)) => title.to_string(),
        _ => kind.label.to_string(),
    };
    put(&mut p, "role", vec![role]);
    put(&mut p, "status", r.status.map(|s| s.as_str().to_owned()).into_iter().collect());
    put(&mut p, "startDate", r.since.map(|d| d.to_string()).into_iter().collect());
    put(&mut p, "endDate", r.until.map(|d| d.to_string()).into_iter().collect());
    put(&mut p, "summary", r.evidence.iter().map(|e| diplograph_core::text::evidence(graph, e)).collect());
    let mut facts = vec![format!("diplograph relation {handle}: kind {}", kind.id)];
    facts.extend(r.confidence.map(|c| format!("confidence {c}")));
    facts.extend(r.strength.map(|s| format!("strength {}", s.as_str())));
    facts.extend(r.place.map(|k| format!("place {}", graph.actor(k).id)));
    facts.extend(r.on.map(|d| format!("on {d}")));
    facts.extend(r.since_event.map(|k| format!("since event {}", graph.actor(k).id)));
    facts.extend(r.until_event.map(|k| format!("until event {}", graph.actor(k).id)));
    if !r.about.is_empty() {
        let about: Vec<&str> = r.about.iter().map(|&k| &*graph.actor(k).id).collect();
        facts.push(format!("about {}", about.join(", ")));
    }
    let mut description = vec![facts.join("; ")];
    if let (Origin::Stated(_), Some(note)) = (r.origin, &r.note) {
        description.push(note.to_string());
    }
    put(&mut p, "description", description);
    let mut urls = Vec::new();
    let mut publishers = Vec::new();
    for e in &r.evidence {
        let s = graph.source(e.source());
        for (list, value) in [(&mut urls, &s.url), (&mut publishers, &s.publisher)] {
            if let Some(v) = value {
                if !list.contains(&v.to_string()) {
                    list.push(v.to_string());
                }
            }
        }
    }
    put(&mut p, "sourceUrl", urls);
    put(&mut p, "publisher", publishers);
    put(&mut p, "recordId", vec![handle.to_owned()]);
    Entity { id: entity_id("relation", handle), schema, properties: p }
}
