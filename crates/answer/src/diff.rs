//! `diff`: two datasets compared by meaning, in JSON; and a dataset as stored at a git revision.

use std::path::{Path, PathBuf};
use std::process::Command;

use diplograph_core::{Change, FieldChange, Graph, GraphDiff};
use diplograph_loader::{LoadOptions, Loaded, load_texts};
use serde::Serialize;

use crate::error::Error;

/// A changed field in JSON.
#[derive(Serialize)]
pub struct FieldJson<'a> {
    field: &'a str,
    old: Option<&'a str>,
    new: Option<&'a str>,
    item: bool,
}

/// A changed actor in JSON.
#[derive(Serialize)]
pub struct ActorChangeJson<'a> {
    change: &'static str,
    id: &'a str,
    old_id: Option<&'a str>,
    name: &'a str,
    kind: &'a str,
    fields: Vec<FieldJson<'a>>,
}

/// A changed relation in JSON.
#[derive(Serialize)]
pub struct RelationChangeJson<'a> {
    change: &'static str,
    id: Option<&'a str>,
    subject: &'a str,
    kind: &'a str,
    object: &'a str,
    fields: Vec<FieldJson<'a>>,
}

/// A changed source in JSON.
#[derive(Serialize)]
pub struct SourceChangeJson<'a> {
    change: &'static str,
    id: &'a str,
    fields: Vec<FieldJson<'a>>,
}

/// The JSON of a diff: what changed, unchanged entries left out.
#[derive(Serialize)]
pub struct DiffJson<'a> {
    actors: Vec<ActorChangeJson<'a>>,
    relations: Vec<RelationChangeJson<'a>>,
    sources: Vec<SourceChangeJson<'a>>,
}

fn fields_json(f: &[FieldChange]) -> Vec<FieldJson<'_>> {
    f.iter().map(|c| FieldJson { field: c.field, old: c.old.as_deref(), new: c.new.as_deref(), item: c.item }).collect()
}

/// The JSON of `d`, the diff from `old` to `new`.
pub fn json<'a>(old: &'a Graph, new: &'a Graph, d: &'a GraphDiff) -> DiffJson<'a> {
    let actors = d
        .actors
        .iter()
        .filter(|a| a.change != Change::Unchanged)
        .filter_map(|a| {
            let (g, k) = match (a.new, a.old) {
                (Some(k), _) => (new, k),
                (None, Some(k)) => (old, k),
                _ => return None,
            };
            let x = g.actor(k);
            Some(ActorChangeJson {
                change: a.change.as_str(),
                id: &x.id,
                old_id: a.old.filter(|_| a.change != Change::Removed).map(|o| &*old.actor(o).id),
                name: &x.name,
                kind: &g.vocabulary().actor_kind(x.kind).id,
                fields: fields_json(&a.fields),
            })
        })
        .collect();
    let relations = d
        .relations
        .iter()
        .filter(|r| r.change != Change::Unchanged)
        .filter_map(|r| {
            let (g, k) = match (r.new, r.old) {
                (Some(n), _) => (new, n),
                (None, Some(o)) => (old, o),
                _ => return None,
            };
            let x = g.relation(k);
            Some(RelationChangeJson {
                change: r.change.as_str(),
                id: x.id.as_deref(),
                subject: &g.actor(x.subject).id,
                kind: &g.vocabulary().relation_kind(x.kind).id,
                object: &g.actor(x.object).id,
                fields: fields_json(&r.fields),
            })
        })
        .collect();
    let sources = d
        .sources
        .iter()
        .filter(|s| s.change != Change::Unchanged)
        .filter_map(|s| {
            let id = match (s.new, s.old) {
                (Some(n), _) => &*new.source(n).id,
                (None, Some(o)) => &*old.source(o).id,
                _ => return None,
            };
            Some(SourceChangeJson { change: s.change.as_str(), id, fields: fields_json(&s.fields) })
        })
        .collect();
    DiffJson { actors, relations, sources }
}

