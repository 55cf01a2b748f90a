//! `diplograph check`: validate the data and report every problem.

use std::io::{self, Write};

use anyhow::Result;
use diplograph_loader::LoadOptions;

use crate::app::{Outcome, UsageError, load};
use crate::cli::{CheckArgs, Format, Global};
use crate::output::{stderr_color, stdout, write_json};
use diplograph_answer::check::CheckJson;

pub fn run(global: &Global, args: CheckArgs) -> Result<Outcome> {
    if let Some(dir) = args.sources.as_ref().filter(|d| !d.is_dir()) {
        let why = if dir.exists() { "is not a directory" } else { "does not exist" };
        return Err(UsageError(format!(
            "the sources directory {} {why}; --sources names a directory of source texts, ID.txt for source ID",
            dir.display()
        ))
        .into());
    }
    let options = LoadOptions { sources: args.sources, ..Default::default() };
    // Texts are needed only for messages, and a load from the cache reads them when it has any.
    let loaded = load(global, &options, false)?;
    if args.format == Format::Json {
        let answer = CheckJson::new(&loaded, !args.quiet);
        let mut out = stdout();
        write_json(&mut out, &answer)?;
        out.flush()?;
        let ok = answer.ok;
        crate::app::release(loaded);
        return Ok(if ok { Outcome::Success } else { Outcome::Failure });
    }
    // Messages stream to stderr as they are rendered. A closed stderr silences them without
    // changing the outcome, which the exit status still tells.
    let mut err = io::BufWriter::new(io::stderr().lock());
    let shown = loaded.diagnostics.iter().filter(|d| d.is_error() || !args.quiet);
    let _ = diplograph_loader::render_to(&mut err, shown, &loaded.files, stderr_color(global.color));
    let (errors, warnings) = (loaded.error_count(), loaded.warning_count());
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let data_files = loaded.files.iter().filter(|f| !f.path.as_os_str().is_empty()).count();
    let Some(graph) = loaded.graph.as_ref().filter(|_| errors == 0) else {
        let _ = writeln!(
            err,
            "error: {} and {} in {}",
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(data_files, "file")
        );
        let _ = err.flush();
        return Ok(Outcome::Failure);
    };
    let summary = format!(
        "ok: {}, {}, {} in {}",
        plural(graph.actor_count(), "actor"),
        plural(graph.relation_count(), "relation"),
        plural(graph.sources().len(), "source"),
        plural(data_files, "file"),
    );
    let _ = if warnings > 0 && !args.quiet {
        writeln!(err, "{summary} ({})", plural(warnings, "warning"))
    } else {
        writeln!(err, "{summary}")
    };
    let _ = err.flush();
    crate::app::release(loaded);
    Ok(Outcome::Success)
}
