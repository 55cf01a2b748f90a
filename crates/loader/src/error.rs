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
