//! Why a request cannot be answered, and the actor look-up every query shares.

use diplograph_core::{ActorKey, Graph};

/// A request that cannot be answered as asked. The message is for the user, with a fix.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No actor has this id.
    #[error("no actor \"{id}\" in the data; {hint}")]
    UnknownActor {
        /// The id asked for.
        id: String,
        /// Near ids, best first.
        suggestions: Vec<String>,
        /// A did-you-mean, or where to find the actors.
        hint: String,
    },
    /// The request contradicts itself or the data (the same actor at both ends, a limit of 0).
    #[error("{0}")]
    Invalid(String),
    /// The filter names something the data does not have.
    #[error(transparent)]
    Filter(#[from] diplograph_core::Error),
    /// A dataset at a git revision could not be read.
    #[error("{0}")]
    Git(String),
}

/// The key of an actor given by id, name or alias ([`diplograph_core::find_actor`]), or
/// [`Error::UnknownActor`] with the nearest ids; a name several actors share is an error that
/// lists them.
pub fn actor_key(graph: &Graph, id: &str) -> Result<ActorKey, Error> {
    diplograph_core::find_actor(graph, id).map_err(|e| match e {
        diplograph_core::Error::UnknownActor { suggestions, .. } => {
            let near: Vec<&str> = suggestions.iter().map(String::as_str).collect();
            let hint = diplograph_core::suggest::did_you_mean(&near)
                .unwrap_or_else(|| "run `diplograph list` to see the actors".into());
            Error::UnknownActor { id: id.to_owned(), suggestions, hint }
        }
        other => Error::Filter(other),
    })
}

/// Resolves a filter against the graph.
pub(crate) fn resolve_filter(
    graph: &Graph,
    spec: &diplograph_core::FilterSpec,
) -> Result<diplograph_core::Filter, Error> {
    Ok(diplograph_core::Filter::resolve(spec, graph)?)
}
