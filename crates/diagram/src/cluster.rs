//! `--cluster`: the country each actor belongs to, for the boxes that group them.

use diplograph_core::{ActorKey, Graph};

/// The country `key` belongs to, if any.
///
/// A country belongs to itself. Any other actor belongs to its declared `country`; a person
/// without one belongs to the country of their first office: the actor the office is of when
/// that is a country, else that actor's own declared country (a minister of a government body).
pub fn country_of(graph: &Graph, key: ActorKey) -> Option<ActorKey> {
    let vocabulary = graph.vocabulary();
    let is_country = |k: ActorKey| vocabulary.is_a(graph.actor(k).kind, vocabulary.roots().country);
    if is_country(key) {
        return Some(key);
    }
    let actor = graph.actor(key);
    if let Some(c) = actor.country {
        return Some(c);
    }
    actor.offices.iter().find_map(|o| if is_country(o.of) { Some(o.of) } else { graph.actor(o.of).country })
}

/// The country box of each of `actors` (same order): a country gets a box only when at least one
/// other actor of the list belongs to it; a lone country stays outside any box.
pub fn countries(graph: &Graph, actors: &[ActorKey]) -> Vec<Option<ActorKey>> {
    let of: Vec<Option<ActorKey>> = actors.iter().map(|&a| country_of(graph, a)).collect();
    let mut has_members = vec![false; graph.actor_count()];
    for (&a, &c) in actors.iter().zip(&of) {
        if let Some(c) = c.filter(|&c| c != a) {
            has_members[c.index()] = true;
        }
    }
    actors.iter().zip(&of).map(|(&a, &c)| c.filter(|&c| c != a || has_members[c.index()])).collect()
}
