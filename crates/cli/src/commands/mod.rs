//! One module per command.

pub mod balance;
pub mod between;
pub mod check;
pub mod dot;
pub mod export;
pub mod generate;
pub mod list;
pub mod mermaid;
pub mod neighbors;
pub mod path;
pub mod rank;
pub mod render;
pub mod show;