fn git(dir: &Path, args: &[&str]) -> Result<String, Error> {
    String::from_utf8(git_bytes(dir, args)?)
        .map_err(|_| Error::Git(format!("git {} printed invalid UTF-8", args.join(" "))))
}

fn git_bytes(dir: &Path, args: &[&str]) -> Result<Vec<u8>, Error> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| Error::Git(format!("cannot run git: {e}; is git installed?")))?;
    if !output.status.success() {
        let err = String::from_utf8_lossy(&output.stderr);
        return Err(Error::Git(format!("git {} failed: {}", args.join(" "), err.trim())));
    }
    Ok(output.stdout)
}

/// The data directory as stored at revision `rev`, read with `git ls-tree` and `git show`.
///
/// The revision is resolved to a commit first (`git rev-parse --verify`), so that what a caller
/// passes is never read by git as an option or a path.
pub fn git_dataset(data: &Path, rev: &str) -> Result<Loaded, Error> {
    if rev.starts_with('-') {
        // Never handed to git, where it would be read as an option.
        return Err(Error::Git(format!(
            "\"{rev}\" looks like an option, not a revision: --git takes A..B or A, revisions such as HEAD~1 or main"
        )));
    }
    if rev.contains(':') {
        return Err(Error::Git(format!("\"{rev}\" is not a revision")));
    }
    let (dir, only): (PathBuf, Option<String>) = if data.is_file() {
        let parent = data.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_owned();
        (parent, data.file_name().map(|f| f.to_string_lossy().into_owned()))
    } else {
        (data.to_owned(), None)
    };
    let top = git(&dir, &["rev-parse", "--show-toplevel"])?.trim().to_owned();
    let prefix = git(&dir, &["rev-parse", "--show-prefix"])?.trim().to_owned();
    let spec = only.clone().unwrap_or_else(|| ".".into());
    let commit = git(&dir, &["rev-parse", "--verify", "--quiet", "--end-of-options", &format!("{rev}^{{commit}}")])
        .map_err(|_| Error::Git(format!("\"{rev}\" is not a revision of the repository")))?;
    let commit = commit.trim();
    // NUL-separated: without -z, git quotes names holding non-ASCII or special characters.
    let listing = git_bytes(&dir, &["ls-tree", "-r", "-z", "--name-only", "--full-name", commit, "--", &spec])?;
    let mut files = Vec::new();
    let mut side = std::collections::BTreeMap::new();
    for full in listing.split(|&b| b == 0).filter(|name| !name.is_empty()) {
        let full = std::str::from_utf8(full)
            .map_err(|_| Error::Git(format!("{} at {rev}: a file name is not UTF-8", String::from_utf8_lossy(full))))?;
        let rel = full.strip_prefix(&prefix).unwrap_or(full);
        let skipped = rel
            .split('/')
            .enumerate()
            .any(|(i, part)| part.starts_with('.') || (part == "target" && i + 1 < rel.split('/').count()));
        if skipped {
            continue;
        }
        let show = || git(Path::new(&top), &["show", &format!("{commit}:{full}")]);
        if rel == diplograph_loader::MANIFEST {
            // Which datasets join this one is not read at a revision: the dataset's own files
            // are compared (see docs/editing.md).
            continue;
        }
        if full.ends_with(".ron") {
            files.push((format!("{rev}:{full}"), rel.to_owned(), show()?));
        } else if let Ok(text) = show() {
            // Perhaps the full text of a source, which its quotes are checked against.
            side.insert(PathBuf::from(format!("{rev}:{full}")), text);
        }
    }
    if files.is_empty() {
        return Err(Error::Git(format!("no .ron files under {} at {rev}", data.display())));
    }
    files.sort_by(|a, b| a.1.cmp(&b.1));
    let texts: Vec<(&str, &str)> = files.iter().map(|(n, _, t)| (n.as_str(), t.as_str())).collect();
    Ok(load_texts(&texts, &LoadOptions { side_texts: side, ..LoadOptions::default() }))
}
