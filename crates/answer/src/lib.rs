//! Answers to diplograph's queries as values that serialise to the documented JSON shapes.
//!
//! Each query has one module: it checks a request against a graph (unknown actors get a
//! did-you-mean), runs the core's query, and builds the answer, whose `json` method (or the
//! value itself) serialises with `serde` to exactly what `diplograph COMMAND --format json`
//! prints and what `diplograph serve` returns. The command line and the server both answer
//! through here, so the two cannot drift apart.

pub mod balance;
pub mod between;
pub mod check;
pub mod diff;
mod error;
pub mod list;
pub mod neighbors;
pub mod path;
pub mod rank;
pub mod relation;
pub mod shapes;
pub mod show;

pub use error::{Error, actor_key};
pub use shapes::{
    ActorJson, ActorRefJson, EvidenceJson, HopJson, ListJson, OfficeJson, PathJson, RelationJson, VERSION, Versioned,
};
