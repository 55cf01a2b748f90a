//! One module per command.

pub mod balance;
pub mod between;
pub mod check;
pub mod list;
pub mod neighbors;
pub mod path;
pub mod rank;
pub mod show;
