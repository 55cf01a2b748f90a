//! `balance`: structural balance of the signed graph, its ambivalent pairs, its frustration
//! index and its balancers, in JSON.

use diplograph_core::query::{Balance, SignedPair};
use diplograph_core::{Filter, Graph, RelationKey};
use serde::Serialize;

use crate::shapes::RelationJson;

/// A signed pair in JSON.
#[derive(Serialize)]
pub struct PairJson<'a> {
    /// The actor with the lower key.
    pub a: &'a str,
    /// The other.
    pub b: &'a str,
    /// The sign in triads: `positive`, `negative`, or `ambivalent` when the policy leaves an
    /// ambivalent pair unresolved.
    pub sign: &'static str,
    /// Whether the pair has both cooperative and hostile relations.
    pub ambivalent: bool,
    /// Its cooperative relations.
    pub cooperative: Vec<RelationJson<'a>>,
    /// Its hostile relations.
    pub hostile: Vec<RelationJson<'a>>,
}

/// A triad in JSON.
#[derive(Serialize)]
pub struct TriadJson<'a> {
    /// Its three actors.
    pub actors: [&'a str; 3],
    /// Whether it is balanced.
    pub balanced: bool,
    /// Its three pairs.
    pub pairs: Vec<PairJson<'a>>,
}

/// The frustration index in JSON.
#[derive(Serialize)]
pub struct FrustrationJson {
    /// No split contradicts fewer relations.
    pub lower: usize,
    /// The relations the camps contradict.
    pub upper: usize,
    /// Whether the index is known exactly.
    pub exact: bool,
    /// `enumeration` (every split tried) or `local search` (with a lower bound).
    pub method: &'static str,
}

/// A hostile pair a balancer bridges, in JSON.
#[derive(Serialize)]
pub struct BridgeJson<'a> {
    /// The two hostile actors.
    pub between: [&'a str; 2],
    /// The weaker tie times the heaviest hostility.
    pub weight: f64,
    /// The balancer with each of the two, then the two with each other.
    pub pairs: Vec<PairJson<'a>>,
}

/// A balancer in JSON.
#[derive(Serialize)]
pub struct BalancerJson<'a> {
    /// The actor.
    pub actor: &'a str,
    /// The sum of its bridges' weights.
    pub weight: f64,
    /// The hostile pairs it bridges, heaviest first.
    pub bridges: Vec<BridgeJson<'a>>,
}

/// The JSON of a [`Balance`].
#[derive(Serialize)]
pub struct BalanceJson<'a> {
    /// `net`, `strongest` or `drop`.
    pub policy: &'static str,
    /// Actors in a signed pair.
    pub actors: usize,
    /// Signed pairs, ambivalent ones included.
    pub pairs: usize,
    /// Triads.
    pub triads: usize,
    /// Balanced triads.
    pub balanced_triads: usize,
    /// Balanced triads over all triads; null when there is none.
    pub balanced_share: Option<f64>,
    /// The frustration index.
    pub frustration: FrustrationJson,
    /// Pairs with both cooperative and hostile relations.
    pub ambivalent: Vec<PairJson<'a>>,
    /// Actors with cooperative relations to both sides of a hostile pair, ranked.
    pub balancers: Vec<BalancerJson<'a>>,
    /// The unbalanced triads.
    pub unbalanced: Vec<TriadJson<'a>>,
    /// The two camps.
    pub camps: [Vec<&'a str>; 2],
    /// Pairs with relations the camps contradict.
    pub frustrated: Vec<PairJson<'a>>,
    /// Pairs whose actors are in different camps.
    pub crossing: Vec<PairJson<'a>>,
    /// At a date (`at`, without `dated`): how many relations behind the pairs have no date.
    pub undated_relations: Option<usize>,
}

fn pair_json<'a>(graph: &'a Graph, p: &SignedPair) -> PairJson<'a> {
    let relations = |keys: &[RelationKey]| keys.iter().map(|&k| RelationJson::new(graph, graph.relation(k))).collect();
    PairJson {
        a: &graph.actor(p.a).id,
        b: &graph.actor(p.b).id,
        sign: p.sign.as_str(),
        ambivalent: p.is_ambivalent(),
        cooperative: relations(&p.cooperative),
        hostile: relations(&p.hostile),
    }
}

/// At a date (and without `dated_only`), how many relations behind the pairs of `b` are
/// undated; `None` otherwise.
pub fn undated(graph: &Graph, filter: &Filter, b: &Balance) -> Option<usize> {
    (filter.at.is_some() && !filter.dated_only)
        .then(|| b.pairs.iter().flat_map(|p| p.relations()).filter(|&k| graph.relation(k).is_undated()).count())
}

/// The JSON of `b`, computed on `graph` through `filter`.
pub fn json<'a>(graph: &'a Graph, b: &Balance, filter: &Filter) -> BalanceJson<'a> {
    let pairs = |idx: &mut dyn Iterator<Item = usize>| idx.map(|i| pair_json(graph, &b.pairs[i])).collect::<Vec<_>>();
    BalanceJson {
        policy: b.policy.as_str(),
        actors: b.actor_count(),
        pairs: b.pairs.len(),
        triads: b.triads.len(),
        balanced_triads: b.balanced_count(),
        balanced_share: b.balanced_share(),
        frustration: FrustrationJson {
            lower: b.frustration.lower,
            upper: b.frustration.upper,
            exact: b.frustration.is_exact(),
            method: if b.frustration.enumerated { "enumeration" } else { "local search" },
        },
        ambivalent: pairs(&mut b.ambivalent().into_iter()),
        balancers: b
            .balancers
            .iter()
            .map(|x| BalancerJson {
                actor: &graph.actor(x.actor).id,
                weight: x.weight,
                bridges: x
                    .bridges
                    .iter()
                    .map(|br| BridgeJson {
                        between: br.between.map(|a| &*graph.actor(a).id),
                        weight: br.weight,
                        pairs: pairs(&mut br.pairs.into_iter()),
                    })
                    .collect(),
            })
            .collect(),
        unbalanced: b
            .triads
            .iter()
            .filter(|t| !t.balanced)
            .map(|t| TriadJson {
                actors: t.actors.map(|a| &*graph.actor(a).id),
                balanced: false,
                pairs: pairs(&mut t.pairs.into_iter()),
            })
            .collect(),
        camps: [0, 1].map(|c| b.camps[c].iter().map(|&a| &*graph.actor(a).id).collect()),
        frustrated: pairs(&mut b.frustrated.iter().copied()),
        crossing: pairs(&mut b.crossing().into_iter()),
        undated_relations: undated(graph, filter, b),
    }
}
