//! Weighted paths: the cost of a relation from its strength and confidence, and the cheapest
//! path (Dijkstra).

use crate::filter::Filter;
use crate::graph::{ActorKey, Graph};
use crate::relation::Relation;

use super::path::Path;
use super::view::View;

/// The cost of following a relation in a weighted search: `1 / (strength × confidence)`.
///
/// Strength weighs `limited` 1/3, `moderate` 2/3 and `strong` 1; a relation without a strength
/// counts as moderate (2/3). A relation without a confidence counts as 1.0, and confidence is
/// taken as at least 0.01. A strong, certain relation costs 1; an unqualified one with
/// confidence 0.9 costs 1.67; a limited one with confidence 0.5 costs 6. The cheapest path
/// prefers few, strong, well-attested relations.
pub fn relation_cost(r: &Relation) -> f64 {
    let strength = r.strength.map_or(2.0 / 3.0, |s| s.weight());
    let confidence = r.confidence.unwrap_or(1.0).max(0.01);
    1.0 / (strength * confidence)
}

/// How much a relation weighs when pairs are signed ([`SignPolicy`](super::SignPolicy)) and
/// balancers ranked: `strength × confidence`, with the defaults of [`relation_cost`] (moderate,
/// 1.0). A strong, certain relation weighs 1; an unqualified one with confidence 0.9 weighs 0.6.
pub fn relation_weight(r: &Relation) -> f64 {
    r.strength.map_or(2.0 / 3.0, |s| s.weight()) * r.confidence.unwrap_or(1.0)
}

/// The cheapest path from `from` to `to` by [`relation_cost`], through the relations that pass
/// `filter` (Dijkstra; between two actors the cheapest of their relations is used).
pub fn cheapest_path(graph: &Graph, from: ActorKey, to: ActorKey, filter: &Filter) -> Option<Path> {
    View::new(graph, filter).shortest_path(from, to, true)
}
