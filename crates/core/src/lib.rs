//! The diplograph model: actors, typed relations and their vocabulary, validated into a graph.
//!
//! This crate does no I/O and knows nothing of files, RON or DOT. Data comes in as plain specs
//! ([`ActorSpec`], [`RelationSpec`], ...), is checked by [`GraphBuilder`] and [`Vocabulary::build`],
//! which report every [`Problem`] at once, and comes out as an immutable [`Graph`].
//!
//! ```
//! use diplograph_core::*;
//!
//! let kinds = ["country", "person", "organization", "event"]
//!     .map(|id| ActorKindSpec { id: id.into(), ..Default::default() });
//! let relation_kinds = ["holds_office", "war"]
//!     .map(|id| RelationKindSpec { id: id.into(), polarity: Some("hostile".into()), ..Default::default() });
//! let (vocabulary, problems) = Vocabulary::build(kinds.to_vec(), relation_kinds.to_vec());
//! assert!(problems.is_empty());
//!
//! let mut builder = GraphBuilder::new(vocabulary.unwrap());
//! builder.add_actor(ActorSpec::new(ActorForm::Country, "russia", "Russia"));
//! builder.add_actor(ActorSpec::new(ActorForm::Country, "ukraine", "Ukraine"));
//! builder.add_relation(RelationSpec {
//!     subject: "russia".into(), kind: "war".into(), object: "ukraine".into(),
//!     since: Some("2022-02-24".into()), ..Default::default()
//! });
//! let built = builder.build();
//! let graph = built.graph.expect("valid data");
//! let russia = graph.actor_key("russia").unwrap();
//! assert_eq!(graph.incident(russia).len(), 1);
//! // The only problem is a warning: the relation cites no evidence.
//! assert!(built.problems.iter().all(|p| !p.is_error()));
//! ```
#![deny(missing_docs)]

mod actor;
mod build;
mod checks;
mod date;
pub mod diff;
mod error;
mod evidence;
mod filter;
mod graph;
mod id_index;
mod lookup;
mod problem;
pub mod query;
mod quote;
mod relation;
mod relation_check;
mod rng;
mod slug;
mod sourcing;
pub mod suggest;
mod tally;
pub mod text;
mod vocabulary;

pub use actor::{Actor, ActorForm, ActorSpec, Office, OfficeSpec};
pub use build::{Built, GraphBuilder};
pub use checks::{Checks, Produced, RelationChecker};
pub use date::{DateError, DayNumber, PartialDate, Span, days_in_month};
pub use diff::{ActorDiff, Change, FieldChange, GraphDiff, RelationDiff, SourceDiff, diff, diff_until};
pub use error::Error;
pub use evidence::{ACTOR_FACTS, Evidence, EvidenceSpec, OFFICE_FACTS, RELATION_FACTS};
pub use filter::{Filter, FilterSpec, Rejection};
pub use graph::{ActorKey, Graph, RelationKey, SourceKey};
pub use lookup::find_actor;
pub use problem::{EntryKind, FieldPath, Help, Problem, Severity, Site};
pub use quote::{QuoteText, find as find_quote, normalize as normalize_quote};
pub use relation::{Origin, Relation, RelationSpec, Source, SourceKind, SourceSpec, Status, Strength};
pub use rng::SplitMix64;
pub use slug::{MAX_SLUG_LEN, is_slug, slugify};
pub use sourcing::{date_in_quote, unsourced, unsourced_count};
pub use tally::{Counts, Tally};
pub use vocabulary::{
    ActorKind, ActorKindId, ActorKindSpec, HOLDS_OFFICE, LineStyle, Polarity, ROOT_KINDS, RelationKind, RelationKindId,
    RelationKindSpec, Roots, UnreadableKinds, Vocabulary, is_color,
};
