//! One module per command.

pub mod check;
pub mod dot;
pub mod list;
pub mod mermaid;
pub mod render;
pub mod show;
