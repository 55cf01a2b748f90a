//! `diplograph completions SHELL` and `diplograph man`: shell completion scripts (clap_complete)
//! and the manual page (clap_mangen), both from the clap definitions in cli.rs.

use std::path::Path;

use anyhow::Result;

use crate::app::Outcome;
use crate::cli::{completion_script, man_page};
use crate::config::Shell;
use crate::output::emit;

/// Prints the completion script.
pub fn completions(shell: Shell) -> Result<Outcome> {
    emit(None, &completion_script(shell))?;
    Ok(Outcome::Success)
}

/// Prints (or writes with `-o`) the manual page.
pub fn man(output: Option<&Path>) -> Result<Outcome> {
    emit(output, &man_page()?)?;
    Ok(Outcome::Success)
}
