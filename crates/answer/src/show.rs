//! `show`: everything about one actor.

use diplograph_core::{ActorKey, Filter, Graph};
use serde::Serialize;

use crate::shapes::{ActorJson, RelationJson};

/// The answer of `show`.
#[derive(Serialize)]
pub struct Show<'a> {
    /// The actor.
    pub actor: ActorJson<'a>,
    /// `file:line:col` of its entry, when known.
    pub defined_at: Option<String>,
    /// Every relation it takes part in (negated and ended ones included), in key order.
    pub relations: Vec<RelationJson<'a>>,
}

/// The answer of `show` for `key`; `defined_at` is the place of its entry, when known.
pub fn show(graph: &Graph, key: ActorKey, defined_at: Option<String>) -> Show<'_> {
    show_filtered(graph, key, defined_at, None)
}

/// [`show`] with only the relations that pass `filter` (negated ones when it includes them).
pub fn show_filtered<'a>(
    graph: &'a Graph,
    key: ActorKey,
    defined_at: Option<String>,
    filter: Option<&Filter>,
) -> Show<'a> {
    Show {
        actor: ActorJson::new(graph, graph.actor(key)),
        defined_at,
        relations: graph
            .incident(key)
            .into_iter()
            .filter(|(_, r)| filter.is_none_or(|f| f.accepts(graph, r)))
            .map(|(_, r)| RelationJson::new(graph, r))
            .collect(),
    }
}
