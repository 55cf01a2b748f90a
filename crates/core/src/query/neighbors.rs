//! Neighbourhoods: the actors within a number of hops of one actor, grouped by distance.

use crate::filter::Filter;
use crate::graph::{ActorKey, Graph};

use super::view::View;

impl View<'_> {
    /// The actors within `depth` hops of `start`, grouped by distance: element `d` holds the
    /// actors exactly `d` hops away, sorted by key; element 0 is `[start]`. Trailing empty
    /// groups are dropped, so the result has at most `depth + 1` elements.
    ///
    /// In a directed view only relations leaving an actor (and symmetric ones) are followed.
    pub fn neighborhood(&self, start: ActorKey, depth: usize) -> Vec<Vec<ActorKey>> {
        let mut seen = vec![false; self.actor_count()];
        seen[start.index()] = true;
        let mut levels = vec![vec![start]];
        for _ in 0..depth {
            let mut next = Vec::new();
            for a in levels.last().expect("at least the start") {
                for &v in self.fwd.targets(a.0) {
                    if !seen[v as usize] {
                        seen[v as usize] = true;
                        next.push(ActorKey(v));
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            next.sort_unstable();
            levels.push(next);
        }
        levels
    }
}

/// The actors within `depth` hops of `start` through the relations that pass `filter`, grouped
/// by distance (element 0 is `[start]`): see [`View::neighborhood`].
pub fn neighborhood(graph: &Graph, start: ActorKey, depth: usize, filter: &Filter) -> Vec<Vec<ActorKey>> {
    View::new(graph, filter).neighborhood(start, depth)
}
