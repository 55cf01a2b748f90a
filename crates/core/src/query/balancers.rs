//! Balancers: actors that keep cooperative relations with two actors hostile to each other
//! (Russia with Iran and Israel), ranked by how many such pairs they bridge.
//!
//! The definition is by relations, not by the signs a policy gives pairs: a balancer has at
//! least one cooperative relation with each of the two, and the two have at least one hostile
//! relation between them. A tie that is itself ambivalent (Turkey and Russia: trade and
//! rivalry) still counts, and says so through [`SignedPair::is_ambivalent`].

use std::cmp::Ordering;

use crate::graph::{ActorKey, Graph, RelationKey};

use super::balance::SignedPair;
use super::weighted::relation_weight;

/// One pair of enemies an actor keeps cooperative relations with.
#[derive(Clone, PartialEq, Debug)]
pub struct Bridge {
    /// The two hostile actors, lower key first.
    pub between: [ActorKey; 2],
    /// Indices into [`Balance::pairs`](super::Balance::pairs): the balancer with each of the
    /// two, then the two with each other.
    pub pairs: [usize; 3],
    /// How much it weighs: the weaker of the two ties (each its heaviest cooperative relation,
    /// see [`relation_weight`](super::relation_weight)) times the heaviest hostile relation
    /// between the two.
    pub weight: f64,
}

/// An actor with cooperative relations to both sides of at least one hostile pair.
#[derive(Clone, PartialEq, Debug)]
pub struct Balancer {
    /// The actor.
    pub actor: ActorKey,
    /// The hostile pairs it bridges, heaviest first (then by actors).
    pub bridges: Vec<Bridge>,
    /// The sum of the bridges' weights.
    pub weight: f64,
}

/// The balancers among `pairs` (as [`signed_pairs`](super::signed_pairs) gives them): most
/// bridges first, then the heaviest, then by actor.
/// Gives up (with the balancers found so far) once `stop` returns true.
pub(crate) fn balancers(graph: &Graph, pairs: &[SignedPair], stop: &dyn Fn() -> bool) -> Vec<Balancer> {
    let heaviest = |keys: &[RelationKey]| keys.iter().map(|&k| relation_weight(graph.relation(k))).fold(0.0, f64::max);
    // Cooperative neighbours of each actor: (neighbour, pair index), sorted.
    let mut friends: Vec<Vec<(u32, usize)>> = vec![Vec::new(); graph.actor_count()];
    for (i, p) in pairs.iter().enumerate().filter(|(_, p)| !p.cooperative.is_empty()) {
        friends[p.a.index()].push((p.b.0, i));
        friends[p.b.index()].push((p.a.0, i));
    }
    for row in &mut friends {
        row.sort_unstable();
    }
    let mut by_actor: Vec<Vec<Bridge>> = vec![Vec::new(); graph.actor_count()];
    for (k, enemies) in pairs.iter().enumerate().filter(|(_, p)| !p.hostile.is_empty()) {
        if stop() {
            break;
        }
        let hostility = heaviest(&enemies.hostile);
        let (ra, rb) = (&friends[enemies.a.index()], &friends[enemies.b.index()]);
        let (mut x, mut y) = (0, 0);
        while x < ra.len() && y < rb.len() {
            match ra[x].0.cmp(&rb[y].0) {
                Ordering::Less => x += 1,
                Ordering::Greater => y += 1,
                Ordering::Equal => {
                    let (i, j) = (ra[x].1, rb[y].1);
                    let tie = heaviest(&pairs[i].cooperative).min(heaviest(&pairs[j].cooperative));
                    by_actor[ra[x].0 as usize].push(Bridge {
                        between: [enemies.a, enemies.b],
                        pairs: [i, j, k],
                        weight: tie * hostility,
                    });
                    x += 1;
                    y += 1;
                }
            }
        }
    }
    let mut out: Vec<Balancer> = by_actor
        .into_iter()
        .enumerate()
        .filter(|(_, b)| !b.is_empty())
        .map(|(u, mut bridges)| {
            bridges.sort_by(|x, y| y.weight.total_cmp(&x.weight).then(x.between.cmp(&y.between)));
            let weight = bridges.iter().map(|b| b.weight).sum();
            Balancer { actor: ActorKey(u as u32), bridges, weight }
        })
        .collect();
    out.sort_by(|x, y| {
        y.bridges.len().cmp(&x.bridges.len()).then(y.weight.total_cmp(&x.weight)).then(x.actor.cmp(&y.actor))
    });
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::balance::{SignPolicy, balance};
    use super::super::testing::{Rel, build};
    use crate::Filter;

    proptest! {
        /// Every (balancer, enemy, enemy) triple against a scan of every triple of actors
        /// straight from the relation list.
        #[test]
        fn balancers_match_a_triad_scan(
            edges in proptest::collection::vec((0usize..7, 1usize..7, 0usize..3), 0..24),
        ) {
            let n = 7;
            let rels: Vec<Rel> = edges.iter().map(|&(s, d, k)| Rel::plain(s, (s + d) % n, k)).collect();
            let g = build(n, &rels);
            let b = balance(&g, &Filter::all(), SignPolicy::Drop);
            let has = |x: usize, y: usize, kind: usize| rels.iter().any(|r| r.kind == kind && ((r.s, r.o) == (x, y) || (r.s, r.o) == (y, x)));
            let mut expected = Vec::new();
            for x in 0..n {
                for a in 0..n {
                    for c in a + 1..n {
                        if x != a && x != c && has(x, a, 0) && has(x, c, 0) && has(a, c, 1) {
                            expected.push((x, a, c));
                        }
                    }
                }
            }
            let mut found: Vec<(usize, usize, usize)> = b
                .balancers
                .iter()
                .flat_map(|bal| bal.bridges.iter().map(move |br| (bal.actor.index(), br.between[0].index(), br.between[1].index())))
                .collect();
            found.sort_unstable();
            prop_assert_eq!(found, expected);
            // Ranked: most bridges first.
            prop_assert!(b.balancers.windows(2).all(|w| w[0].bridges.len() >= w[1].bridges.len()));
        }
    }
}
