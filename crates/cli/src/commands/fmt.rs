//! `diplograph fmt [--check]`: canonical formatting of every data file, comments kept.

use std::io::Write;

use anyhow::{Context, Result};
use diplograph_edit::format::format;
use diplograph_edit::{FileChange, unified_diff, write_files};
use diplograph_loader::{discover, display_name, line_col};

use crate::app::{Outcome, data_path};
use crate::config::Global;
use crate::output::stdout;
use crate::text::plural;

pub fn run(global: &Global, check: bool, no_wait: bool) -> Result<Outcome> {
    let root = data_path(global)?;
    let lock = if check { None } else { Some(crate::edit::lock(&root, no_wait)?) };
    let paths = discover(&root).with_context(|| format!("cannot read the data at {}", root.display()))?;
    let mut changes = Vec::new();
    let mut broken = 0usize;
    for path in &paths {
        let name = display_name(&root, path);
        let bytes = diplograph_loader::confine::read_regular(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
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
    if check {
        let mut out = stdout();
        for c in &changes {
            write!(out, "{}", unified_diff(&c.name, c.before.as_deref(), &c.after))?;
        }
        out.flush()?;
        if !changes.is_empty() {
            eprintln!(
                "error: {} not formatted; run `diplograph fmt` to format {}",
                plural(changes.len(), "file"),
                if changes.len() == 1 { "it" } else { "them" }
            );
        } else if broken == 0 {
            eprintln!("ok: {} formatted", plural(paths.len(), "file"));
        }
        return Ok(if changes.is_empty() && broken == 0 { Outcome::Success } else { Outcome::Failure });
    }
    if let Some(lock) = &lock {
        write_files(lock, &changes, None)?;
    }
    for c in &changes {
        eprintln!("formatted {}", c.name);
    }
    eprintln!(
        "{} of {} changed{}",
        changes.len(),
        plural(paths.len(), "file"),
        if broken > 0 { format!("; {broken} could not be formatted") } else { String::new() }
    );
    Ok(if broken == 0 { Outcome::Success } else { Outcome::Failure })
}
