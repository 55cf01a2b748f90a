//! One module per command.

pub mod check;
pub mod generate;
pub mod list;
pub mod show;
