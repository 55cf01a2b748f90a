//! The serde shapes of the RON format, turned into the core's specs.

use diplograph_core::{
    ActorForm, ActorKindSpec, ActorSpec, EvidenceSpec, OfficeSpec, RelationKindSpec, RelationSpec, SourceSpec,
};
use ron::Options;
use ron::extensions::Extensions;
use serde::Deserialize;

/// The ron options every entry is read with: optional fields take bare values,
/// `Country(id: ...)` reads as the `Country` variant holding a struct, and every struct is named
/// (`Source(...)`, not `(...)`).
pub fn ron_options() -> Options {
    Options::default().with_default_extension(
        Extensions::IMPLICIT_SOME | Extensions::UNWRAP_VARIANT_NEWTYPES | Extensions::EXPLICIT_STRUCT_NAMES,
    )
}

/// One entry of `sources: [...]`.
#[derive(Deserialize, Debug)]
#[serde(rename = "Source", deny_unknown_fields)]
pub struct SourceRaw {
    /// The source's id.
    pub id: String,
    /// Its title.
    #[serde(default)]
    pub title: Option<String>,
    /// Who published it.
    #[serde(default)]
    pub publisher: Option<String>,
    /// When it was published.
    #[serde(default)]
    pub published: Option<String>,
    /// Where it is found.
    #[serde(default)]
    pub url: Option<String>,
    /// Path of the full text, relative to the file declaring the source.
    #[serde(default)]
    pub text: Option<String>,
    /// What sort of source it is: `document` or `general_knowledge`.
    #[serde(default)]
    pub kind: Option<String>,
}

impl SourceRaw {
    /// The core spec this entry stands for, with the full text read from its file, if any.
    pub fn into_spec(self, text: Option<String>) -> SourceSpec {
        SourceSpec {
            id: self.id,
            title: self.title,
            publisher: self.publisher,
            published: self.published,
            url: self.url,
            kind: self.kind,
            text,
        }
    }
}

/// An office a person holds: `Office(title: ..., of: ...)`.
#[derive(Deserialize, Debug)]
#[serde(rename = "Office", deny_unknown_fields)]
pub struct OfficeRaw {
    title: String,
    of: String,
    #[serde(default)]
    since: Option<String>,
    #[serde(default)]
    until: Option<String>,
    #[serde(default)]
    evidence: Vec<EvidenceRaw>,
}

/// The fields of `Country(...)`.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct CountryRaw {
    id: String,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    iso3: Option<String>,
    #[serde(default)]
    evidence: Vec<EvidenceRaw>,
}

/// The fields of `Person(...)`.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct PersonRaw {
    id: String,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    offices: Vec<OfficeRaw>,
    #[serde(default)]
    evidence: Vec<EvidenceRaw>,
}

/// The fields of `Organization(...)`.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct OrganizationRaw {
    id: String,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    evidence: Vec<EvidenceRaw>,
}

/// The fields of `Event(...)`.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct EventRaw {
    id: String,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    start: Option<String>,
    #[serde(default)]
    end: Option<String>,
    #[serde(default)]
    on: Option<String>,
    #[serde(default)]
    place: Option<String>,
    #[serde(default)]
    evidence: Vec<EvidenceRaw>,
}

/// The fields of `Actor(kind: ..., ...)`, an actor of any kind.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct GenericRaw {
    id: String,
    name: String,
    kind: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    iso3: Option<String>,
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    offices: Vec<OfficeRaw>,
    #[serde(default)]
    start: Option<String>,
    #[serde(default)]
    end: Option<String>,
    #[serde(default)]
    on: Option<String>,
    #[serde(default)]
    place: Option<String>,
    #[serde(default)]
    evidence: Vec<EvidenceRaw>,
}

