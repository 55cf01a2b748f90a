//! The best split of the signed graph into two camps, and its frustration index: the fewest
//! relations whose removal makes the graph balanced.
//!
//! Every cooperative or hostile relation is an edge, so an ambivalent pair counts as it is: a
//! pair with two cooperative relations and one hostile one costs one relation when its actors
//! share a camp and two when they are apart. A relation is *contradicted* when it is
//! cooperative across the camps or hostile inside one; the frustration index is the fewest
//! relations any split contradicts (a graph is balanced exactly when some split contradicts
//! none). Each connected part with at most [`EXACT_LIMIT`] actors has every split tried; larger
//! parts get a local search (an upper bound) and a lower bound: the relations every split must
//! contradict in ambivalent pairs, plus, for a set of unbalanced triads sharing no pair, the
//! lightest pair of each.

use crate::graph::ActorKey;

use super::balance::SignedPair;

/// The largest connected part of the signed graph whose every split is tried.
pub const EXACT_LIMIT: usize = 20;

/// The frustration index of a signed graph, exact or bracketed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Frustration {
    /// No split contradicts fewer relations.
    pub lower: usize,
    /// The relations the camps contradict: the index itself when exact, else an upper bound.
    pub upper: usize,
    /// Whether every split of every connected part was tried.
    pub enumerated: bool,
}

impl Frustration {
    /// Whether the index is known exactly (every split tried, or the bounds meet).
    pub fn is_exact(&self) -> bool {
        self.lower == self.upper
    }
}

/// Two camps and what they contradict.
pub(crate) struct Split {
    pub(crate) camps: [Vec<ActorKey>; 2],
    /// Indices of pairs with at least one contradicted relation.
    pub(crate) frustrated: Vec<usize>,
    pub(crate) frustration: Frustration,
}

/// The relations of `p` contradicted when its actors are (`same`) or are not in one camp.
fn cost(p: &SignedPair, same: bool) -> usize {
    if same { p.hostile.len() } else { p.cooperative.len() }
}

fn contradicted(p: &SignedPair, camp: &[u8]) -> usize {
    cost(p, camp[p.a.index()] == camp[p.b.index()])
}

/// Adjacency of the signed graph: (neighbour, pair index), sorted by neighbour.
type Adjacency = Vec<Vec<(u32, usize)>>;

/// The best split of `pairs` (on `n` actors), every split tried in parts up to [`EXACT_LIMIT`].
/// Once `stop` returns true the parts left keep their first guess (the answer is then
/// incomplete: the caller discards it).
pub(crate) fn split(n: usize, pairs: &[SignedPair], stop: &dyn Fn() -> bool) -> Split {
    split_with_limit(n, pairs, EXACT_LIMIT, stop)
}

pub(crate) fn split_with_limit(n: usize, pairs: &[SignedPair], limit: usize, stop: &dyn Fn() -> bool) -> Split {
    let mut adj: Adjacency = vec![Vec::new(); n];
    for (i, p) in pairs.iter().enumerate() {
        adj[p.a.index()].push((p.b.0, i));
        adj[p.b.index()].push((p.a.0, i));
    }
    for row in &mut adj {
        row.sort_unstable();
    }
    let mut camp = vec![u8::MAX; n];
    let mut enumerated = true;
    let mut lower = 0;
    for start in 0..n {
        if camp[start] != u8::MAX || adj[start].is_empty() {
            continue;
        }
        let part = guess(start as u32, &adj, pairs, &mut camp);
        if stop() {
            enumerated = false;
        } else if part.len() <= limit {
            best_split(&part, &adj, pairs, &mut camp);
            lower += part_cost(&part, &adj, pairs, &camp);
        } else {
            enumerated = false;
            local_search(&part, &adj, pairs, &mut camp, stop);
            lower += lower_bound(&part, &adj, pairs, stop);
        }
        // The lowest actor of the part leads the first camp.
        if camp[part[0] as usize] == 1 {
            for &u in &part {
                camp[u as usize] ^= 1;
            }
        }
    }
    let mut camps: [Vec<ActorKey>; 2] = [Vec::new(), Vec::new()];
    for (u, &c) in camp.iter().enumerate() {
        if c != u8::MAX {
            camps[c as usize].push(ActorKey(u as u32));
        }
    }
    let frustrated: Vec<usize> = (0..pairs.len()).filter(|&i| contradicted(&pairs[i], &camp) > 0).collect();
    let upper = frustrated.iter().map(|&i| contradicted(&pairs[i], &camp)).sum();
    Split { camps, frustrated, frustration: Frustration { lower: lower.min(upper), upper, enumerated } }
}

