//! The JSON shapes shared by every JSON output (commands and exports), documented in
//! docs/cli.md. Field order is fixed; [`VERSION`] changes whenever a shape does.

use diplograph_core::{Actor, Evidence, Graph, Relation, Source};
use serde::Serialize;

/// The version of the JSON shapes, written as `"version"` at the top of every JSON output.
/// It goes up by one whenever a field is renamed, removed or changes meaning.
pub const VERSION: u32 = 2;

/// A JSON output with `"version"` as its first field, then the fields of `body` (a struct).
#[derive(Serialize)]
pub struct Versioned<'a, T: Serialize> {
    /// Always [`VERSION`].
    pub version: u32,
    /// The output itself.
    #[serde(flatten)]
    pub body: &'a T,
}

impl<'a, T: Serialize> Versioned<'a, T> {
    /// `body` with the current [`VERSION`].
    pub fn new(body: &'a T) -> Self {
        Versioned { version: VERSION, body }
    }
}

/// `list --format json` (and the server's actor list): `{"version", "actors": [ACTOR, ...]}`.
#[derive(Serialize)]
pub struct ListJson<'a> {
    /// The actors, in data order.
    pub actors: Vec<ActorJson<'a>>,
}

/// A source in JSON.
#[derive(Serialize)]
pub struct SourceJson<'a> {
    /// The id.
    pub id: &'a str,
    /// The title.
    pub title: Option<&'a str>,
    /// The publisher.
    pub publisher: Option<&'a str>,
    /// The publication date.
    pub published: Option<String>,
    /// The address.
    pub url: Option<&'a str>,
    /// `document` or `general_knowledge`.
    pub kind: &'static str,
}

impl<'a> SourceJson<'a> {
    /// The JSON shape of `s`.
    pub fn new(s: &'a Source) -> Self {
        SourceJson {
            id: &s.id,
            title: s.title.as_deref(),
            publisher: s.publisher.as_deref(),
            published: s.published.map(|d| d.to_string()),
            url: s.url.as_deref(),
            kind: s.kind.as_str(),
        }
    }
}

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
    /// Quotes and background knowledge for the office.
    pub evidence: Vec<EvidenceJson<'a>>,
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
    /// The one date of an event written with `on` (then `start` and `end` are that date).
    pub on: Option<String>,
    /// Where (an actor id).
    pub place: Option<&'a str>,
    /// Quotes and background knowledge for the actor's facts.
    pub evidence: Vec<EvidenceJson<'a>>,
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
                    evidence: EvidenceJson::list(graph, &o.evidence),
                })
                .collect(),
            start: a.start.map(|d| d.to_string()),
            end: a.end.map(|d| d.to_string()),
            on: a.on.map(|d| d.to_string()),
            place: a.place.map(id),
            evidence: EvidenceJson::list(graph, &a.evidence),
        }
    }
}

/// A piece of evidence in JSON: a quote, or background knowledge.
#[derive(Serialize)]
pub struct EvidenceJson<'a> {
    /// `quote` or `background`.
    pub kind: &'static str,
    /// The source id.
    pub source: &'a str,
    /// The verbatim quote (`null` for background).
    pub text: Option<&'a str>,
    /// The facts background knowledge backs, by field name (empty: the whole entry; always
    /// empty for a quote).
    pub fields: Vec<&'a str>,
    /// What background knowledge says (`null` for a quote).
    pub note: Option<&'a str>,
}

impl<'a> EvidenceJson<'a> {
    /// The JSON shape of `e`.
    pub fn new(graph: &'a Graph, e: &'a Evidence) -> Self {
        let source = &*graph.source(e.source()).id;
        match e {
            Evidence::Quote { text, .. } => {
                EvidenceJson { kind: "quote", source, text: Some(text), fields: Vec::new(), note: None }
            }
            Evidence::Background { fields, note, .. } => EvidenceJson {
                kind: "background",
                source,
                text: None,
                fields: fields.iter().map(|f| &**f).collect(),
                note: note.as_deref(),
            },
        }
    }

    /// The JSON shapes of a list.
    pub fn list(graph: &'a Graph, evidence: &'a [Evidence]) -> Vec<Self> {
        evidence.iter().map(|e| EvidenceJson::new(graph, e)).collect()
    }
}

/// A relation in JSON: its declared id, then [`RelationFields`].
#[derive(Serialize)]
pub struct RelationJson<'a> {
    /// The id.
    pub id: Option<&'a str>,
    /// Everything else, flattened into the same object.
    #[serde(flatten)]
    pub fields: RelationFields<'a>,
}

/// A relation's fields in JSON, all but its declared id (each documented in docs/cli.md).
#[allow(missing_docs)]
#[derive(Serialize)]
pub struct RelationFields<'a> {
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
    /// Start date (`2025`, `2025-06`, `2025-06-13`): as written, or the start of
    /// `since_event`, or `on`.
    pub since: Option<String>,
    /// End date: as written, or the end of `until_event`, or `on`.
    pub until: Option<String>,
    /// The one date of a relation written with `on`.
    pub on: Option<String>,
    /// The event (an actor id) whose start is `since`.
    pub since_event: Option<&'a str>,
    /// The event (an actor id) whose end is `until`.
    pub until_event: Option<&'a str>,
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
    pub confidence: Option<f64>,
    /// Quotes supporting it, and background knowledge.
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
        let fields = RelationFields {
            subject: id(r.subject),
            kind: &kind.id,
            object: id(r.object),
            label: &kind.label,
            directed: kind.directed,
            polarity: kind.polarity.as_str(),
            category: &kind.category,
            since: r.since.map(|d| d.to_string()),
            until: r.until.map(|d| d.to_string()),
            on: r.on.map(|d| d.to_string()),
            since_event: r.since_event.map(id),
            until_event: r.until_event.map(id),
            status: r.status.map(|s| s.as_str()),
            negated: r.negated,
            about: r.about.iter().map(|k| id(*k)).collect(),
            place: r.place.map(id),
            strength: r.strength.map(|s| s.as_str()),
            confidence: r.confidence,
            evidence: EvidenceJson::list(graph, &r.evidence),
            note: r.note.as_deref(),
            origin: match r.origin {
                diplograph_core::Origin::Stated(_) => "stated",
                diplograph_core::Origin::Office { .. } => "office",
            },
        };
        RelationJson { id: r.id.as_deref(), fields }
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
    /// The sign of the step from every relation linking the two actors: `positive`,
    /// `negative`, `ambivalent` or `unknown`.
    pub sign: &'static str,
    /// The relation followed.
    pub relation: RelationJson<'a>,
    /// The other relations that link the two actors through the filters.
    pub others: Vec<RelationJson<'a>>,
}

/// A path in JSON.
#[derive(Serialize)]
pub struct PathJson<'a> {
    /// The number of hops.
    pub hops: usize,
    /// The sum of relation costs (weighted searches only).
    pub cost: Option<f64>,
    /// `positive`, `negative`, `ambivalent` or `unknown`: the product of the steps' signs.
    pub sign: &'static str,
    /// The actors along the path.
    pub actors: Vec<&'a str>,
    /// The steps.
    pub steps: Vec<HopJson<'a>>,
}

impl<'a> PathJson<'a> {
    /// Builds the shape from the view the path was found on: the signs of the steps come from
    /// every relation of the view between their actors.
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
