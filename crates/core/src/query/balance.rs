//! Structural balance of the signed graph: cooperative relations are positive, hostile ones
//! negative; neutral and negated relations are left out, and direction is ignored.
//!
//! A pair of actors with relations that pass the filter is a [`SignedPair`]. A pair with both
//! cooperative and hostile relations is *ambivalent* (`±`): it is kept, with the relations of
//! both signs, and a [`SignPolicy`] says which sign, if any, it takes in triads. A triad of
//! three pairwise signed actors is balanced when the product of its signs is positive (three
//! friends, or two friends with a common enemy), unbalanced otherwise (a friend of two enemies,
//! or three mutual enemies). The two camps and the frustration index count relations, not
//! pairs, so they need no policy (see [`camps`](super::camps)); balancers are in
//! [`balancers`](super::balancers).

use std::collections::BTreeMap;

use crate::filter::Filter;
use crate::graph::{ActorKey, Graph, RelationKey};
use crate::vocabulary::Polarity;

use super::balancers::{Balancer, balancers};
use super::camps::{Frustration, split};
use super::path::Sign;
use super::weighted::relation_weight;

/// How an ambivalent pair is signed in triads.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum SignPolicy {
    /// The sign of the sum of its relations' weights (see
    /// [`relation_weight`](super::relation_weight)), cooperative ones counted positive and
    /// hostile ones negative; unresolved when the sum is zero.
    #[default]
    Net,
    /// The sign of its heaviest relation; unresolved when the heaviest cooperative and hostile
    /// relations weigh the same.
    Strongest,
    /// Unresolved: the pair stays out of triads.
    Drop,
}

impl SignPolicy {
    /// Every policy.
    pub const ALL: [SignPolicy; 3] = [SignPolicy::Net, SignPolicy::Strongest, SignPolicy::Drop];

    /// `net`, `strongest` or `drop`.
    pub fn as_str(self) -> &'static str {
        match self {
            SignPolicy::Net => "net",
            SignPolicy::Strongest => "strongest",
            SignPolicy::Drop => "drop",
        }
    }

    /// Parses a policy name.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == text)
    }

    /// The sign of a pair with cooperative relations of weights `plus` and hostile ones of
    /// weights `minus` (at least one of them non-empty): [`Sign::Positive`] or
    /// [`Sign::Negative`], or [`Sign::Ambivalent`] when the policy leaves it unresolved.
    pub fn sign(self, plus: &[f64], minus: &[f64]) -> Sign {
        match (plus.is_empty(), minus.is_empty()) {
            (false, true) => return Sign::Positive,
            (true, false) => return Sign::Negative,
            _ => {}
        }
        let by = |a: f64, b: f64| match a.total_cmp(&b) {
            std::cmp::Ordering::Greater => Sign::Positive,
            std::cmp::Ordering::Less => Sign::Negative,
            std::cmp::Ordering::Equal => Sign::Ambivalent,
        };
        match self {
            SignPolicy::Net => {
                let net = plus.iter().sum::<f64>() - minus.iter().sum::<f64>();
                // Weights are products of a few decimals: a sum within rounding of zero is zero.
                if net.abs() < 1e-9 { Sign::Ambivalent } else { by(net, 0.0) }
            }
            SignPolicy::Strongest => {
                let max = |w: &[f64]| w.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                by(max(plus), max(minus))
            }
            SignPolicy::Drop => Sign::Ambivalent,
        }
    }
}

/// Two actors with cooperative or hostile relations between them.
#[derive(Clone, PartialEq, Debug)]
pub struct SignedPair {
    /// The actor with the lower key.
    pub a: ActorKey,
    /// The actor with the higher key.
    pub b: ActorKey,
    /// The sign it takes in triads: [`Sign::Positive`] or [`Sign::Negative`], or
    /// [`Sign::Ambivalent`] for an ambivalent pair the policy leaves unresolved.
    pub sign: Sign,
    /// Its cooperative relations, by key.
    pub cooperative: Vec<RelationKey>,
    /// Its hostile relations, by key.
    pub hostile: Vec<RelationKey>,
}

