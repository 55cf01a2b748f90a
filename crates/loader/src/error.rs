//! The loader's error type: problems of the environment, not of the data.

use std::io;
use std::path::PathBuf;

/// Why data could not be read at all. Problems in the data itself are
/// [`Diagnostic`](crate::Diagnostic)s, not errors.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The data path does not exist.
    #[error("no data at {}: the path does not exist", .0.display())]
    NotFound(PathBuf),
    /// The data path holds no `.ron` file.
    #[error("no .ron files in {}", .0.display())]
    NoFiles(PathBuf),
    /// Another edit of the dataset is in progress.
    #[error("another edit of the data at {} is in progress", .0.display())]
    Locked(PathBuf),
    /// A file changed, by another program, while an edit of it was being prepared.
    #[error("{} changed while the edit was being prepared; nothing was written, run the edit again", .0.display())]
    Changed(PathBuf),
    /// An edit journal that cannot be read.
    #[error("the edit journal {} is damaged; check the data files, then remove it", .0.display())]
    Journal(PathBuf),
    /// A file could not be written (an edit's, or while an interrupted edit is settled).
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// A file was not read: not a regular file, a link, too large, or outside the dataset.
    #[error("cannot read {}: {reason}", path.display())]
    NotRead {
        /// The path.
        path: PathBuf,
        /// Why.
        #[source]
        reason: crate::confine::Refusal,
    },
    /// The load was cancelled through [`LoadOptions::cancel`](crate::LoadOptions::cancel) before
    /// it finished: it gave no graph.
    #[error("the load was cancelled before it finished; nothing was loaded")]
    Cancelled,
    /// A directory or file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        #[source]
        source: io::Error,
    },
}
