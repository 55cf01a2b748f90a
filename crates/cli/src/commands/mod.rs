//! One module per command.

pub mod add;
pub mod balance;
pub mod between;
pub mod check;
pub mod diff;
pub mod dot;
pub mod export;
pub mod fmt;
pub mod generate;
pub mod import;
pub mod init;
pub mod list;
pub mod mermaid;
pub mod neighbors;
pub mod path;
pub mod rank;
pub mod rename;
pub mod render;
pub mod rm;
pub mod serve;
pub mod set;
pub mod shell;
pub mod show;
pub mod vocabulary;
pub mod watch;
