//! `diplograph completions SHELL` and `diplograph man`: shell completion scripts (clap_complete)
//! and the manual page (clap_mangen), both from the clap definitions.

use anyhow::Result;
use clap::CommandFactory;
use clap_complete::Shell as Target;

use crate::app::Outcome;
use crate::cli::{Cli, CompletionsArgs, ManArgs, Shell};
use crate::output::emit;

/// Prints the completion script. It is written into memory first: clap_complete panics when
/// its output is a closed pipe.
pub fn completions(args: CompletionsArgs) -> Result<Outcome> {
    let shell = match args.shell {
        Shell::Bash => Target::Bash,
        Shell::Zsh => Target::Zsh,
        Shell::Fish => Target::Fish,
        Shell::Powershell => Target::PowerShell,
        Shell::Elvish => Target::Elvish,
    };
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "diplograph", &mut script);
    emit(None, &script)?;
    Ok(Outcome::Success)
}

/// Prints (or writes with `-o`) the manual page, with a section per command.
pub fn man(args: ManArgs) -> Result<Outcome> {
    let command = Cli::command();
    let mut page = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut page)?;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let man = clap_mangen::Man::new(sub.clone());
        page.extend_from_slice(format!(".SH \"DIPLOGRAPH {}\"\n", sub.get_name().to_uppercase()).as_bytes());
        man.render_synopsis_section(&mut page)?;
        man.render_description_section(&mut page)?;
        man.render_options_section(&mut page)?;
    }
    emit(args.output.as_deref(), &page)?;
    Ok(Outcome::Success)
}
