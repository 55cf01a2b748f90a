//! `Error`: why an export could not be written.

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Writing failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// The CSV writer failed.
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
    /// Serializing JSON failed.
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// An IRI or a literal could not be made (RDF).
    #[error("cannot write RDF: {0}")]
    Rdf(String),
}
