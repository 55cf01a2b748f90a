//! `neighbors`: the ego network of an actor, grouped by hop.

use std::collections::BTreeSet;

use diplograph_core::query::View;
use diplograph_core::{ActorKey, Graph, RelationKey};
use serde::Serialize;

use crate::shapes::{ActorRefJson, RelationJson};

/// The actors within a number of hops of one actor.
pub struct Neighbors {
    /// The actor at the centre.
    pub start: ActorKey,
    /// The number of hops asked for.
    pub depth: usize,
    /// The rings: `rings[d]` holds the actors `d` hops away (`rings[0]` is the start).
    pub rings: Vec<Vec<ActorKey>>,
    /// For each ring from the first, for each of its actors, the relations that reach it from
    /// the ring before, in key order.
    pub via: Vec<Vec<Vec<RelationKey>>>,
}

/// An actor of a ring in JSON.
#[derive(Serialize)]
pub struct NeighborJson<'a> {
    /// Its id.
    pub id: &'a str,
    /// Its name.
    pub name: &'a str,
    /// The relations that reach this actor from the previous hop.
    pub via: Vec<RelationJson<'a>>,
}

/// A ring in JSON.
#[derive(Serialize)]
pub struct RingJson<'a> {
    /// Its distance from the start, in hops.
    pub distance: usize,
    /// Its actors.
    pub actors: Vec<NeighborJson<'a>>,
}

/// The JSON of [`Neighbors`].
#[derive(Serialize)]
pub struct NeighborsJson<'a> {
    /// The actor at the centre.
    pub actor: ActorRefJson<'a>,
    /// The number of hops asked for.
    pub depth: usize,
    /// The rings, nearest first.
    pub hops: Vec<RingJson<'a>>,
}

/// The neighbourhood of `start` within `depth` hops on `view`.
pub fn neighbors(view: &View<'_>, start: ActorKey, depth: usize) -> Neighbors {
    neighbors_until(view, start, depth, &|| false).unwrap_or(Neighbors {
        start,
        depth,
        rings: Vec::new(),
        via: Vec::new(),
    })
}

/// [`neighbors`], given up once `stop` returns true (asked before each ring and each ring's
/// relations): `None` then.
pub fn neighbors_until(view: &View<'_>, start: ActorKey, depth: usize, stop: &dyn Fn() -> bool) -> Option<Neighbors> {
    let rings = view.neighborhood_until(start, depth, stop)?;
    let mut via = Vec::with_capacity(rings.len().saturating_sub(1));
    for d in 1..rings.len() {
        if stop() {
            return None;
        }
        let previous: BTreeSet<_> = rings[d - 1].iter().copied().collect();
        let ring = rings[d]
            .iter()
            .map(|&a| {
                let keys: BTreeSet<RelationKey> =
                    view.predecessors(a).filter(|(p, _)| previous.contains(p)).map(|(_, k)| k).collect();
                keys.into_iter().collect()
            })
            .collect();
        via.push(ring);
    }
    Some(Neighbors { start, depth, rings, via })
}

impl Neighbors {
    /// The answer as JSON.
    pub fn json<'a>(&'a self, graph: &'a Graph) -> NeighborsJson<'a> {
        NeighborsJson {
            actor: ActorRefJson::new(graph, self.start),
            depth: self.depth,
            hops: (1..self.rings.len())
                .map(|d| RingJson {
                    distance: d,
                    actors: self.rings[d]
                        .iter()
                        .zip(&self.via[d - 1])
                        .map(|(&a, via)| NeighborJson {
                            id: &graph.actor(a).id,
                            name: &graph.actor(a).name,
                            via: via.iter().map(|&k| RelationJson::new(graph, graph.relation(k))).collect(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}
