//! Every simple path between two actors up to a number of hops, shortest first, with a limit
//! that is reported when it cuts the answer short.

use crate::filter::Filter;
use crate::graph::{ActorKey, Graph};

use super::path::{Path, visits_all};
use super::search::Engine;
use super::view::View;

/// The answer of [`View::all_paths`].
#[derive(Clone, PartialEq, Debug)]
pub struct AllPaths {
    /// The paths: by number of hops, then by actor indices along the path.
    pub paths: Vec<Path>,
    /// True when more paths exist than the limit let through.
    pub truncated: bool,
}

impl View<'_> {
    /// Every simple path from `from` to `to` of at most `max_hops` hops that passes the filter
    /// (and visits its `through` actors), distinct as actor sequences; at most `limit` of them,
    /// shortest first, with `truncated` set when there are more.
    ///
    /// Depth-first search, pruned by the distance to `to`: a branch is cut as soon as it can no
    /// longer reach `to` within the hops left.
    pub fn all_paths(&self, from: ActorKey, to: ActorKey, max_hops: usize, limit: usize) -> AllPaths {
        let mut out = AllPaths { paths: Vec::new(), truncated: false };
        if from == to {
            out.paths.push(Path { start: from, hops: Vec::new(), cost: None });
            return out;
        }
        let mut engine = Engine::new(self, false);
        let to_target = engine.distances(to.0, true);
        let required = self.required(from, to);
        let mut on_path = vec![false; self.actor_count()];
        for hops in 1..=max_hops {
            if to_target[from.0 as usize] > hops as f64 {
                continue;
            }
            if !self.paths_of_length(from.0, to.0, hops, &to_target, &required, &mut on_path, limit, &mut out) {
                break;
            }
        }
        out
    }

    /// Adds the paths of exactly `hops` hops, in lexicographic order of actor indices; false
    /// once the limit is exceeded. Iterative, so that long paths cannot overflow the stack.
    #[allow(clippy::too_many_arguments)]
    fn paths_of_length(
        &self,
        from: u32,
        to: u32,
        hops: usize,
        to_target: &[f64],
        required: &[u32],
        on_path: &mut [bool],
        limit: usize,
        out: &mut AllPaths,
    ) -> bool {
        // The path so far, and for each of its actors the next entry of its row to try.
        let mut path = vec![from];
        let mut cursor = vec![self.fwd.range(from).start];
        on_path[from as usize] = true;
        let mut complete = true;
        while let Some(&u) = path.last() {
            let depth = path.len() - 1;
            let end = self.fwd.range(u).end;
            let i = cursor[depth];
            if i >= end || depth == hops {
                on_path[u as usize] = false;
                path.pop();
                cursor.pop();
                continue;
            }
            let v = self.fwd.targets[i];
            // Skip the parallel entries to the same actor: one path per actor sequence.
            let mut j = i + 1;
            while j < end && self.fwd.targets[j] == v {
                j += 1;
            }
            cursor[depth] = j;
            if v == to {
                if depth + 1 == hops {
                    path.push(v);
                    if visits_all(&path, required) {
                        if out.paths.len() == limit {
                            out.truncated = true;
                            complete = false;
                            path.pop();
                            break;
                        }
                        out.paths.push(Path::from_nodes(self, &path, false));
                    }
                    path.pop();
                }
                continue;
            }
            if on_path[v as usize] || (depth + 1) as f64 + to_target[v as usize] > hops as f64 {
                continue;
            }
            on_path[v as usize] = true;
            path.push(v);
            cursor.push(self.fwd.range(v).start);
        }
        for &x in &path {
            on_path[x as usize] = false;
        }
        complete
    }
}

/// Every simple path of at most `max_hops` hops from `from` to `to` through the relations that
/// pass `filter`: see [`View::all_paths`].
pub fn all_paths(
    graph: &Graph,
    from: ActorKey,
    to: ActorKey,
    max_hops: usize,
    limit: usize,
    filter: &Filter,
) -> AllPaths {
    View::new(graph, filter).all_paths(from, to, max_hops, limit)
}
