//! Reads diplograph's RON data files into the core model, reporting every problem like a compiler.
//!
//! [`load`] finds every `.ron` file of a dataset, parses them on all cores, and hands the entries
//! to the core's validating builder. Each problem comes back as a [`Diagnostic`] with its file,
//! line and column, a snippet and a hint, ready for [`Loaded::render`].
//!
//! ```
//! use diplograph_loader::{LoadOptions, load_texts};
//!
//! let data = r#"Graph(
//!     actors: [Country(id: "iran", name: "Iran"), Country(id: "russia", name: "Russia")],
//!     relations: [Relation(subject: "russia", kind: "strategic_partnership", object: "iram")],
//! )"#;
//! let loaded = load_texts(&[("data/example.ron", data)], &LoadOptions::default());
//! assert_eq!(loaded.error_count(), 1);
//! let report = loaded.render(false);
//! assert!(report.contains("unknown actor \"iram\""));
//! assert!(report.contains("data/example.ron:3:"));
//! assert!(report.contains("did you mean \"iran\"?"));
//! ```
#![deny(missing_docs)]

mod cache;
mod cancel;
pub mod confine;
mod cut;
mod diagnostic;
mod discover;
mod error;
pub mod excerpt;
mod fast;
mod files;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;
mod join;
pub mod journal;
mod load;
mod lock;
mod manifest;
mod parse;
mod parts;
mod plain;
mod salvage;

use diplograph_syntax::{lexer, navigate, outline, raw};

pub use cache::{Cache, CacheStatus, SNAPSHOT_FORMAT, load_cached};
pub use cancel::Cancel;
pub use diagnostic::{Diagnostic, Label, Position, render, render_to};
pub use discover::{Fingerprint, discover, fingerprint, is_data_file};
pub use error::Error;
pub use files::{SourceFile, line_col, offset};
pub use journal::{Recovery, recover};
pub use load::{
    DEFAULT_VOCABULARY, DEFAULT_VOCABULARY_NAME, LONE_CARRIAGE_RETURN, LoadOptions, Loaded, Location, Locations,
    data_files, display_name, load, load_texts, load_with,
};
pub use lock::{EditLock, Wait};
pub use manifest::{MANIFEST, manifest_includes};