/// One entry of `actors: [...]`.
#[derive(Deserialize, Debug)]
pub enum ActorRaw {
    /// `Country(...)`.
    Country(CountryRaw),
    /// `Person(...)`.
    Person(PersonRaw),
    /// `Organization(...)`.
    Organization(OrganizationRaw),
    /// `Event(...)`.
    Event(EventRaw),
    /// `Actor(kind: ..., ...)`.
    Actor(GenericRaw),
}

/// The items in a vector of exactly their number (the input's spare room is freed at once).
fn exact<T>(items: impl IntoIterator<Item = T, IntoIter: ExactSizeIterator>) -> Vec<T> {
    let items = items.into_iter();
    let mut out = Vec::with_capacity(items.len());
    out.extend(items);
    out
}

fn offices(raw: Vec<OfficeRaw>) -> Vec<OfficeSpec> {
    raw.into_iter()
        .map(|o| OfficeSpec {
            title: o.title,
            of: o.of,
            since: o.since,
            until: o.until,
            evidence: evidence(o.evidence),
        })
        .collect()
}

impl ActorRaw {
    /// The core spec this entry stands for.
    pub fn into_spec(self) -> ActorSpec {
        match self {
            ActorRaw::Country(c) => ActorSpec {
                aliases: c.aliases,
                kind: c.kind,
                tags: c.tags,
                note: c.note,
                iso3: c.iso3,
                evidence: evidence(c.evidence),
                ..ActorSpec::new(ActorForm::Country, c.id, c.name)
            },
            ActorRaw::Person(p) => ActorSpec {
                aliases: p.aliases,
                kind: p.kind,
                tags: p.tags,
                note: p.note,
                country: p.country,
                offices: offices(p.offices),
                evidence: evidence(p.evidence),
                ..ActorSpec::new(ActorForm::Person, p.id, p.name)
            },
            ActorRaw::Organization(o) => ActorSpec {
                aliases: o.aliases,
                kind: o.kind,
                tags: o.tags,
                note: o.note,
                country: o.country,
                evidence: evidence(o.evidence),
                ..ActorSpec::new(ActorForm::Organization, o.id, o.name)
            },
            ActorRaw::Event(e) => ActorSpec {
                aliases: e.aliases,
                kind: e.kind,
                tags: e.tags,
                note: e.note,
                start: e.start,
                end: e.end,
                on: e.on,
                place: e.place,
                evidence: evidence(e.evidence),
                ..ActorSpec::new(ActorForm::Event, e.id, e.name)
            },
            ActorRaw::Actor(g) => ActorSpec {
                aliases: g.aliases,
                kind: Some(g.kind),
                tags: g.tags,
                note: g.note,
                iso3: g.iso3,
                country: g.country,
                offices: offices(g.offices),
                start: g.start,
                end: g.end,
                on: g.on,
                place: g.place,
                evidence: evidence(g.evidence),
                ..ActorSpec::new(ActorForm::Generic, g.id, g.name)
            },
        }
    }
}

/// An evidence quote: `Quote(source: ..., text: ...)`.
#[derive(Deserialize, Debug)]
#[serde(rename = "Quote", deny_unknown_fields)]
pub struct QuoteRaw {
    source: String,
    text: String,
}

/// Background knowledge: `Background(source: ..., fields: [...], note: ...)`.
#[derive(Deserialize, Debug)]
#[serde(rename = "Background", deny_unknown_fields)]
pub struct BackgroundRaw {
    source: String,
    #[serde(default)]
    fields: Vec<String>,
    #[serde(default)]
    note: Option<String>,
}

/// One item of an `evidence: [...]` list.
#[derive(Deserialize, Debug)]
pub enum EvidenceRaw {
    /// `Quote(...)`.
    Quote(QuoteRaw),
    /// `Background(...)`.
    Background(BackgroundRaw),
}

/// The core specs of an evidence list, in a vector of exactly their number.
fn evidence(raw: Vec<EvidenceRaw>) -> Vec<EvidenceSpec> {
    exact(raw.into_iter().map(|e| match e {
        EvidenceRaw::Quote(q) => EvidenceSpec::Quote { source: q.source, text: q.text },
        EvidenceRaw::Background(b) => EvidenceSpec::Background { source: b.source, fields: b.fields, note: b.note },
    }))
}

