//! Queries on a [`Graph`](crate::Graph): paths, neighbourhoods, centrality and structural
//! balance, each through a [`Filter`](crate::Filter) (kinds, polarity, date, confidence,
//! avoided actors, direction).
//!
//! Every query first builds a [`View`]: the relations that pass the filter as compact adjacency
//! lists of actor indices, built in one pass and never copying the graph's data. Negated
//! relations never appear in a view. To run several queries with one filter, build the view
//! once and call its methods; the free functions build one for a single query.
//!
//! ```
//! use diplograph_core::*;
//! use diplograph_core::query::{View, neighborhood, shortest_path};
//!
//! let kinds = ["country", "person", "organization", "event"]
//!     .map(|id| ActorKindSpec { id: id.into(), ..Default::default() });
//! let relation_kinds = [("holds_office", "neutral"), ("partnership", "cooperative"), ("war", "hostile")]
//!     .map(|(id, p)| RelationKindSpec { id: id.into(), polarity: Some(p.into()), directed: Some(false), ..Default::default() });
//! let (vocabulary, _) = Vocabulary::build(kinds.to_vec(), relation_kinds.to_vec());
//! let mut builder = GraphBuilder::new(vocabulary.unwrap());
//! for id in ["russia", "iran", "israel"] {
//!     builder.add_actor(ActorSpec::new(ActorForm::Country, id, id));
//! }
//! for (s, k, o) in [("russia", "partnership", "iran"), ("iran", "war", "israel")] {
//!     builder.add_relation(RelationSpec { subject: s.into(), kind: k.into(), object: o.into(), ..Default::default() });
//! }
//! let graph = builder.build().graph.unwrap();
//! let key = |id| graph.actor_key(id).unwrap();
//!
//! let path = shortest_path(&graph, key("russia"), key("israel"), &Filter::all(), false).unwrap();
//! assert_eq!(path.actors(), [key("russia"), key("iran"), key("israel")]);
//! let view = View::new(&graph, &Filter::all());
//! assert_eq!(path.sign(&view), query::Sign::Negative); // the friend of an enemy
//!
//! let rings = neighborhood(&graph, key("israel"), 2, &Filter::all());
//! assert_eq!(rings, [vec![key("israel")], vec![key("iran")], vec![key("russia")]]);
//! ```

mod all_paths;
mod balance;
mod balancers;
mod bits;
mod camps;
mod centrality;
mod k_shortest;
mod neighbors;
mod path;
mod scratch;
mod search;
mod view;
mod weighted;

pub use all_paths::{AllPaths, all_paths};
pub use balance::{Balance, SignPolicy, SignedPair, Triad, balance, balance_until, signed_pairs};
pub use balancers::{Balancer, Bridge};
pub use camps::{EXACT_LIMIT, Frustration};
pub use centrality::{DAMPING, Metric};
pub use k_shortest::{KPaths, k_shortest_paths};
pub use neighbors::neighborhood;
pub use path::{Hop, Path, Sign, THROUGH_BUDGET, shortest_path};
pub use view::View;
pub use weighted::{cheapest_path, relation_cost, relation_weight};

#[cfg(test)]
mod reuse_tests;
#[cfg(test)]
pub(crate) mod testing;
#[cfg(test)]
mod tests;
