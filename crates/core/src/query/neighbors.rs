//! Neighbourhoods: the actors within a number of hops of one actor, grouped by distance.

use crate::filter::Filter;
use crate::graph::{ActorKey, Graph};

use super::scratch::Scratch;
use super::view::View;

impl View<'_> {
    /// The actors within `depth` hops of `start`, grouped by distance: element `d` holds the
    /// actors exactly `d` hops away, sorted by key; element 0 is `[start]`. Trailing empty
    /// groups are dropped, so the result has at most `depth + 1` elements.
    ///
    /// In a directed view only relations leaving an actor (and symmetric ones) are followed.
    pub fn neighborhood(&self, start: ActorKey, depth: usize) -> Vec<Vec<ActorKey>> {
        self.neighborhood_until(start, depth, &|| false).unwrap_or_default()
    }

    /// [`View::neighborhood`], given up once `stop` returns true (asked before each ring):
    /// `None` then.
    pub fn neighborhood_until(
        &self,
        start: ActorKey,
        depth: usize,
        stop: &dyn Fn() -> bool,
    ) -> Option<Vec<Vec<ActorKey>>> {
        let mut scratch = self.scratch();
        let Scratch { ring, seen, sorter, .. } = &mut *scratch;
        seen.insert(start);
        let mut levels = Vec::with_capacity(depth.min(8) + 1);
        levels.push(vec![start]);
        let mut stopped = false;
        for _ in 0..depth {
            if stop() {
                stopped = true;
                break;
            }
            ring.clear();
            let last: &Vec<ActorKey> = levels.last().expect("at least the start");
            for a in last {
                for &v in self.fwd.targets(a.0) {
                    if seen.insert(ActorKey(v)) {
                        ring.push(ActorKey(v));
                    }
                }
            }
            if ring.is_empty() {
                break;
            }
            // One actor's row is sorted already.
            if last.len() > 1 {
                sorter.sort(ring);
            }
            levels.push(ring.clone());
        }
        for level in &levels {
            seen.remove_all(level);
        }
        (!stopped).then_some(levels)
    }
}

/// The actors within `depth` hops of `start` through the relations that pass `filter`, grouped
/// by distance (element 0 is `[start]`): see [`View::neighborhood`].
pub fn neighborhood(graph: &Graph, start: ActorKey, depth: usize, filter: &Filter) -> Vec<Vec<ActorKey>> {
    View::new(graph, filter).neighborhood(start, depth)
}
