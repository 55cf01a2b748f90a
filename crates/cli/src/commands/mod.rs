//! One module per command.

pub mod add;
pub mod check;
pub mod diff;
pub mod fmt;
pub mod list;
pub mod rename;
pub mod rm;
pub mod set;
pub mod show;
pub mod watch;
