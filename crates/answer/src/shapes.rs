//! The JSON shapes shared by the answers (actors, relations, paths), documented in docs/cli.md.
//! Field order is fixed.

use diplograph_core::{Actor, Graph, Origin, Relation};
use serde::Serialize;

/// An office in JSON.
#[derive(Serialize)]
pub struct OfficeJson<'a> {
    /// The office title.
    pub title: &'a str,
    /// The actor the office is held in.
    pub of: &'a str,
    /// Start date, as written (`2025`, `2025-06`, `2025-06-13`).
    pub since: Option<String>,
    /// End date, as written.
    pub until: Option<String>,
}

/// An actor in JSON.
#[derive(Serialize)]
pub struct ActorJson<'a> {
    /// The id.
    pub id: &'a str,
    /// The display name.
    pub name: &'a str,
    /// The kind id.
    pub kind: &'a str,
    /// Other names.
    pub aliases: Vec<&'a str>,
    /// Free tags.
    pub tags: Vec<&'a str>,
    /// A free note.
    pub note: Option<&'a str>,
    /// ISO 3166 alpha-3 code.
    pub iso3: Option<&'a str>,
    /// The country the actor belongs to.
    pub country: Option<&'a str>,
    /// Offices held.
    pub offices: Vec<OfficeJson<'a>>,
    /// Start date.
    pub start: Option<String>,
    /// End date.
    pub end: Option<String>,
    /// Where (an actor id).
    pub place: Option<&'a str>,
}

impl<'a> ActorJson<'a> {
    /// Builds the shape from the graph.
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
    /// The source id.
    pub source: &'a str,
    /// The verbatim quote.
    pub text: &'a str,
}

/// A relation in JSON.
#[derive(Serialize)]
pub struct RelationJson<'a> {
    /// The id.
    pub id: Option<&'a str>,
    /// The subject actor id.
    pub subject: &'a str,
    /// The kind id.
    pub kind: &'a str,
    /// The object actor id.
    pub object: &'a str,
    /// The kind's label.
    pub label: &'a str,
    /// Whether the kind is directed.
    pub directed: bool,
    /// `cooperative`, `hostile` or `neutral`.
    pub polarity: &'static str,
    /// The kind's category.
    pub category: &'a str,
    /// Start date, as written (`2025`, `2025-06`, `2025-06-13`).
    pub since: Option<String>,
    /// End date, as written.
    pub until: Option<String>,
    /// The status, when given.
    pub status: Option<&'static str>,
    /// Whether the relation is stated as not holding.
    pub negated: bool,
    /// Actors the relation is about.
    pub about: Vec<&'a str>,
    /// Where (an actor id).
    pub place: Option<&'a str>,
    /// The strength, when given.
    pub strength: Option<&'static str>,
    /// The confidence, 0 to 1.
    pub confidence: Option<f32>,
    /// Quotes supporting it.
    pub evidence: Vec<EvidenceJson<'a>>,
    /// A free note.
    pub note: Option<&'a str>,
    /// `stated` for a `Relation(...)`, `office` for one derived from an office.
    pub origin: &'static str,
}

impl<'a> RelationJson<'a> {
    /// Builds the shape from the graph.
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
    /// The actor the step leaves.
    pub from: &'a str,
    /// The actor the step reaches.
    pub to: &'a str,
    /// Whether the step follows the relation as stated (from is its subject).
    pub forward: bool,
    /// The relation followed.
    pub relation: RelationJson<'a>,
}

/// A path in JSON.
#[derive(Serialize)]
pub struct PathJson<'a> {
    /// The number of hops.
    pub hops: usize,
    /// The sum of relation costs (weighted searches only).
    pub cost: Option<f64>,
    /// `positive`, `negative` or `unknown`.
    pub sign: &'static str,
    /// The actors along the path.
    pub actors: Vec<&'a str>,
    /// The steps.
    pub steps: Vec<HopJson<'a>>,
}

impl<'a> PathJson<'a> {
    /// Builds the shape from the graph.
    pub fn new(graph: &'a Graph, path: &diplograph_core::query::Path) -> Self {
        PathJson {
            hops: path.len(),
            cost: path.cost,
            sign: path.sign(graph).as_str(),
            actors: path.actors().into_iter().map(|a| &*graph.actor(a).id).collect(),
            steps: path
                .hops
                .iter()
                .map(|h| HopJson {
                    from: &graph.actor(h.from).id,
                    to: &graph.actor(h.to).id,
                    forward: h.forward(graph),
                    relation: RelationJson::new(graph, graph.relation(h.relation)),
                })
                .collect(),
        }
    }
}

/// An actor reference in JSON: id and name.
#[derive(Serialize)]
pub struct ActorRefJson<'a> {
    /// The id.
    pub id: &'a str,
    /// The display name.
    pub name: &'a str,
}

impl<'a> ActorRefJson<'a> {
    /// Builds the shape from the graph.
    pub fn new(graph: &'a Graph, key: diplograph_core::ActorKey) -> Self {
        let a = graph.actor(key);
        ActorRefJson { id: &a.id, name: &a.name }
    }
}
