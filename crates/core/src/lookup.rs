//! Finding an actor from what a user typed: its id, its name or one of its aliases.
//!
//! An id is always exact and wins. Otherwise names and aliases are compared after
//! [`normalize_quote`](crate::normalize_quote) (case, whitespace and typographic quotes and dashes
//! are forgiven), so `show Ankara` finds the actor whose alias is "Ankara" and `show erdogan` the
//! one named "Erdogan". A name that several actors share is ambiguous: the error lists them all.

use crate::error::Error;
use crate::graph::{ActorKey, Graph};
use crate::quote::normalize;

/// The actor `wanted` names: its id, else the one actor whose name or an alias matches.
///
/// Errors: [`Error::AmbiguousActor`] when several actors answer to the name (each listed as
/// `id (name)`, in data order), [`Error::UnknownActor`] with suggestions when none does.
pub fn find_actor(graph: &Graph, wanted: &str) -> Result<ActorKey, Error> {
    if let Some(key) = graph.actor_key(wanted) {
        return Ok(key);
    }
    let key = normalize(wanted);
    if key.is_empty() {
        return Err(unknown(graph, wanted));
    }
    let matches: Vec<ActorKey> = graph
        .actors()
        .filter(|(_, a)| {
            normalize(&a.id) == key || normalize(&a.name) == key || a.aliases.iter().any(|al| normalize(al) == key)
        })
        .map(|(k, _)| k)
        .collect();
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => Err(unknown(graph, wanted)),
        several => Err(Error::AmbiguousActor {
            wanted: wanted.to_owned(),
            candidates: several
                .iter()
                .map(|&k| {
                    let a = graph.actor(k);
                    format!("{} ({})", a.id, a.name)
                })
                .collect(),
        }),
    }
}

fn unknown(graph: &Graph, wanted: &str) -> Error {
    Error::UnknownActor {
        id: wanted.to_owned(),
        suggestions: graph.suggest_actor(wanted).into_iter().map(String::from).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ActorForm, ActorKindSpec, ActorSpec, GraphBuilder, RelationKindSpec, Vocabulary};

    fn graph() -> Graph {
        let kinds = ["country", "person", "organization", "event"]
            .map(|id| ActorKindSpec { id: id.into(), ..Default::default() })
            .to_vec();
        let rk = vec![RelationKindSpec {
            id: "holds_office".into(),
            polarity: Some("neutral".into()),
            ..Default::default()
        }];
        let (vocabulary, _) = Vocabulary::build(kinds, rk);
        let mut b = GraphBuilder::new(vocabulary.unwrap());
        let mut turkey = ActorSpec::new(ActorForm::Country, "turkey", "Türkiye");
        turkey.aliases = vec!["Turkey".into(), "Ankara".into()];
        b.add_actor(turkey);
        let mut erdogan = ActorSpec::new(ActorForm::Person, "erdogan", "Recep Tayyip Erdoğan");
        erdogan.aliases = vec!["Erdogan".into()];
        b.add_actor(erdogan);
        let mut georgia = ActorSpec::new(ActorForm::Country, "georgia", "Georgia");
        georgia.aliases = vec!["Tbilisi".into()];
        b.add_actor(georgia);
        let mut us_state = ActorSpec::new(ActorForm::Generic, "georgia_us", "Georgia");
        us_state.kind = Some("organization".into());
        b.add_actor(us_state);
        let built = b.build();
        built.graph.expect("valid test graph")
    }

    #[test]
    fn ids_names_and_aliases_find_the_actor() {
        let g = graph();
        let id = |k: ActorKey| g.actor(k).id.to_string();
        assert_eq!(id(find_actor(&g, "turkey").unwrap()), "turkey");
        assert_eq!(id(find_actor(&g, "Ankara").unwrap()), "turkey");
        assert_eq!(id(find_actor(&g, "  ankara ").unwrap()), "turkey");
        assert_eq!(id(find_actor(&g, "Türkiye").unwrap()), "turkey");
        assert_eq!(id(find_actor(&g, "Erdogan").unwrap()), "erdogan");
        assert_eq!(id(find_actor(&g, "recep tayyip  ERDOĞAN").unwrap()), "erdogan");
        assert_eq!(id(find_actor(&g, "TURKEY").unwrap()), "turkey");
        // An exact id wins over a name another actor has.
        assert_eq!(id(find_actor(&g, "georgia").unwrap()), "georgia");
    }

    #[test]
    fn a_shared_name_lists_every_candidate_and_a_miss_suggests() {
        let g = graph();
        match find_actor(&g, "Georgia") {
            Err(Error::AmbiguousActor { wanted, candidates }) => {
                assert_eq!(wanted, "Georgia");
                assert_eq!(candidates, ["georgia (Georgia)", "georgia_us (Georgia)"]);
            }
            other => panic!("expected ambiguity, got {other:?}"),
        }
        let message = find_actor(&g, "Georgia").unwrap_err().to_string();
        assert!(message.contains("georgia_us (Georgia)"), "{message}");
        match find_actor(&g, "ankra") {
            Err(Error::UnknownActor { suggestions, .. }) => {
                assert_eq!(suggestions.first().map(String::as_str), Some("turkey"))
            }
            other => panic!("expected unknown, got {other:?}"),
        }
        assert!(matches!(find_actor(&g, "   "), Err(Error::UnknownActor { .. })));
    }
}
