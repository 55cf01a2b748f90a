//! What every edit command shares: opening the data, turning loader errors into exit codes,
//! and validating, showing or writing the result.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use diplograph_edit::{Editor, Error, Import};
use diplograph_loader::{Diagnostic, EditLock, LoadOptions, Loaded, SourceFile, Wait};

use crate::app::{Outcome, UsageError, data_path};
use crate::config::{Edit, Global};
use crate::output::{report_errors, stdout};
use crate::text::plural;

/// An edit in progress: the dataset's edit lock (taken before the data is read, unless the
/// edit is a dry run) and the editor.
pub struct Editing {
    lock: Option<EditLock>,
    editor: Editor,
}

impl std::ops::Deref for Editing {
    type Target = Editor;

    fn deref(&self) -> &Editor {
        &self.editor
    }
}

impl std::ops::DerefMut for Editing {
    fn deref_mut(&mut self) -> &mut Editor {
        &mut self.editor
    }
}

/// Takes the edit lock of the data at `path`: waits for another edit, with a message, or fails
/// at once with `no_wait`. Reports an interrupted edit it completed or rolled back.
pub fn lock(path: &Path, no_wait: bool) -> Result<EditLock> {
    let wait = if no_wait { Wait::Fail } else { Wait::Block };
    let mut waiting =
        || eprintln!("waiting for another edit of {} to finish (--no-wait fails instead)...", path.display());
    match EditLock::acquire(path, wait, &mut waiting) {
        Ok(lock) => {
            if let Some(r) = lock.recovered() {
                eprintln!("note: {r}");
            }
            Ok(lock)
        }
        Err(diplograph_loader::Error::Locked(_)) => Err(UsageError(format!(
            "another edit of the data at {} is in progress; try again when it has finished, or leave out --no-wait to wait for it",
            path.display()
        ))
        .into()),
        Err(e) => Err(e.into()),
    }
}

/// Opens the data for editing: the edit lock first (not for a dry run), then the files.
pub fn open(global: &Global, options: Edit) -> Result<Editing> {
    let path = data_path(global)?;
    let lock = if options.dry_run { None } else { Some(lock(&path, options.no_wait)?) };
    let editor = Editor::open(&path, &LoadOptions::default())
        .with_context(|| format!("cannot read the data at {}", path.display()))?;
    Ok(Editing { lock, editor })
}

/// The id of the actor `wanted` names (an id, a name or an alias, as every command takes),
/// when the data as it stands is valid and names one; else `wanted` as given, for the edit to
/// report. A name several actors share is a usage error listing them.
pub fn actor_id(editor: &Editor, wanted: &str) -> Result<String> {
    let Some(graph) = editor.before().graph.as_ref() else { return Ok(wanted.to_owned()) };
    match diplograph_core::find_actor(graph, wanted) {
        Ok(key) => Ok(graph.actor(key).id.to_string()),
        Err(e @ diplograph_core::Error::AmbiguousActor { .. }) => Err(UsageError(e.to_string()).into()),
        Err(_) => Ok(wanted.to_owned()),
    }
}

/// The id of the actor `wanted` names, given as `argument` (`SUBJECT`, `--place`): as
/// [`actor_id`], but an actor the data as it stands does not have is a usage error that names
/// the argument, with a did-you-mean, as every query refuses an unknown actor.
pub fn known_actor_id(editor: &Editor, wanted: &str, argument: &str) -> Result<String> {
    let Some(graph) = editor.before().graph.as_ref() else { return Ok(wanted.to_owned()) };
    match diplograph_answer::actor_key(graph, wanted) {
        Ok(key) => Ok(graph.actor(key).id.to_string()),
        Err(e) => Err(UsageError(format!("{argument}: {e}")).into()),
    }
}

/// A `set` or `rm` target: relation addresses and ids as given; an actor's name or alias
/// becomes its id.
pub fn target(editor: &Editor, target: &str) -> Result<String> {
    let plain = !target.contains(['/', ':']);
    let is_relation = editor.before().graph.as_ref().is_some_and(|g| g.relation_key(target).is_some());
    if plain && !is_relation { actor_id(editor, target) } else { Ok(target.to_owned()) }
}

/// Runs an edit step; an edit the user asked wrongly is a usage error (exit 2), one the data
/// refuses is printed and ends with exit 1.
pub fn step(result: Result<(), Error>) -> Result<Option<Outcome>> {
    match result {
        Ok(()) => Ok(None),
        Err(Error::Edit(m)) => Err(UsageError(m).into()),
        Err(Error::Refused(m)) => {
            eprintln!("error: {m}");
            eprintln!("nothing was written");
            Ok(Some(Outcome::Failure))
        }
        Err(e) => Err(e.into()),
    }
}

