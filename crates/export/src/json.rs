//! The JSON shapes, from `diplograph-answer`, where every JSON output takes them.

pub use diplograph_answer::shapes::*;
