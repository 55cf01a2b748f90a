//! The editing engine's error type: edits that cannot be carried out, refused, or not written.

use std::io;
use std::path::PathBuf;

/// Why an edit was not made. Problems the edited data would have are diagnostics of its load.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The dataset could not be read at all.
    #[error(transparent)]
    Load(#[from] diplograph_loader::Error),
    /// An edit that cannot be carried out as asked (unknown id, unknown field, bad value).
    #[error("{0}")]
    Edit(String),
    /// An edit refused because of what the data holds (an actor still referred to).
    #[error("{0}")]
    Refused(String),
    /// Rows of CSV tables that cannot be imported, each problem located at its cell.
    #[error("{0}")]
    Rows(Box<crate::RowProblems>),
    /// A file could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: io::Error,
    },
}
