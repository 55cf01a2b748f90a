//! The JSON shapes of command output, documented in docs/cli.md. Field order is fixed.

use diplograph_core::{Actor, Graph, Origin, Relation};
use serde::Serialize;

/// An office in JSON.
#[derive(Serialize)]
pub struct OfficeJson<'a> {
    pub title: &'a str,
    pub of: &'a str,
    pub since: Option<String>,
    pub until: Option<String>,
}

/// An actor in JSON.
#[derive(Serialize)]
pub struct ActorJson<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    pub aliases: Vec<&'a str>,
    pub tags: Vec<&'a str>,
    pub note: Option<&'a str>,
    pub iso3: Option<&'a str>,
    pub country: Option<&'a str>,
    pub offices: Vec<OfficeJson<'a>>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub place: Option<&'a str>,
}

impl<'a> ActorJson<'a> {
    pub fn new(graph: &'a Graph, a: &'a Actor) -> Self {
        let id = |k: diplograph_core::ActorKey| &*graph.actor(k).id;
        ActorJson {
            id: &a.id,
            name: &a.name,
            kind: &graph.vocabulary().actor_kind(a.kind).id,
            aliases: a.aliases.iter().map(|s| &**s).collect(),
            tags: a.tags.iter().map(|s| &**s).collect(),
            note: a.note.as_deref(),
            iso3: a.iso3.as_deref(),
            country: a.country.map(id),
            offices: a
                .offices
                .iter()
                .map(|o| OfficeJson {
                    title: &o.title,
                    of: id(o.of),
                    since: o.since.map(|d| d.to_string()),
                    until: o.until.map(|d| d.to_string()),
                })
                .collect(),
            start: a.start.map(|d| d.to_string()),
            end: a.end.map(|d| d.to_string()),
            place: a.place.map(id),
        }
    }
}

/// A quote in JSON.
#[derive(Serialize)]
pub struct EvidenceJson<'a> {
    pub source: &'a str,
    pub text: &'a str,
}

/// A relation in JSON.
#[derive(Serialize)]
pub struct RelationJson<'a> {
    pub id: Option<&'a str>,
    pub subject: &'a str,
    pub kind: &'a str,
    pub object: &'a str,
    pub label: &'a str,
    pub directed: bool,
    pub polarity: &'static str,
    pub category: &'a str,
    pub since: Option<String>,
    pub until: Option<String>,
    pub status: Option<&'static str>,
    pub negated: bool,
    pub about: Vec<&'a str>,
    pub place: Option<&'a str>,
    pub strength: Option<&'static str>,
    pub confidence: Option<f64>,
    pub evidence: Vec<EvidenceJson<'a>>,
    pub note: Option<&'a str>,
    /// `stated` for a `Relation(...)`, `office` for one derived from an office.
    pub origin: &'static str,
}

impl<'a> RelationJson<'a> {
    pub fn new(graph: &'a Graph, r: &'a Relation) -> Self {
        let id = |k: diplograph_core::ActorKey| &*graph.actor(k).id;
        let kind = graph.vocabulary().relation_kind(r.kind);
        RelationJson {
            id: r.id.as_deref(),
            subject: id(r.subject),
            kind: &kind.id,
            object: id(r.object),
            label: &kind.label,
            directed: kind.directed,
            polarity: kind.polarity.as_str(),
            category: &kind.category,
            since: r.since.map(|d| d.to_string()),
            until: r.until.map(|d| d.to_string()),
            status: r.status.map(|s| s.as_str()),
            negated: r.negated,
            about: r.about.iter().map(|k| id(*k)).collect(),
            place: r.place.map(id),
            strength: r.strength.map(|s| s.as_str()),
            confidence: r.confidence,
            evidence: r
                .evidence
                .iter()
                .map(|e| EvidenceJson { source: &graph.source(e.source).id, text: &e.text })
                .collect(),
            note: r.note.as_deref(),
            origin: match r.origin {
                Origin::Stated(_) => "stated",
                Origin::Office { .. } => "office",
            },
        }
    }
}

/// A step of a path in JSON.
#[derive(Serialize)]
pub struct HopJson<'a> {
    pub from: &'a str,
    pub to: &'a str,
    /// Whether the step follows the relation as stated (from is its subject).
    pub forward: bool,
    /// The sign of the step from every relation linking the two actors: `positive`,
    /// `negative`, `ambivalent` or `unknown`.
    pub sign: &'static str,
    pub relation: RelationJson<'a>,
    /// The other relations that link the two actors through the filters.
    pub others: Vec<RelationJson<'a>>,
}

/// A path in JSON.
#[derive(Serialize)]
pub struct PathJson<'a> {
    pub hops: usize,
    /// The sum of relation costs (weighted searches only).
    pub cost: Option<f64>,
    /// `positive`, `negative`, `ambivalent` or `unknown`: the product of the steps' signs.
    pub sign: &'static str,
    pub actors: Vec<&'a str>,
    pub steps: Vec<HopJson<'a>>,
}

impl<'a> PathJson<'a> {
    pub fn new(view: &diplograph_core::query::View<'a>, path: &diplograph_core::query::Path) -> Self {
        let graph = view.graph();
        PathJson {
            hops: path.len(),
            cost: path.cost,
            sign: path.sign(view).as_str(),
            actors: path.actors().into_iter().map(|a| &*graph.actor(a).id).collect(),
            steps: path
                .hops
                .iter()
                .map(|h| HopJson {
                    from: &graph.actor(h.from).id,
                    to: &graph.actor(h.to).id,
                    forward: h.forward(graph),
                    sign: view.hop_sign(h.from, h.to).as_str(),
                    relation: RelationJson::new(graph, graph.relation(h.relation)),
                    others: view
                        .relations_between(h.from, h.to)
                        .filter(|&k| k != h.relation)
                        .map(|k| RelationJson::new(graph, graph.relation(k)))
                        .collect(),
                })
                .collect(),
        }
    }
}

/// An actor reference in JSON: id and name.
#[derive(Serialize)]
pub struct ActorRefJson<'a> {
    pub id: &'a str,
    pub name: &'a str,
}

impl<'a> ActorRefJson<'a> {
    pub fn new(graph: &'a Graph, key: diplograph_core::ActorKey) -> Self {
        let a = graph.actor(key);
        ActorRefJson { id: &a.id, name: &a.name }
    }
}
