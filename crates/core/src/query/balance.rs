//! Structural balance of the signed graph: cooperative relations are positive, hostile ones
//! negative; neutral and negated relations are left out, and direction is ignored.
//!
//! A pair of actors gets the sign of its relations that pass the filter. A pair with both
//! cooperative and hostile relations is *ambivalent*: it is reported, and left out of triads
//! and camps (narrow the date with `--at` to resolve it). A triad of three pairwise signed
//! actors is balanced when the product of its signs is positive (three friends, or two friends
//! with a common enemy), unbalanced otherwise (a friend of two enemies, or three mutual enemies).

use std::collections::BTreeMap;

use crate::filter::Filter;
use crate::graph::{ActorKey, Graph, RelationKey};
use crate::vocabulary::Polarity;

use super::path::Sign;

/// A pair of actors with a sign.
#[derive(Clone, PartialEq, Debug)]
pub struct SignedPair {
    /// The actor with the lower key.
    pub a: ActorKey,
    /// The actor with the higher key.
    pub b: ActorKey,
    /// [`Sign::Positive`] or [`Sign::Negative`] (for an ambivalent pair, [`Sign::Unknown`]).
    pub sign: Sign,
    /// The relations behind the sign, by key.
    pub relations: Vec<RelationKey>,
}

/// Three actors linked pairwise by signed pairs.
#[derive(Clone, PartialEq, Debug)]
pub struct Triad {
    /// The actors, by key.
    pub actors: [ActorKey; 3],
    /// Indices into [`Balance::pairs`]: (0, 1), (0, 2), (1, 2).
    pub pairs: [usize; 3],
    /// Whether the product of the three signs is positive.
    pub balanced: bool,
}

/// The answer of [`balance`].
#[derive(Clone, PartialEq, Debug)]
pub struct Balance {
    /// The signed pairs, by (a, b).
    pub pairs: Vec<SignedPair>,
    /// The pairs with both cooperative and hostile relations, left out of triads and camps.
    pub ambivalent: Vec<SignedPair>,
    /// Every triad, by actors.
    pub triads: Vec<Triad>,
    /// The two camps; each actor of a signed pair is in one. In each connected part of the
    /// signed graph, the actor with the lowest key is in the first camp.
    pub camps: [Vec<ActorKey>; 2],
    /// Indices into `pairs` of the pairs the camps contradict: friends in opposite camps or
    /// enemies in one camp. The camps make this list as short as possible.
    pub frustrated: Vec<usize>,
    /// Whether the camps are proven best (every split of each connected part tried); false when
    /// a part had more than `EXACT_LIMIT` actors and a local search found them.
    pub exact: bool,
}

impl Balance {
    /// The number of balanced triads.
    pub fn balanced_count(&self) -> usize {
        self.triads.iter().filter(|t| t.balanced).count()
    }

    /// The share of balanced triads, `None` when there is no triad.
    pub fn balanced_share(&self) -> Option<f64> {
        (!self.triads.is_empty()).then(|| self.balanced_count() as f64 / self.triads.len() as f64)
    }

    /// Indices into `pairs` of the pairs whose actors are in different camps.
    pub fn crossing(&self) -> Vec<usize> {
        let camp = self.camp_map();
        (0..self.pairs.len()).filter(|&i| camp[&self.pairs[i].a] != camp[&self.pairs[i].b]).collect()
    }

    fn camp_map(&self) -> BTreeMap<ActorKey, usize> {
        let mut m = BTreeMap::new();
        for (c, actors) in self.camps.iter().enumerate() {
            for a in actors {
                m.insert(*a, c);
            }
        }
        m
    }
}

/// The largest connected part of the signed graph whose every split is tried.
pub const EXACT_LIMIT: usize = 20;

