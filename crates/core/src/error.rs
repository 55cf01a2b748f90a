//! The core's error type, for queries and filters given by callers (not data problems).

use crate::date::DateError;

/// A query or filter that cannot be answered as asked.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// No actor has this id.
    #[error("no actor \"{id}\" in the data{}", hint(.suggestions))]
    UnknownActor {
        /// The id asked for.
        id: String,
        /// Near ids, best first.
        suggestions: Vec<String>,
    },
    /// Several actors answer to this name or alias.
    #[error("\"{wanted}\" is ambiguous: it names {}; give the id", .candidates.join(", "))]
    AmbiguousActor {
        /// What was asked for.
        wanted: String,
        /// Each actor it names, as `id (name)`, in data order.
        candidates: Vec<String>,
    },
    /// No relation kind has this id.
    #[error("unknown relation kind \"{id}\"{}", hint(.suggestions))]
    UnknownRelationKind {
        /// The kind asked for.
        id: String,
        /// Near kinds, best first.
        suggestions: Vec<String>,
    },
    /// No actor kind has this id.
    #[error("unknown actor kind \"{id}\"{}", hint(.suggestions))]
    UnknownActorKind {
        /// The kind asked for.
        id: String,
        /// Near kinds, best first.
        suggestions: Vec<String>,
    },
    /// No relation kind has this category.
    #[error("unknown category \"{id}\"; the categories are {known}")]
    UnknownCategory {
        /// The category asked for.
        id: String,
        /// The known categories, comma-separated.
        known: String,
    },
    /// Not a polarity name.
    #[error("unknown polarity \"{0}\"; polarity is cooperative, hostile or neutral")]
    UnknownPolarity(String),
    /// A malformed date.
    #[error(transparent)]
    Date(#[from] DateError),
    /// An argument out of its range.
    #[error("{0}")]
    Invalid(String),
}

fn hint(suggestions: &[String]) -> String {
    let refs: Vec<&str> = suggestions.iter().map(String::as_str).collect();
    crate::suggest::did_you_mean(&refs).map(|h| format!("; {h}")).unwrap_or_default()
}