/// The connected part of `start`, sorted, with a first guess in `camp`: each actor beside the
/// one that reached it, or apart when their pair is mostly hostile.
fn guess(start: u32, adj: &Adjacency, pairs: &[SignedPair], camp: &mut [u8]) -> Vec<u32> {
    let mut part = vec![start];
    camp[start as usize] = 0;
    let mut head = 0;
    while head < part.len() {
        let u = part[head];
        head += 1;
        for &(v, i) in &adj[u as usize] {
            if camp[v as usize] == u8::MAX {
                let flip = u8::from(pairs[i].hostile.len() > pairs[i].cooperative.len());
                camp[v as usize] = camp[u as usize] ^ flip;
                part.push(v);
            }
        }
    }
    part.sort_unstable();
    part
}

/// The relations of a part contradicted by `camp`.
fn part_cost(part: &[u32], adj: &Adjacency, pairs: &[SignedPair], camp: &[u8]) -> usize {
    part.iter()
        .flat_map(|&u| adj[u as usize].iter().filter(move |e| e.0 > u))
        .map(|e| contradicted(&pairs[e.1], camp))
        .sum()
}

/// How the number of contradicted relations changes when `u` changes camp.
fn flip_gain(u: u32, adj: &Adjacency, pairs: &[SignedPair], camp: &[u8]) -> i64 {
    let mut delta = 0i64;
    for &(_, i) in &adj[u as usize] {
        let p = &pairs[i];
        let same = camp[p.a.index()] == camp[p.b.index()];
        delta += cost(p, !same) as i64 - cost(p, same) as i64;
    }
    delta
}

/// Tries every split of a part (its first actor fixed), in Gray-code order; keeps the first
/// with the fewest contradicted relations.
fn best_split(part: &[u32], adj: &Adjacency, pairs: &[SignedPair], camp: &mut [u8]) {
    for &u in part {
        camp[u as usize] = 0;
    }
    let mut current = part_cost(part, adj, pairs, camp) as i64;
    let mut best = current;
    let mut best_camp: Vec<u8> = part.iter().map(|&u| camp[u as usize]).collect();
    let free = part.len() - 1;
    for step in 1u64..(1u64 << free) {
        let bit = step.trailing_zeros() as usize;
        let u = part[bit + 1];
        current += flip_gain(u, adj, pairs, camp);
        camp[u as usize] ^= 1;
        if current < best {
            best = current;
            best_camp = part.iter().map(|&u| camp[u as usize]).collect();
        }
    }
    for (&u, &c) in part.iter().zip(&best_camp) {
        camp[u as usize] = c;
    }
}

/// Moves single actors between camps while that lowers the number of contradicted relations,
/// starting from the guess already in `camp`.
fn local_search(part: &[u32], adj: &Adjacency, pairs: &[SignedPair], camp: &mut [u8], stop: &dyn Fn() -> bool) {
    for _ in 0..100 {
        if stop() {
            break;
        }
        let mut improved = false;
        for &u in part {
            if flip_gain(u, adj, pairs, camp) < 0 {
                camp[u as usize] ^= 1;
                improved = true;
            }
        }
        if !improved {
            break;
        }
    }
}

