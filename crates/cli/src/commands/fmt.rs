//! `diplograph fmt [--check]`: canonical formatting of every data file, comments kept.

use std::fs;
use std::io::Write;

use anyhow::{Context, Result};
use diplograph_edit::format::format;
use diplograph_edit::{FileChange, unified_diff, write_files};
use diplograph_loader::{discover, display_name, line_col};

use crate::app::{Outcome, data_path};
use crate::cli::{FmtArgs, Global};
use crate::output::stdout;

pub fn run(global: &Global, args: FmtArgs) -> Result<Outcome> {
    let root = data_path(global)?;
    let paths = discover(&root).with_context(|| format!("cannot read the data at {}", root.display()))?;
    let mut changes = Vec::new();
    let mut broken = 0usize;
    for path in &paths {
        let name = display_name(&root, path);
        let bytes = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let had_bom = bytes.starts_with(b"\xEF\xBB\xBF");
        let Ok(text) = String::from_utf8(bytes[if had_bom { 3 } else { 0 }..].to_vec()) else {
            eprintln!("error: {name} is not valid UTF-8; it was left as it is");
            broken += 1;
            continue;
        };
        match format(&text) {
            Ok(formatted) if formatted != text => {
                changes.push(FileChange { path: path.clone(), name, before: Some(text), after: formatted, had_bom });
            }
            Ok(_) => {}
            Err(e) => {
                let (line, col) = line_col(&text, e.offset);
                eprintln!(
                    "error: cannot format {name}:{line}:{col}: {e}; it was left as it is (see `diplograph check`)"
                );
                broken += 1;
            }
        }
    }
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    if args.check {
        let mut out = stdout();
        for c in &changes {
            write!(out, "{}", unified_diff(&c.name, c.before.as_deref(), &c.after))?;
        }
        out.flush()?;
        if !changes.is_empty() {
            eprintln!(
                "error: {} file{} not formatted; run `diplograph fmt` to format {}",
                changes.len(),
                plural(changes.len()),
                if changes.len() == 1 { "it" } else { "them" }
            );
        } else if broken == 0 {
            eprintln!("ok: {} file{} formatted", paths.len(), plural(paths.len()));
        }
        return Ok(if changes.is_empty() && broken == 0 { Outcome::Success } else { Outcome::Failure });
    }
    write_files(&changes, None)?;
    for c in &changes {
        eprintln!("formatted {}", c.name);
    }
    eprintln!(
        "{} of {} file{} changed{}",
        changes.len(),
        paths.len(),
        plural(paths.len()),
        if broken > 0 { format!("; {broken} could not be formatted") } else { String::new() }
    );
    Ok(if broken == 0 { Outcome::Success } else { Outcome::Failure })
}
