//! `diplograph check`: validate the data and report every problem; with `--unsourced`, list the
//! facts that rest on no quote.

use std::io::{self, Write};

use anyhow::Result;
use diplograph_core::Counts;
use diplograph_loader::{Diagnostic, LoadOptions};

use crate::app::{Outcome, load};
use crate::config::{Check, Format, Global};
use crate::output::{report_errors, stdout, write_json};
use crate::text::plural;
use diplograph_answer::check::CheckJson;

pub fn run(global: &Global, args: Check) -> Result<Outcome> {
    // The graph is needed only to list the facts resting on no quote; otherwise the load
    // checks everything and counts.
    let options = LoadOptions { sources: args.sources, counts_only: !args.unsourced, ..Default::default() };
    // Texts are needed only for messages, and a load from the cache reads them when it has any;
    // the facts resting on no quote are placed in the files only when listed.
    let loaded = load(global, &options, args.unsourced)?;
    let valid = loaded.error_count() == 0;
    // Counted on every check; described and placed only when listed.
    let (counts, listed): (Option<Counts>, Vec<Diagnostic>) = match &loaded.graph {
        // Loaded only with `--unsourced`.
        Some(graph) if valid => {
            let problems = diplograph_core::unsourced(graph);
            (Some(Counts::with_unsourced(graph, problems.len())), loaded.locate(&problems))
        }
        _ => (loaded.counts.filter(|_| valid), Vec::new()),
    };
    let outcome = |ok: bool| {
        if ok && listed.is_empty() { Outcome::Success } else { Outcome::Failure }
    };
    if args.format == Format::Json {
        let answer = CheckJson::new(&loaded, !args.quiet, counts, &listed);
        let mut out = stdout();
        write_json(&mut out, &answer)?;
        out.flush()?;
        let ok = answer.ok;
        crate::app::release(loaded);
        return Ok(outcome(ok));
    }
    // Messages stream to stderr as they are rendered. A closed stderr silences them without
    // changing the outcome, which the exit status still tells.
    let shown = loaded.diagnostics.iter().filter(|d| d.is_error() || !args.quiet);
    let (errors, warnings) = (loaded.error_count(), loaded.warning_count());
    let data_files = loaded.files.iter().filter(|f| !f.path.as_os_str().is_empty()).count();
    let Some(counts) = counts else {
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
    let _ = diplograph_loader::render_to(&mut err, shown.chain(&listed), &loaded.files, global.color);
    let mut summary = format!(
        "ok: {}, {}, {} in {}",
        plural(counts.actors, "actor"),
        plural(counts.relations, "relation"),
        plural(counts.sources, "source"),
        plural(data_files, "file"),
    );
    let mut notes = Vec::new();
    if warnings > 0 && !args.quiet {
        notes.push(plural(warnings, "warning"));
    }
    let unsourced = counts.unsourced;
    match unsourced {
        0 => {}
        1 => notes.push("1 fact rests on no quote".to_owned()),
        n => notes.push(format!("{n} facts rest on no quote")),
    }
    if !notes.is_empty() {
        summary.push_str(&format!(" ({})", notes.join(", ")));
    }
    let _ = writeln!(err, "{summary}");
    if unsourced > 0 && !args.unsourced {
        let _ = writeln!(err, "note: `check --unsourced` lists them, with what to add");
    }
    let _ = err.flush();
    crate::app::release(loaded);
    Ok(outcome(true))
}