/// A hash of a file's text, to tell the files an edit changed.
fn digest(text: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(text)
}

fn warning_counts(diagnostics: &[Diagnostic]) -> HashMap<&str, usize> {
    let mut m = HashMap::new();
    for d in diagnostics.iter().filter(|d| !d.is_error()) {
        *m.entry(d.message.as_str()).or_insert(0) += 1;
    }
    m
}

/// Validates the edit; prints its diff (`--dry-run`) or writes it, and reports.
pub fn finish(global: &Global, editing: Editing, options: Edit) -> Result<Outcome> {
    finish_import(global, editing, options, None)
}

/// `diagnostics` of `loaded`: in the data files, or, for an import, traced back to the rows of
/// its tables where a row caused them; with the files they point into.
fn traced(
    import: Option<&Import>,
    diagnostics: Vec<Diagnostic>,
    loaded: &Loaded,
) -> (Vec<Diagnostic>, Vec<SourceFile>) {
    match import {
        Some(import) => {
            let traced = import.explain(loaded, &diagnostics);
            (traced.diagnostics, traced.files)
        }
        None => (diagnostics, loaded.files.clone()),
    }
}

/// [`finish`], for an import: problems are shown at the rows that caused them.
pub fn finish_import(global: &Global, editing: Editing, options: Edit, import: Option<&Import>) -> Result<Outcome> {
    let Editing { lock, editor } = editing;
    let color = global.color;
    let report = editor.report().to_vec();
    let before_warnings: HashMap<String, usize> =
        warning_counts(&editor.before().diagnostics).into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    let on_disk: HashMap<std::path::PathBuf, u64> =
        editor.before().files.iter().map(|f| (f.path.clone(), digest(&f.text))).collect();
    let changes = match editor.finish()? {
        Ok(c) => c,
        Err(loaded) => {
            let errors = loaded.diagnostics.iter().filter(|d| d.is_error()).cloned().collect();
            let (errors, mut files) = traced(import, errors, &loaded);
            // Positions in an edited file are in its text as the edit would leave it, which
            // was not written: its name says so.
            let mut edited = false;
            for (i, f) in files.iter_mut().enumerate() {
                let changed = on_disk.get(&f.path).is_none_or(|&d| d != digest(&f.text))
                    && loaded.files.iter().any(|l| l.path == f.path);
                let shown = errors.iter().any(|d| d.primary.iter().chain(&d.secondary).any(|l| l.file == i));
                if changed && shown {
                    f.name.push_str(" (as edited)");
                    edited = true;
                }
            }
            let summary = format!(
                "the edit would leave the data with {}{}; nothing was written",
                plural(loaded.error_count(), "error"),
                if edited { ", shown in the files as the edit would leave them" } else { "" }
            );
            report_errors(&errors, &files, color, &summary);
            return Ok(Outcome::Failure);
        }
    };
    // Warnings the edit brings (a new actor not yet related to anything, a relation without
    // evidence), so the user knows what to do next.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let new_warnings: Vec<Diagnostic> = changes
        .loaded
        .diagnostics
        .iter()
        .filter(|d| !d.is_error())
        .filter(|d| {
            let n = seen.entry(d.message.as_str()).or_insert(0);
            *n += 1;
            *n > before_warnings.get(d.message.as_str()).copied().unwrap_or(0)
        })
        .cloned()
        .collect();
    if options.dry_run {
        let mut out = stdout();
        write!(out, "{}", changes.unified_diff())?;
        out.flush()?;
        for line in &report {
            eprintln!("would have {line}");
        }
        if !new_warnings.is_empty() {
            let (warnings, files) = traced(import, new_warnings.clone(), &changes.loaded);
            eprint!("{}", diplograph_loader::render(&warnings, &files, color));
        }
        eprintln!("dry run: nothing was written");
        return Ok(Outcome::Success);
    }
    if changes.files.is_empty() {
        eprintln!("nothing to change");
        return Ok(Outcome::Success);
    }
    let Some(lock) = lock else {
        anyhow::bail!("an edit that is not a dry run holds the edit lock");
    };
    changes.write(&lock)?;
    for line in &report {
        eprintln!("{line}");
    }
    if !new_warnings.is_empty() {
        let (warnings, files) = traced(import, new_warnings.clone(), &changes.loaded);
        eprint!("{}", diplograph_loader::render(&warnings, &files, color));
    }
    Ok(Outcome::Success)
}
