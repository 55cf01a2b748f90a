//! `list`: the actors, by kind; and the search that finds them by id, name or alias.

use diplograph_core::{Actor, Graph};
use serde::Serialize;

use crate::error::Error;
use crate::shapes::ActorRefJson;

/// The actors of a kind (its sub-kinds included), or all of them, in key order.
pub fn list<'g>(graph: &'g Graph, kind: Option<&str>) -> Result<Vec<&'g Actor>, Error> {
    let vocabulary = graph.vocabulary();
    let kind = match kind {
        None => None,
        Some(k) => Some(vocabulary.actor_kind_id(k).ok_or_else(|| {
            let names: Vec<&str> = vocabulary.actor_kinds().map(|(_, k)| &*k.id).collect();
            let near = diplograph_core::suggest::closest(k, names.iter().map(|n| (*n, *n)));
            let hint = diplograph_core::suggest::did_you_mean(&near).unwrap_or_else(|| {
                format!("the kinds are {}", diplograph_core::suggest::one_of(names.iter().copied(), 40))
            });
            Error::Invalid(format!("unknown actor kind \"{k}\"; {hint}"))
        })?),
    };
    Ok(graph.actors().filter(|(_, a)| kind.is_none_or(|k| vocabulary.is_a(a.kind, k))).map(|(_, a)| a).collect())
}

/// An actor found by a search.
#[derive(Serialize)]
pub struct Found<'a> {
    /// The actor's id.
    pub id: &'a str,
    /// Its name.
    pub name: &'a str,
    /// Its kind.
    pub kind: &'a str,
    /// The alias that matched, when neither the id nor the name did.
    pub alias: Option<&'a str>,
}

/// The answer of a search.
#[derive(Serialize)]
pub struct Search<'a> {
    /// What was searched for.
    pub query: &'a str,
    /// Actors whose id, name or an alias contains the query (case aside): exact matches first,
    /// then those that start with it, then the others, each group in key order.
    pub matches: Vec<Found<'a>>,
    /// Whether more actors matched than `limit` let through.
    pub truncated: bool,
    /// When nothing matches: the nearest ids (did you mean).
    pub suggestions: Vec<ActorRefJson<'a>>,
}

/// Actors whose id, name or alias contains `query`, at most `limit`; with near ids when none.
pub fn search<'a>(graph: &'a Graph, query: &'a str, limit: usize) -> Search<'a> {
    let wanted = query.trim().to_lowercase();
    let mut ranked: Vec<(u8, usize, Found<'a>)> = Vec::new();
    if !wanted.is_empty() {
        for (key, a) in graph.actors() {
            let rank = |text: &str| {
                let text = text.to_lowercase();
                if text == wanted {
                    Some(0)
                } else if text.starts_with(&wanted) {
                    Some(1)
                } else {
                    text.contains(&wanted).then_some(2)
                }
            };
            let by_name = [rank(&a.id), rank(&a.name)].into_iter().flatten().min();
            let by_alias = a.aliases.iter().filter_map(|al| rank(al).map(|r| (r, &**al))).min_by_key(|x| x.0);
            let (best, alias) = match (by_name, by_alias) {
                (Some(r), Some((ra, al))) if ra < r => (ra, Some(al)),
                (Some(r), _) => (r, None),
                (None, Some((ra, al))) => (ra, Some(al)),
                (None, None) => continue,
            };
            let kind = &*graph.vocabulary().actor_kind(a.kind).id;
            ranked.push((best, key.index(), Found { id: &a.id, name: &a.name, kind, alias }));
        }
    }
    ranked.sort_by_key(|(r, k, _)| (*r, *k));
    let truncated = ranked.len() > limit;
    let matches: Vec<Found<'a>> = ranked.into_iter().take(limit).map(|(_, _, f)| f).collect();
    let suggestions = if matches.is_empty() && !wanted.is_empty() {
        graph
            .suggest_actor(query.trim())
            .into_iter()
            .filter_map(|id| graph.actor_key(id))
            .map(|k| ActorRefJson::new(graph, k))
            .collect()
    } else {
        Vec::new()
    };
    Search { query, matches, truncated, suggestions }
}