/// Structural balance of the relations that pass `filter` (direction and `through` ignored).
pub fn balance(graph: &Graph, filter: &Filter) -> Balance {
    // Pairs and their relations.
    let mut by_pair: BTreeMap<(ActorKey, ActorKey), (bool, bool, Vec<RelationKey>)> = BTreeMap::new();
    for (key, r) in graph.relations() {
        if r.negated || r.subject == r.object || !filter.accepts_edge(graph, r) {
            continue;
        }
        let polarity = graph.vocabulary().relation_kind(r.kind).polarity;
        if polarity == Polarity::Neutral {
            continue;
        }
        let pair = (r.subject.min(r.object), r.subject.max(r.object));
        let entry = by_pair.entry(pair).or_insert((false, false, Vec::new()));
        match polarity {
            Polarity::Cooperative => entry.0 = true,
            _ => entry.1 = true,
        }
        entry.2.push(key);
    }
    let mut pairs = Vec::new();
    let mut ambivalent = Vec::new();
    for ((a, b), (plus, minus, relations)) in by_pair {
        let sign = match (plus, minus) {
            (true, false) => Sign::Positive,
            (false, true) => Sign::Negative,
            _ => Sign::Unknown,
        };
        let pair = SignedPair { a, b, sign, relations };
        if sign == Sign::Unknown { ambivalent.push(pair) } else { pairs.push(pair) }
    }

    // Adjacency of the signed graph: (neighbour, pair index), sorted by neighbour.
    let n = graph.actor_count();
    let mut adj: Vec<Vec<(u32, usize)>> = vec![Vec::new(); n];
    for (i, p) in pairs.iter().enumerate() {
        adj[p.a.index()].push((p.b.0, i));
        adj[p.b.index()].push((p.a.0, i));
    }
    for row in &mut adj {
        row.sort_unstable();
    }

    // Triads: for each pair (a, b) with a < b, the common neighbours c > b.
    let mut triads = Vec::new();
    for (i, p) in pairs.iter().enumerate() {
        let (ra, rb) = (&adj[p.a.index()], &adj[p.b.index()]);
        let (mut x, mut y) = (0, 0);
        while x < ra.len() && y < rb.len() {
            match ra[x].0.cmp(&rb[y].0) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => {
                    let c = ra[x].0;
                    if c > p.b.0 {
                        let idx = [i, ra[x].1, rb[y].1];
                        let product = idx.iter().fold(Sign::Positive, |s, &j| s.times(pairs[j].sign));
                        triads.push(Triad {
                            actors: [p.a, p.b, ActorKey(c)],
                            pairs: idx,
                            balanced: product == Sign::Positive,
                        });
                    }
                    x += 1;
                    y += 1;
                }
            }
        }
    }
    triads.sort_by_key(|t| t.actors);

    // Camps, one connected part at a time.
    let mut camp = vec![u8::MAX; n];
    let mut exact = true;
    for start in 0..n {
        if camp[start] != u8::MAX || adj[start].is_empty() {
            continue;
        }
        let mut part = vec![start as u32];
        camp[start] = 0;
        let mut head = 0;
        while head < part.len() {
            let u = part[head];
            head += 1;
            for &(v, _) in &adj[u as usize] {
                if camp[v as usize] == u8::MAX {
                    // A first guess: friends together, enemies apart.
                    let flip = u8::from(
                        pairs[adj[u as usize].iter().find(|e| e.0 == v).expect("edge").1].sign == Sign::Negative,
                    );
                    camp[v as usize] = camp[u as usize] ^ flip;
                    part.push(v);
                }
            }
        }
        part.sort_unstable();
        if part.len() <= EXACT_LIMIT {
            best_split(&part, &adj, &pairs, &mut camp);
        } else {
            exact = false;
            local_search(&part, &adj, &pairs, &mut camp);
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
    let frustrated = (0..pairs.len()).filter(|&i| contradicts(&pairs[i], &camp)).collect();
    Balance { pairs, ambivalent, triads, camps, frustrated, exact }
}

fn contradicts(p: &SignedPair, camp: &[u8]) -> bool {
    let same = camp[p.a.index()] == camp[p.b.index()];
    (p.sign == Sign::Positive) != same
}

/// The number of pairs of `u` that would be contradicted after moving it to the other camp,
/// minus those contradicted now.
fn flip_gain(u: u32, adj: &[Vec<(u32, usize)>], pairs: &[SignedPair], camp: &[u8]) -> i64 {
    let mut delta = 0i64;
    for &(_, i) in &adj[u as usize] {
        delta += if contradicts(&pairs[i], camp) { -1 } else { 1 };
    }
    delta
}

/// Tries every split of a part (its first actor fixed), in Gray-code order; keeps the first
/// with the fewest contradicted pairs.
fn best_split(part: &[u32], adj: &[Vec<(u32, usize)>], pairs: &[SignedPair], camp: &mut [u8]) {
    for &u in part {
        camp[u as usize] = 0;
    }
    let count = |camp: &[u8]| -> i64 {
        part.iter()
            .flat_map(|&u| adj[u as usize].iter().filter(move |e| e.0 > u))
            .filter(|e| contradicts(&pairs[e.1], camp))
            .count() as i64
    };
    let mut current = count(camp);
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

/// Moves single actors between camps while that lowers the number of contradicted pairs,
/// starting from the guess already in `camp`.
fn local_search(part: &[u32], adj: &[Vec<(u32, usize)>], pairs: &[SignedPair], camp: &mut [u8]) {
    for _ in 0..100 {
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::testing::{Rel, build};
    use super::*;

    fn rel(s: usize, o: usize, kind: usize) -> Rel {
        Rel { s, o, kind, negated: false, since: None, until: None, ended: false, strength: None, confidence: None }
    }

    const ALLY: usize = 0;
    const ENEMY: usize = 1;
    const TALKS: usize = 2;

    #[test]
    fn hand_made_signed_graphs() {
        // a0 friendly with a1 and a2, who are enemies: the classic unbalanced triad.
        // a1, a2, a3: a3 is the enemy of a1 and the friend of a2: balanced (+ × - × - = +).
        // Neutral and negated relations and an ambivalent pair are left out.
        let mut negated = rel(0, 3, ENEMY);
        negated.negated = true;
        let g = build(
            5,
            &[
                rel(0, 1, ALLY),
                rel(0, 2, ALLY),
                rel(1, 2, ENEMY),
                rel(1, 3, ENEMY),
                rel(3, 2, ALLY),
                rel(0, 3, TALKS),
                negated,
                rel(4, 0, ALLY),
                rel(4, 0, ENEMY),
            ],
        );
        let b = balance(&g, &Filter::all());
        assert_eq!(b.pairs.len(), 5);
        assert_eq!(b.ambivalent.len(), 1);
        assert_eq!((b.ambivalent[0].a.index(), b.ambivalent[0].b.index()), (0, 4));
        let triads: Vec<([usize; 3], bool)> =
            b.triads.iter().map(|t| (t.actors.map(|a| a.index()), t.balanced)).collect();
        assert_eq!(triads, [([0, 1, 2], false), ([1, 2, 3], true)]);
        assert_eq!(b.balanced_share(), Some(0.5));
        // Best split: {a0, a1} against {a2, a3} contradicts one pair (a0-a2); so does {a0, a2, a3}
        // against {a1}. Gray-code order meets {a0, a2, a3} | {a1} first.
        assert_eq!(b.frustrated.len(), 1);
        assert!(b.exact);
        assert_eq!(b.camps[0].iter().map(|a| a.index()).collect::<Vec<_>>(), [0, 2, 3]);
        assert_eq!(b.camps[1].iter().map(|a| a.index()).collect::<Vec<_>>(), [1]);
    }

    #[test]
    fn three_mutual_enemies_are_unbalanced() {
        let g = build(3, &[rel(0, 1, ENEMY), rel(1, 2, ENEMY), rel(2, 0, ENEMY)]);
        let b = balance(&g, &Filter::all());
        assert_eq!(b.triads.len(), 1);
        assert!(!b.triads[0].balanced);
        assert_eq!(b.frustrated.len(), 1);
    }

    fn brute_min_frustration(n: usize, pairs: &[SignedPair]) -> usize {
        (0..1u32 << n)
            .map(|mask| {
                pairs
                    .iter()
                    .filter(|p| {
                        let same = (mask >> p.a.0 & 1) == (mask >> p.b.0 & 1);
                        (p.sign == Sign::Positive) != same
                    })
                    .count()
            })
            .min()
            .unwrap_or(0)
    }

    proptest! {
        #[test]
        fn triads_and_camps_match_brute_force(
            edges in proptest::collection::vec((0usize..8, 1usize..8, 0usize..3), 0..24),
        ) {
            let n = 8;
            let rels: Vec<Rel> = edges.iter().map(|&(s, d, k)| rel(s, (s + d) % n, k)).collect();
            let g = build(n, &rels);
            let b = balance(&g, &Filter::all());
            let sign = |x: usize, y: usize| b.pairs.iter().find(|p| p.a.index() == x.min(y) && p.b.index() == x.max(y)).map(|p| p.sign);
            let mut expected = Vec::new();
            for x in 0..n {
                for y in x + 1..n {
                    for z in y + 1..n {
                        if let (Some(s1), Some(s2), Some(s3)) = (sign(x, y), sign(x, z), sign(y, z)) {
                            expected.push(([x, y, z], s1.times(s2).times(s3) == Sign::Positive));
                        }
                    }
                }
            }
            let found: Vec<([usize; 3], bool)> = b.triads.iter().map(|t| (t.actors.map(|a| a.index()), t.balanced)).collect();
            prop_assert_eq!(found, expected);
            prop_assert_eq!(b.frustrated.len(), brute_min_frustration(n, &b.pairs));
            prop_assert!(b.exact);
        }
    }
}
