//! Every simple path between two actors up to a number of hops, shortest first, with a limit
//! that is reported when it cuts the answer short.

use crate::filter::Filter;
use crate::graph::{ActorKey, Graph};

use super::path::{Path, visits_all};
use super::scratch::Scratch;
use super::view::View;

/// How many search steps pass between two looks at the view's stop flag.
const STOP_CHECK: u32 = 4096;

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
        let mut scratch = self.scratch();
        let g = self.distances_to(&mut scratch, to.0, max_hops);
        let required = self.required(from, to);
        for hops in 1..=max_hops {
            if to_target(&scratch, g, from.0) > hops {
                continue;
            }
            if !self.paths_of_length(from.0, to.0, hops, &mut scratch, g, &required, limit, &mut out) {
                break;
            }
        }
        out
    }

    /// Marks (`back`, in a new generation, returned) every actor that reaches `to` in at most
    /// `radius` hops, with that distance. Farther actors cannot be on a path of `radius` hops.
    fn distances_to(&self, scratch: &mut Scratch, to: u32, radius: usize) -> u32 {
        let g = scratch.start();
        let Scratch { slots, front_f: front, next, .. } = scratch;
        let back = self.back();
        slots[to as usize].back = g;
        slots[to as usize].dist = 0.0;
        front.clear();
        front.push(to);
        let mut level = 0;
        while !front.is_empty() && level < radius {
            level += 1;
            next.clear();
            for &u in front.iter() {
                for &v in back.targets(u) {
                    let slot = &mut slots[v as usize];
                    if slot.back != g {
                        slot.back = g;
                        slot.dist = level as f64;
                        next.push(v);
                    }
                }
            }
            std::mem::swap(front, next);
        }
        g
    }

    /// Adds the paths of exactly `hops` hops, in lexicographic order of actor indices; false
    /// once the limit is exceeded. Iterative, so that long paths cannot overflow the stack.
    #[allow(clippy::too_many_arguments)]
    fn paths_of_length(
        &self,
        from: u32,
        to: u32,
        hops: usize,
        scratch: &mut Scratch,
        g: u32,
        required: &[u32],
        limit: usize,
        out: &mut AllPaths,
    ) -> bool {
        // The path so far, and for each of its actors the next entry of its row to try. Actors
        // on the path are marked `fwd` with generation `g`; the mark is lifted when they leave.
        let mut path = vec![from];
        let mut cursor = vec![self.fwd.range(from).start];
        scratch.slots[from as usize].fwd = g;
        let mut complete = true;
        let mut steps = 0u32;
        while let Some(&u) = path.last() {
            steps = steps.wrapping_add(1);
            if steps % STOP_CHECK == 0 && self.stopped() {
                return false;
            }
            let depth = path.len() - 1;
            let end = self.fwd.range(u).end;
            let i = cursor[depth];
            if i >= end || depth == hops {
                scratch.slots[u as usize].fwd = 0;
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
            if scratch.slots[v as usize].fwd == g || to_target(scratch, g, v) > hops - (depth + 1) {
                continue;
            }
            scratch.slots[v as usize].fwd = g;
            path.push(v);
            cursor.push(self.fwd.range(v).start);
        }
        complete
    }
}

/// The distance from `v` to the target marked by [`View::distances_to`] in generation `g`;
/// `usize::MAX` for an actor beyond the radius.
fn to_target(scratch: &Scratch, g: u32, v: u32) -> usize {
    let slot = &scratch.slots[v as usize];
    if slot.back == g { slot.dist as usize } else { usize::MAX }
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