/// One entry of `relations: [...]`.
#[derive(Deserialize, Debug)]
#[serde(rename = "Relation", deny_unknown_fields)]
pub struct RelationRaw {
    #[serde(default)]
    id: Option<String>,
    subject: String,
    kind: String,
    object: String,
    #[serde(default)]
    since: Option<String>,
    #[serde(default)]
    until: Option<String>,
    #[serde(default)]
    on: Option<String>,
    #[serde(default)]
    since_event: Option<String>,
    #[serde(default)]
    until_event: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    negated: bool,
    #[serde(default)]
    about: Vec<String>,
    #[serde(default)]
    place: Option<String>,
    #[serde(default)]
    strength: Option<String>,
    #[serde(default)]
    confidence: Option<f64>,
    #[serde(default)]
    evidence: Vec<EvidenceRaw>,
    #[serde(default)]
    note: Option<String>,
}

impl RelationRaw {
    /// The core spec this entry stands for.
    pub fn into_spec(self) -> RelationSpec {
        RelationSpec {
            id: self.id,
            subject: self.subject,
            kind: self.kind,
            object: self.object,
            since: self.since,
            until: self.until,
            on: self.on,
            since_event: self.since_event,
            until_event: self.until_event,
            status: self.status,
            negated: self.negated,
            place: self.place,
            strength: self.strength,
            confidence: self.confidence,
            // A new vector of the exact length: serde's grows to at least four quotes, and a
            // million relations would keep that room.
            evidence: evidence(self.evidence),
            about: exact(self.about),
            note: self.note,
        }
    }
}

/// One entry of `actor_kinds: [...]`.
#[derive(Deserialize, Debug)]
#[serde(rename = "ActorKind", deny_unknown_fields)]
pub struct ActorKindRaw {
    id: String,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    parent: Option<String>,
    #[serde(default)]
    shape: Option<String>,
    #[serde(default)]
    color: Option<String>,
}

impl ActorKindRaw {
    /// The core spec this entry stands for.
    pub fn into_spec(self) -> ActorKindSpec {
        ActorKindSpec { id: self.id, label: self.label, parent: self.parent, shape: self.shape, color: self.color }
    }
}

/// One entry of `relation_kinds: [...]`.
#[derive(Deserialize, Debug)]
#[serde(rename = "RelationKind", deny_unknown_fields)]
pub struct RelationKindRaw {
    id: String,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    directed: Option<bool>,
    #[serde(default)]
    polarity: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    subjects: Vec<String>,
    #[serde(default)]
    objects: Vec<String>,
    #[serde(default)]
    cameo: Option<String>,
    #[serde(default)]
    color: Option<String>,
    #[serde(default)]
    style: Option<String>,
}

impl RelationKindRaw {
    /// The core spec this entry stands for.
    pub fn into_spec(self) -> RelationKindSpec {
        RelationKindSpec {
            id: self.id,
            label: self.label,
            directed: self.directed,
            polarity: self.polarity,
            category: self.category,
            subjects: self.subjects,
            objects: self.objects,
            cameo: self.cameo,
            color: self.color,
            style: self.style,
        }
    }
}

/// A whole `Graph(...)` file read in one go, as any program reading the files with ron would
/// read it: the floor the benchmarks compare a load with (the loader itself reads entry by entry).
#[derive(Deserialize)]
#[serde(rename = "Graph", deny_unknown_fields)]
pub struct GraphRaw {
    /// `sources: [...]`.
    #[serde(default)]
    pub sources: Vec<SourceRaw>,
    /// `actors: [...]`.
    #[serde(default)]
    pub actors: Vec<ActorRaw>,
    /// `relations: [...]`.
    #[serde(default)]
    pub relations: Vec<RelationRaw>,
}
