//! `diplograph import csv PATH...`: actors, relations and sources from CSV tables, as one edit.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use diplograph_edit::{Error, RowProblems, Table};

use crate::app::{Outcome, UsageError};
use crate::config::{Edit, Global};
use crate::edit::{finish_import, open, step};
use crate::output::report_errors;
use crate::text::plural;

pub fn run(global: &Global, paths: &[PathBuf], options: Edit) -> Result<Outcome> {
    let mut tables = Vec::new();
    for path in files(paths)? {
        let name = path.display().to_string();
        match Table::read(&path, &name).with_context(|| format!("cannot read {name}"))? {
            Ok(table) => tables.push(table),
            Err(problems) => return Ok(refuse(global, &problems)),
        }
    }
    let mut editor = open(global, options)?;
    let import = match editor.import(tables) {
        Ok(import) => import,
        Err(Error::Rows(problems)) => return Ok(refuse(global, &problems)),
        Err(e) => return step(Err(e)).map(|o| o.unwrap_or(Outcome::Failure)),
    };
    finish_import(global, editor, options, Some(&import))
}

/// The CSV files named: files as given, and the `.csv` files of directories, by name.
fn files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .with_context(|| format!("cannot read the directory {}", path.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")))
                .collect();
            if found.is_empty() {
                return Err(UsageError(format!("{} holds no .csv file", path.display())).into());
            }
            found.sort();
            out.extend(found);
        } else if path.is_file() {
            out.push(path.clone());
        } else {
            let why = if path.exists() { "is not a file" } else { "does not exist" };
            return Err(UsageError(format!("{} {why}", Path::new(path).display())).into());
        }
    }
    Ok(out)
}

/// Prints the problems of the tables; nothing is written.
fn refuse(global: &Global, problems: &RowProblems) -> Outcome {
    let errors = problems.diagnostics.iter().filter(|d| d.is_error()).count();
    let summary = format!("{} in the tables; nothing was written", plural(errors, "problem"));
    report_errors(&problems.diagnostics, &problems.files, global.color, &summary);
    Outcome::Failure
}