/// A lower bound on the relations any split of a part contradicts.
///
/// A pair always costs at least its minority's relations, and beyond that `|cooperative -
/// hostile|` when the camps go against its majority. Among pairs with a majority, each
/// unbalanced triad needs one pair against its majority; for triads sharing no pair (picked
/// greedily, in actor order) these are distinct, so the lightest excess of each adds up.
fn lower_bound(part: &[u32], adj: &Adjacency, pairs: &[SignedPair], stop: &dyn Fn() -> bool) -> usize {
    let mut bound = 0;
    let excess = |p: &SignedPair| p.cooperative.len().abs_diff(p.hostile.len());
    let negative = |p: &SignedPair| p.hostile.len() > p.cooperative.len();
    for &u in part {
        for &(v, i) in &adj[u as usize] {
            if v > u {
                bound += pairs[i].cooperative.len().min(pairs[i].hostile.len());
            }
        }
    }
    let mut used = vec![false; pairs.len()];
    for &u in part {
        if stop() {
            break;
        }
        let row = &adj[u as usize];
        for (x, &(v, i)) in row.iter().enumerate() {
            if v <= u || used[i] || excess(&pairs[i]) == 0 {
                continue;
            }
            for &(w, j) in &row[x + 1..] {
                if used[i] || used[j] || excess(&pairs[j]) == 0 {
                    continue;
                }
                let vrow = &adj[v as usize];
                let Ok(at) = vrow.binary_search_by(|e| e.0.cmp(&w)) else { continue };
                let k = vrow[at].1;
                if used[k] || excess(&pairs[k]) == 0 {
                    continue;
                }
                let negatives = [i, j, k].iter().filter(|&&p| negative(&pairs[p])).count();
                if negatives % 2 == 1 {
                    bound += [i, j, k].iter().map(|&p| excess(&pairs[p])).min().unwrap_or(0);
                    used[i] = true;
                    used[j] = true;
                    used[k] = true;
                }
            }
        }
    }
    bound
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::balance::{SignPolicy, signed_pairs};
    use super::super::testing::{Rel, build};
    use super::*;
    use crate::Filter;

    /// The frustration index by brute force: the fewest relations whose removal leaves a graph
    /// whose actors can be 2-coloured, friends alike and enemies apart.
    fn brute_index(n: usize, rels: &[(usize, usize, bool)]) -> usize {
        (0u32..1 << rels.len())
            .filter(|&removed| {
                let kept: Vec<_> = (0..rels.len()).filter(|i| removed >> i & 1 == 0).map(|i| rels[i]).collect();
                colourable(n, &kept)
            })
            .map(|removed| removed.count_ones() as usize)
            .min()
            .expect("removing everything balances")
    }

    fn colourable(n: usize, rels: &[(usize, usize, bool)]) -> bool {
        let mut colour = vec![None; n];
        for start in 0..n {
            if colour[start].is_some() {
                continue;
            }
            colour[start] = Some(false);
            let mut stack = vec![start];
            while let Some(u) = stack.pop() {
                for &(s, o, friendly) in rels {
                    let v = if s == u {
                        o
                    } else if o == u {
                        s
                    } else {
                        continue;
                    };
                    let want = colour[u].map(|c| c ^ !friendly);
                    match colour[v] {
                        None => {
                            colour[v] = want;
                            stack.push(v);
                        }
                        c if c != want => return false,
                        _ => {}
                    }
                }
            }
        }
        true
    }

    proptest! {
        #[test]
        fn frustration_index_matches_brute_force(
            edges in proptest::collection::vec((0usize..6, 1usize..6, proptest::bool::ANY), 0..13),
            limit in 1usize..8,
        ) {
            let n = 6;
            let list: Vec<(usize, usize, bool)> = edges.iter().map(|&(s, d, f)| (s, (s + d) % n, f)).collect();
            let rels: Vec<Rel> = list.iter().map(|&(s, o, f)| Rel::plain(s, o, if f { 0 } else { 1 })).collect();
            let g = build(n, &rels);
            let pairs = signed_pairs(&g, &Filter::all(), SignPolicy::Drop);
            let truth = brute_index(n, &list);
            let exact = split(n, &pairs, &|| false);
            prop_assert_eq!(exact.frustration.upper, truth);
            prop_assert_eq!(exact.frustration.lower, truth);
            prop_assert!(exact.frustration.enumerated);
            // The frustrated pairs are those with a contradicted relation.
            let counted: usize = exact.frustrated.iter().map(|&i| {
                let p = &pairs[i];
                let same = exact.camps[0].contains(&p.a) == exact.camps[0].contains(&p.b);
                cost(p, same)
            }).sum();
            prop_assert_eq!(counted, truth);
            // With a small limit, large parts are bracketed: lower <= index <= upper.
            let bracketed = split_with_limit(n, &pairs, limit, &|| false);
            prop_assert!(bracketed.frustration.lower <= truth);
            prop_assert!(bracketed.frustration.upper >= truth);
        }
    }
}
