//! The k shortest loopless paths between two actors (Yen's algorithm), best first.
//!
//! Paths are distinct as sequences of actors: two actors linked by several relations give one
//! path, not one per relation (each hop uses the relation [`View::hop_relation`] picks). Ties in
//! length are ordered by the actor indices along the path, so the answer is deterministic.

use std::collections::BTreeSet;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::filter::Filter;
use crate::graph::{ActorKey, Graph};

use super::path::{Path, THROUGH_BUDGET, visits_all};
use super::search::{Ban, Cost, Engine};
use super::view::View;

/// The answer of [`View::k_shortest_paths`].
#[derive(Clone, PartialEq, Debug)]
pub struct KPaths {
    /// The paths, best first.
    pub paths: Vec<Path>,
    /// False when the search for paths through required actors stopped after examining
    /// [`THROUGH_BUDGET`] paths: there may be more (or any, when `paths` is empty).
    pub complete: bool,
}

/// Yen's algorithm on actor indices: up to `k` paths accepted by `accept`, in order of cost
/// then actor indices. Returns them and whether the enumeration ended within the budget.
pub(crate) fn yen(
    engine: &mut Engine<'_, '_>,
    s: u32,
    t: u32,
    k: usize,
    accept: &dyn Fn(&[u32]) -> bool,
) -> (Vec<Vec<u32>>, bool) {
    let mut found = Vec::new();
    if k == 0 {
        return (found, true);
    }
    let Some((first, _)) = engine.search(s, t, None) else { return (found, true) };
    // Every path taken so far (accepted or not), and for each of their prefixes the actors that
    // follow it: the steps a spur search must not take again.
    let mut taken: Vec<Vec<u32>> = Vec::new();
    let mut next_after: FxHashMap<Vec<u32>, Vec<u32>> = FxHashMap::default();
    let mut candidates: BTreeSet<(Cost, Vec<u32>)> = BTreeSet::new();
    let mut known: FxHashSet<Vec<u32>> = FxHashSet::default();
    known.insert(first.clone());
    let mut current = first;
    loop {
        for i in 0..current.len().saturating_sub(1) {
            match next_after.get_mut(&current[..=i]) {
                Some(next) => next.push(current[i + 1]),
                None => {
                    next_after.insert(current[..=i].to_vec(), vec![current[i + 1]]);
                }
            }
        }
        if accept(&current) {
            found.push(current.clone());
            if found.len() == k {
                return (found, true);
            }
        }
        taken.push(current);
        if taken.len() >= THROUGH_BUDGET.max(k) || engine.view.stopped() {
            return (found, false);
        }
        let previous = taken.last().expect("just pushed");
        for i in 0..previous.len() - 1 {
            let spur = previous[i];
            let root = &previous[..=i];
            engine.clear_bans();
            for &r in &previous[..i] {
                engine.ban(r);
            }
            let next = next_after.get(root).map_or(&[][..], |v| v.as_slice());
            let ban = Ban { from: spur, next };
            if let Some((spur_path, _)) = engine.search(spur, t, Some(&ban)) {
                let mut total = previous[..i].to_vec();
                total.extend_from_slice(&spur_path);
                if !known.contains(&total) {
                    known.insert(total.clone());
                    let cost = engine.path_cost(&total);
                    candidates.insert((Cost(cost), total));
                }
            }
        }
        match candidates.pop_first() {
            Some((_, best)) => current = best,
            None => return (found, true),
        }
    }
}

impl View<'_> {
    /// The `k` shortest loopless paths from `from` to `to` (by hops, or by cost with
    /// `weighted`), best first, distinct as actor sequences.
    ///
    /// With required actors (`through` in the filter), paths are enumerated in order and those
    /// missing a required actor are skipped; after [`THROUGH_BUDGET`] paths the search stops and
    /// `complete` is false.
    pub fn k_shortest_paths(&self, from: ActorKey, to: ActorKey, k: usize, weighted: bool) -> KPaths {
        let mut engine = Engine::new(self, weighted);
        let required = self.required(from, to);
        let (found, complete) = yen(&mut engine, from.0, to.0, k, &|p: &[u32]| visits_all(p, &required));
        KPaths { paths: found.iter().map(|n| Path::from_nodes(self, n, weighted)).collect(), complete }
    }
}

/// The `k` shortest loopless paths from `from` to `to` through the relations that pass
/// `filter`: see [`View::k_shortest_paths`].
pub fn k_shortest_paths(
    graph: &Graph,
    from: ActorKey,
    to: ActorKey,
    k: usize,
    filter: &Filter,
    weighted: bool,
) -> KPaths {
    View::new(graph, filter).k_shortest_paths(from, to, k, weighted)
}
