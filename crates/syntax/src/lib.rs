//! The syntax of diplograph's RON files, with no I/O: the lexer, the outline of a file, the serde
//! shapes of every form, the table of forms and fields, the one writer of RON values, and the
//! core's hints written in RON.
//!
//! ```
//! use diplograph_syntax::outline::{Section, outline};
//!
//! let text = r#"Graph(actors: [Country(id: "iran", name: "Iran")])"#;
//! let o = outline(text);
//! assert!(o.errors.is_empty());
//! let actors = o.sections.iter().find(|s| s.section == Section::Actors).unwrap();
//! assert_eq!(&text[actors.entries[0].clone()], r#"Country(id: "iran", name: "Iran")"#);
//! ```
#![deny(missing_docs)]

#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;
pub mod help;
pub mod lexer;
pub mod navigate;
pub mod outline;
pub mod raw;
pub mod schema;
pub mod writer;

#[cfg(test)]
mod tests;
