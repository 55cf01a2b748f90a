//! `diplograph check`: validate the data and report every problem.

use anyhow::Result;
use diplograph_loader::LoadOptions;

use crate::app::{Outcome, UsageError, load};
use crate::cli::{CheckArgs, Global};
use crate::output::stderr_color;

pub fn run(global: &Global, args: CheckArgs) -> Result<Outcome> {
    if let Some(dir) = args.sources.as_ref().filter(|d| !d.is_dir()) {
        let why = if dir.exists() { "is not a directory" } else { "does not exist" };
        return Err(UsageError(format!(
            "the sources directory {} {why}; --sources names a directory of source texts, ID.txt for source ID",
            dir.display()
        ))
        .into());
    }
    let options = LoadOptions { sources: args.sources };
    let loaded = load(global, &options)?;
    let shown: Vec<_> = loaded.diagnostics.iter().filter(|d| d.is_error() || !args.quiet).cloned().collect();
    eprint!("{}", diplograph_loader::render(&shown, &loaded.files, stderr_color(global.color)));
    let (errors, warnings) = (loaded.error_count(), loaded.warning_count());
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let data_files = loaded.files.iter().filter(|f| !f.path.as_os_str().is_empty()).count();
    let Some(graph) = loaded.graph.as_ref().filter(|_| errors == 0) else {
        eprintln!(
            "error: {} and {} in {}",
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(data_files, "file")
        );
        return Ok(Outcome::Failure);
    };
    let summary = format!(
        "ok: {}, {}, {} in {}",
        plural(graph.actor_count(), "actor"),
        plural(graph.relation_count(), "relation"),
        plural(graph.sources().len(), "source"),
        plural(data_files, "file"),
    );
    if warnings > 0 && !args.quiet {
        eprintln!("{summary} ({})", plural(warnings, "warning"));
    } else {
        eprintln!("{summary}");
    }
    Ok(Outcome::Success)
}
