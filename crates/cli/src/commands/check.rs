//! `diplograph check`: validate the data and report every problem.

use std::io::{self, Write};

use anyhow::Result;
use diplograph_loader::LoadOptions;

use crate::app::{Outcome, load};
use crate::config::{Check, Format, Global};
use crate::output::{report_errors, stdout, write_json};
use crate::text::plural;
use diplograph_answer::check::CheckJson;

pub fn run(global: &Global, args: Check) -> Result<Outcome> {
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
    let shown = loaded.diagnostics.iter().filter(|d| d.is_error() || !args.quiet);
    let (errors, warnings) = (loaded.error_count(), loaded.warning_count());
    let data_files = loaded.files.iter().filter(|f| !f.path.as_os_str().is_empty()).count();
    let Some(graph) = loaded.graph.as_ref().filter(|_| errors == 0) else {
        let summary = format!(
            "{} and {} in {}",
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(data_files, "file")
        );
        report_errors(shown, &loaded.files, global.color, &summary);
        return Ok(Outcome::Failure);
    };
    let mut err = io::BufWriter::new(io::stderr().lock());
    let _ = diplograph_loader::render_to(&mut err, shown, &loaded.files, global.color);
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
