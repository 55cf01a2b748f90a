//! `diplograph check`: validate the data and report every problem.

use anyhow::Result;
use diplograph_loader::LoadOptions;

use crate::app::{Outcome, load};
use crate::cli::{CheckArgs, Global};
use crate::output::stderr_color;

pub fn run(global: &Global, args: CheckArgs) -> Result<Outcome> {
    let options = LoadOptions { sources: args.sources, ..Default::default() };
    // Texts are needed only for messages, and a load from the cache reads them when it has any.
    let loaded = load(global, &options, false)?;
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
    crate::app::release(loaded);
    Ok(Outcome::Success)
}
