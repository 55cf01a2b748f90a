//! `between`: every relation between two actors, both ways, negated and ended ones included.

use diplograph_core::{ActorKey, FilterSpec, Graph, Relation};
use serde::Serialize;

use crate::error::{Error, actor_key, resolve_filter};
use crate::shapes::{ActorRefJson, RelationJson};

/// The relations between two actors.
pub struct Between<'g> {
    /// The first actor.
    pub a: ActorKey,
    /// The second actor.
    pub b: ActorKey,
    /// The relations between them that pass the filter, in key order.
    pub relations: Vec<&'g Relation>,
    /// How many relations between them the filter hid.
    pub hidden: usize,
}

/// The JSON of [`Between`].
#[derive(Serialize)]
pub struct BetweenJson<'a> {
    /// The first actor.
    pub a: ActorRefJson<'a>,
    /// The second actor.
    pub b: ActorRefJson<'a>,
    /// The relations between them that pass the filter, in key order.
    pub relations: Vec<RelationJson<'a>>,
}

/// The relations between actors `a` and `b` that pass `filter` (negated ones included).
pub fn between<'g>(graph: &'g Graph, a: &str, b: &str, filter: &FilterSpec) -> Result<Between<'g>, Error> {
    let (ka, kb) = (actor_key(graph, a)?, actor_key(graph, b)?);
    if ka == kb {
        return Err(Error::Invalid(format!("A and B are the same actor, \"{a}\"")));
    }
    let spec = FilterSpec { include_negated: true, ..filter.clone() };
    let filter = resolve_filter(graph, &spec)?;
    let all = graph.between(ka, kb);
    let relations: Vec<&Relation> = all.iter().filter(|(_, r)| filter.accepts(graph, r)).map(|(_, r)| *r).collect();
    Ok(Between { a: ka, b: kb, hidden: all.len() - relations.len(), relations })
}

impl Between<'_> {
    /// The answer as JSON.
    pub fn json<'a>(&'a self, graph: &'a Graph) -> BetweenJson<'a> {
        BetweenJson {
            a: ActorRefJson::new(graph, self.a),
            b: ActorRefJson::new(graph, self.b),
            relations: self.relations.iter().map(|r| RelationJson::new(graph, r)).collect(),
        }
    }
}