impl SignedPair {
    /// Whether it has relations of both signs.
    pub fn is_ambivalent(&self) -> bool {
        !self.cooperative.is_empty() && !self.hostile.is_empty()
    }

    /// The sign of its relations taken together: `+`, `-`, or `±` when ambivalent, whatever
    /// the policy made of it.
    pub fn own_sign(&self) -> Sign {
        if self.is_ambivalent() { Sign::Ambivalent } else { self.sign }
    }

    /// Its relations, cooperative ones first.
    pub fn relations(&self) -> impl Iterator<Item = RelationKey> + '_ {
        self.cooperative.iter().chain(&self.hostile).copied()
    }

    /// Whether the pair is signed in triads (not left unresolved by the policy).
    pub fn is_resolved(&self) -> bool {
        self.sign != Sign::Ambivalent
    }
}

/// Three actors linked pairwise by resolved signed pairs.
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
    /// The policy that signed the ambivalent pairs.
    pub policy: SignPolicy,
    /// Every signed pair, ambivalent ones included, by (a, b).
    pub pairs: Vec<SignedPair>,
    /// Every triad of resolved pairs, by actors.
    pub triads: Vec<Triad>,
    /// The two camps; each actor of a signed pair is in one. In each connected part of the
    /// signed graph, the actor with the lowest key is in the first camp.
    pub camps: [Vec<ActorKey>; 2],
    /// Indices into `pairs` of the pairs with relations the camps contradict: cooperative
    /// relations across the camps, hostile ones inside a camp. Every ambivalent pair is here.
    pub frustrated: Vec<usize>,
    /// The frustration index: how many relations the camps contradict, and how close that is to
    /// the fewest possible.
    pub frustration: Frustration,
    /// Actors with cooperative relations to two actors hostile to each other, most bridges
    /// first.
    pub balancers: Vec<Balancer>,
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

    /// Indices into `pairs` of the ambivalent pairs.
    pub fn ambivalent(&self) -> Vec<usize> {
        (0..self.pairs.len()).filter(|&i| self.pairs[i].is_ambivalent()).collect()
    }

    /// The number of actors in the signed graph.
    pub fn actor_count(&self) -> usize {
        self.camps[0].len() + self.camps[1].len()
    }

    /// Indices into `pairs` of the pairs whose actors are in different camps.
    pub fn crossing(&self) -> Vec<usize> {
        let camp = self.camp_map();
        (0..self.pairs.len()).filter(|&i| camp[&self.pairs[i].a] != camp[&self.pairs[i].b]).collect()
    }

    /// Indices into `pairs` of the pairs with hostile relations whose actors share a camp.
    pub fn inside(&self) -> Vec<usize> {
        let camp = self.camp_map();
        (0..self.pairs.len())
            .filter(|&i| !self.pairs[i].hostile.is_empty() && camp[&self.pairs[i].a] == camp[&self.pairs[i].b])
            .collect()
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

/// The signed pairs of the relations that pass `filter` (direction and `through` ignored),
/// signed by `policy`, sorted by (a, b).
pub fn signed_pairs(graph: &Graph, filter: &Filter, policy: SignPolicy) -> Vec<SignedPair> {
    let mut by_pair: BTreeMap<(ActorKey, ActorKey), [Vec<RelationKey>; 2]> = BTreeMap::new();
    for (key, r) in graph.relations() {
        if r.negated || r.subject == r.object || !filter.accepts_edge(graph, r) {
            continue;
        }
        let side = match graph.sign_polarity(r) {
            Polarity::Cooperative => 0,
            Polarity::Hostile => 1,
            Polarity::Neutral => continue,
        };
        let pair = (r.subject.min(r.object), r.subject.max(r.object));
        by_pair.entry(pair).or_default()[side].push(key);
    }
    by_pair
        .into_iter()
        .map(|((a, b), [cooperative, hostile])| {
            let weights = |keys: &[RelationKey]| -> Vec<f64> {
                keys.iter().map(|&k| relation_weight(graph.relation(k))).collect()
            };
            let sign = policy.sign(&weights(&cooperative), &weights(&hostile));
            SignedPair { a, b, sign, cooperative, hostile }
        })
        .collect()
}

/// Structural balance of the relations that pass `filter` (direction and `through` ignored),
/// ambivalent pairs signed in triads by `policy`.
pub fn balance(graph: &Graph, filter: &Filter, policy: SignPolicy) -> Balance {
    compute(graph, filter, policy, &|| false)
}

/// [`balance`], given up once `stop` returns true: `None` then. `stop` is asked between the
/// steps of each stage (every pair, every connected part, every pass of the local search), so
/// that a caller with a time budget can end the work soon after the budget runs out.
pub fn balance_until(graph: &Graph, filter: &Filter, policy: SignPolicy, stop: &dyn Fn() -> bool) -> Option<Balance> {
    let b = compute(graph, filter, policy, stop);
    (!stop()).then_some(b)
}

/// The balance, incomplete when `stop` returned true on the way.
fn compute(graph: &Graph, filter: &Filter, policy: SignPolicy, stop: &dyn Fn() -> bool) -> Balance {
    let pairs = signed_pairs(graph, filter, policy);
    let triads = triads(graph.actor_count(), &pairs, stop);
    let split = split(graph.actor_count(), &pairs, stop);
    let balancers = balancers(graph, &pairs, stop);
    Balance {
        policy,
        pairs,
        triads,
        camps: split.camps,
        frustrated: split.frustrated,
        frustration: split.frustration,
        balancers,
    }
}

/// Every triad of resolved pairs: for each pair (a, b) with a < b, the common neighbours c > b.
fn triads(n: usize, pairs: &[SignedPair], stop: &dyn Fn() -> bool) -> Vec<Triad> {
    let mut adj: Vec<Vec<(u32, usize)>> = vec![Vec::new(); n];
    for (i, p) in pairs.iter().enumerate().filter(|(_, p)| p.is_resolved()) {
        adj[p.a.index()].push((p.b.0, i));
        adj[p.b.index()].push((p.a.0, i));
    }
    for row in &mut adj {
        row.sort_unstable();
    }
    let mut triads = Vec::new();
    for (i, p) in pairs.iter().enumerate().filter(|(_, p)| p.is_resolved()) {
        if stop() {
            break;
        }
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
    triads
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::testing::{Rel, build};
    use super::*;

    fn rel(s: usize, o: usize, kind: usize) -> Rel {
        Rel::plain(s, o, kind)
    }

    const ALLY: usize = 0;
    const ENEMY: usize = 1;
    const TALKS: usize = 2;

    #[test]
    fn hand_made_signed_graphs() {
        // a0 friendly with a1 and a2, who are enemies: the classic unbalanced triad.
        // a1, a2, a3: a3 is the enemy of a1 and the friend of a2: balanced (+ × - × - = +).
        // Neutral and negated relations are left out; a0-a4 is ambivalent.
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
        let b = balance(&g, &Filter::all(), SignPolicy::Drop);
        assert_eq!(b.pairs.len(), 6);
        assert_eq!(b.ambivalent(), [2]);
        let amb = &b.pairs[2];
        assert_eq!(
            (amb.a.index(), amb.b.index(), amb.sign, amb.own_sign()),
            (0, 4, Sign::Ambivalent, Sign::Ambivalent)
        );
        assert_eq!((amb.cooperative.len(), amb.hostile.len()), (1, 1));
        let triads: Vec<([usize; 3], bool)> =
            b.triads.iter().map(|t| (t.actors.map(|a| a.index()), t.balanced)).collect();
        assert_eq!(triads, [([0, 1, 2], false), ([1, 2, 3], true)]);
        assert_eq!(b.balanced_share(), Some(0.5));
        // One relation of a0-a4 is contradicted whatever the camps; one more for the triad.
        assert_eq!(b.frustration.upper, 2);
        assert!(b.frustration.is_exact());
        // a0 is a balancer of a1 and a2.
        assert_eq!(b.balancers.len(), 1);
        assert_eq!(b.balancers[0].actor.index(), 0);
    }

    #[test]
    fn policies_sign_ambivalent_pairs() {
        // a0-a1: a strong alliance and a limited enmity.
        let mut ally = rel(0, 1, ALLY);
        ally.strength = Some(2);
        let mut enemy = rel(0, 1, ENEMY);
        enemy.strength = Some(0);
        let g = build(2, &[ally.clone(), enemy.clone()]);
        let sign = |g: &Graph, p| balance(g, &Filter::all(), p).pairs[0].sign;
        assert_eq!(sign(&g, SignPolicy::Net), Sign::Positive);
        assert_eq!(sign(&g, SignPolicy::Strongest), Sign::Positive);
        assert_eq!(sign(&g, SignPolicy::Drop), Sign::Ambivalent);
        // Three limited enmities outweigh a strong alliance by sum, not by the strongest.
        let g = build(2, &[ally, enemy.clone(), enemy.clone(), enemy.clone(), enemy]);
        assert_eq!(sign(&g, SignPolicy::Net), Sign::Negative);
        assert_eq!(sign(&g, SignPolicy::Strongest), Sign::Positive);
        // Equal weights leave it unresolved.
        let g = build(2, &[rel(0, 1, ALLY), rel(0, 1, ENEMY)]);
        assert_eq!(sign(&g, SignPolicy::Net), Sign::Ambivalent);
        assert_eq!(sign(&g, SignPolicy::Strongest), Sign::Ambivalent);
    }

    #[test]
    fn a_rejected_relation_carries_no_sign() {
        // a1 and a2 are enemies; a0 is allied with a1 and offered an alliance to a2, rejected.
        let mut b = crate::GraphBuilder::new(super::super::testing::vocabulary());
        for i in 0..3 {
            b.add_actor(crate::ActorSpec::new(crate::ActorForm::Country, format!("a{i}"), format!("A{i}")));
        }
        for (s, kind, o, status) in [(0, "ally", 1, None), (1, "enemy", 2, None), (0, "ally", 2, Some("rejected"))] {
            b.add_relation(crate::RelationSpec {
                subject: format!("a{s}"),
                kind: kind.into(),
                object: format!("a{o}"),
                status: status.map(Into::into),
                ..Default::default()
            });
        }
        let g = b.build().graph.unwrap();
        let found = balance(&g, &Filter::all(), SignPolicy::Net);
        let pairs: Vec<(usize, usize, Sign)> = found.pairs.iter().map(|p| (p.a.index(), p.b.index(), p.sign)).collect();
        assert_eq!(pairs, [(0, 1, Sign::Positive), (1, 2, Sign::Negative)]);
        assert!(found.triads.is_empty() && found.balancers.is_empty());
        // The rejected offer still links a0 and a2, with no sign.
        let view = crate::query::View::new(&g, &Filter::all());
        let (a0, a2) = (g.actor_key("a0").unwrap(), g.actor_key("a2").unwrap());
        assert_eq!(view.hop_sign(a0, a2), Sign::Unknown);
        assert_eq!(view.relations_between(a0, a2).count(), 1);
    }

    #[test]
    fn a_stopped_balance_gives_no_answer() {
        use std::cell::Cell;
        // A ring of alliances with enmities across: many pairs, triads and a connected part.
        let n = 12;
        let rels: Vec<Rel> = (0..n)
            .flat_map(|i| [rel(i, (i + 1) % n, ALLY), rel(i, (i + 2) % n, ENEMY), rel(i, (i + 5) % n, ALLY)])
            .collect();
        let g = build(n, &rels);
        let asked = Cell::new(0usize);
        let never = || {
            asked.set(asked.get() + 1);
            false
        };
        let full = balance_until(&g, &Filter::all(), SignPolicy::Net, &never);
        assert_eq!(full, Some(balance(&g, &Filter::all(), SignPolicy::Net)));
        // Asked at every step of every stage, not only at the end.
        let checks = asked.get();
        assert!(checks > full.map_or(0, |b| b.pairs.len()), "{checks} checks");
        // Whenever the flag is raised, the answer is given up.
        for from in 1..=checks {
            let asked = Cell::new(0usize);
            let stop = || {
                asked.set(asked.get() + 1);
                asked.get() >= from
            };
            assert_eq!(balance_until(&g, &Filter::all(), SignPolicy::Net, &stop), None, "stopped at check {from}");
            assert!(asked.get() <= checks, "stopped at check {from}: {} checks", asked.get());
        }
    }

    #[test]
    fn three_mutual_enemies_are_unbalanced() {
        let g = build(3, &[rel(0, 1, ENEMY), rel(1, 2, ENEMY), rel(2, 0, ENEMY)]);
        let b = balance(&g, &Filter::all(), SignPolicy::Net);
        assert_eq!(b.triads.len(), 1);
        assert!(!b.triads[0].balanced);
        assert_eq!(b.frustrated.len(), 1);
        assert_eq!(b.frustration.upper, 1);
    }

    proptest! {
        #[test]
        fn pairs_and_triads_match_brute_force(
            edges in proptest::collection::vec((0usize..8, 1usize..8, 0usize..3, 0usize..3), 0..24),
            policy in 0usize..3,
        ) {
            let n = 8;
            let policy = SignPolicy::ALL[policy];
            let rels: Vec<Rel> = edges
                .iter()
                .map(|&(s, d, k, st)| Rel { strength: Some(st), ..rel(s, (s + d) % n, k) })
                .collect();
            let g = build(n, &rels);
            let b = balance(&g, &Filter::all(), policy);
            // Each pair: its relations by polarity, straight from the list.
            let weight = |r: &Rel| [1.0 / 3.0, 2.0 / 3.0, 1.0][r.strength.unwrap()];
            let mut expected_pairs = Vec::new();
            for x in 0..n {
                for y in x + 1..n {
                    let of = |k: usize| -> Vec<f64> {
                        rels.iter().filter(|r| r.kind == k && r.s.min(r.o) == x && r.s.max(r.o) == y).map(weight).collect()
                    };
                    let (plus, minus) = (of(ALLY), of(ENEMY));
                    if plus.is_empty() && minus.is_empty() {
                        continue;
                    }
                    let sign = match (plus.is_empty(), minus.is_empty(), policy) {
                        (false, true, _) => Sign::Positive,
                        (true, false, _) => Sign::Negative,
                        (_, _, SignPolicy::Drop) => Sign::Ambivalent,
                        (_, _, SignPolicy::Net) => {
                            let net: f64 = plus.iter().sum::<f64>() - minus.iter().sum::<f64>();
                            if net.abs() < 1e-9 { Sign::Ambivalent } else if net > 0.0 { Sign::Positive } else { Sign::Negative }
                        }
                        (_, _, SignPolicy::Strongest) => {
                            let (p, m) = (plus.iter().copied().fold(0.0, f64::max), minus.iter().copied().fold(0.0, f64::max));
                            if p > m { Sign::Positive } else if m > p { Sign::Negative } else { Sign::Ambivalent }
                        }
                    };
                    expected_pairs.push((x, y, sign, !plus.is_empty() && !minus.is_empty()));
                }
            }
            let found: Vec<_> = b.pairs.iter().map(|p| (p.a.index(), p.b.index(), p.sign, p.is_ambivalent())).collect();
            prop_assert_eq!(&found, &expected_pairs);
            let sign = |x: usize, y: usize| expected_pairs.iter().find(|p| p.0 == x && p.1 == y).map(|p| p.2).filter(|&s| s != Sign::Ambivalent);
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
        }
    }
}
