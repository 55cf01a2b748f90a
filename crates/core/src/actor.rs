//! Actors: countries, people, organizations, events and any user-declared kind.

use crate::date::PartialDate;
use crate::graph::ActorKey;
use crate::vocabulary::ActorKindId;

/// The form an actor was declared in; decides which root kind it must belong to. How a form is
/// written is the data format's business (diplograph-syntax).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum ActorForm {
    /// A country: of kind "country" or a sub-kind.
    Country,
    /// A person: of kind "person" or a sub-kind.
    Person,
    /// An organization: of kind "organization" or a sub-kind.
    Organization,
    /// An event: of kind "event" or a sub-kind.
    Event,
    /// The general form: any kind, named by the actor's `kind`.
    Generic,
}

/// An office as written by a user: a title (`"Foreign Minister"`) and the actor it is of
/// (`"russia"`).
#[derive(Clone, Debug, Default)]
pub struct OfficeSpec {
    /// Title of the office.
    pub title: String,
    /// Id of the actor the office is of.
    pub of: String,
    /// Date the office was taken.
    pub since: Option<String>,
    /// Date the office was left.
    pub until: Option<String>,
}

/// An actor as written by a user, before validation.
#[derive(Clone, Debug)]
pub struct ActorSpec {
    /// The form it was written in.
    pub form: ActorForm,
    /// Slug.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
    /// A specific kind; defaults to the form's root kind.
    pub kind: Option<String>,
    /// Free labels.
    pub tags: Vec<String>,
    /// Free text.
    pub note: Option<String>,
    /// ISO 3166-1 alpha-3 code.
    pub iso3: Option<String>,
    /// Id of the country the actor belongs to.
    pub country: Option<String>,
    /// Offices held.
    pub offices: Vec<OfficeSpec>,
    /// Start date (events).
    pub start: Option<String>,
    /// End date (events).
    pub end: Option<String>,
    /// The one date of an event that took place on a single day (or month, or year): instead
    /// of `start` and `end`.
    pub on: Option<String>,
    /// Id of the place (events).
    pub place: Option<String>,
}

impl ActorSpec {
    /// A spec with only a form, an id and a name.
    pub fn new(form: ActorForm, id: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            form,
            id: id.into(),
            name: name.into(),
            aliases: Vec::new(),
            kind: None,
            tags: Vec::new(),
            note: None,
            iso3: None,
            country: None,
            offices: Vec::new(),
            start: None,
            end: None,
            on: None,
            place: None,
        }
    }
}

/// A validated office.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Office {
    /// Title of the office.
    pub title: Box<str>,
    /// The actor the office is of.
    pub of: ActorKey,
    /// Date the office was taken.
    pub since: Option<PartialDate>,
    /// Date the office was left.
    pub until: Option<PartialDate>,
}

/// A validated actor, a node of the graph.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Actor {
    /// Slug.
    pub id: Box<str>,
    /// Display name.
    pub name: Box<str>,
    /// Other names.
    pub aliases: Vec<Box<str>>,
    /// Kind, from the vocabulary.
    pub kind: ActorKindId,
    /// Free labels.
    pub tags: Vec<Box<str>>,
    /// Free text.
    pub note: Option<Box<str>>,
    /// ISO 3166-1 alpha-3 code.
    pub iso3: Option<Box<str>>,
    /// The country the actor belongs to, when declared.
    pub country: Option<ActorKey>,
    /// Offices held (people).
    pub offices: Vec<Office>,
    /// Start date (events): as written, or `on`.
    pub start: Option<PartialDate>,
    /// End date (events): as written, or `on`.
    pub end: Option<PartialDate>,
    /// The one date of an event written with `on` (then `start` and `end` are both that date).
    pub on: Option<PartialDate>,
    /// Place (events).
    pub place: Option<ActorKey>,
}
