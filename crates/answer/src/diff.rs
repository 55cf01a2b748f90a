//! `diff`: two datasets compared by meaning, in JSON; and a dataset as stored at a git revision.

use std::path::{Path, PathBuf};
use std::process::Command;

use diplograph_core::{Change, FieldChange, Graph, GraphDiff};
use diplograph_loader::{Cancel, LoadOptions, Loaded};
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

/// The data directory as stored at revision `rev`, read with `git ls-tree` and `git show`,
/// with the datasets its `diplograph.ron` includes as stored at the same revision.
///
/// The revision is resolved to a commit first (`git rev-parse --verify`), so that what a caller
/// passes is never read by git as an option or a path. The files are written to a temporary
/// directory laid out as the repository, and loaded from there as any directory is; an
/// included dataset outside the repository is refused. Files are named `REV:PATH` in messages.
pub fn git_dataset(data: &Path, rev: &str) -> Result<Loaded, Error> {
    git_dataset_until(data, rev, &Cancel::new())?.ok_or_else(|| Error::Git(format!("reading {rev} was stopped")))
}

/// [`git_dataset`], given up once `cancel` is cancelled: `Ok(None)` then. It is looked at before
/// each file is read from git, before the files read are loaded, and by the load itself (see
/// [`Cancel`]).
pub fn git_dataset_until(data: &Path, rev: &str, cancel: &Cancel) -> Result<Option<Loaded>, Error> {
    let stop = &|| cancel.is_cancelled();
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
    let top = PathBuf::from(git(&dir, &["rev-parse", "--show-toplevel"])?.trim());
    let prefix = git(&dir, &["rev-parse", "--show-prefix"])?.trim().trim_end_matches('/').to_owned();
    let commit = git(&dir, &["rev-parse", "--verify", "--quiet", "--end-of-options", &format!("{rev}^{{commit}}")])
        .map_err(|_| Error::Git(format!("\"{rev}\" is not a revision of the repository")))?;
    let tree = Tree { top, commit: commit.trim().to_owned() };
    let tmp = tempfile::Builder::new()
        .prefix("diplograph-git-")
        .tempdir()
        .map_err(|e| Error::Git(format!("cannot make a temporary directory: {e}")))?;
    // The dataset asked for, then each dataset included, as stored at the revision.
    let mut pending = vec![(prefix.clone(), None::<String>)];
    let mut seen = Vec::new();
    while let Some((part, named_by)) = pending.pop() {
        if seen.contains(&part) {
            continue;
        }
        seen.push(part.clone());
        // A dataset of one file is that file alone: it includes nothing.
        let spec = match (&only, named_by.is_none()) {
            (Some(file), true) => join(&part, file),
            _ => part.clone(),
        };
        let Some((ron, manifest)) = tree.write_dataset(&part, &spec, tmp.path(), stop)? else { return Ok(None) };
        if ron == 0 && named_by.is_none() {
            return Err(Error::Git(format!("no .ron files under {} at {rev}", data.display())));
        }
        for include in manifest.as_deref().map(diplograph_loader::manifest_includes).unwrap_or_default() {
            let inside = if Path::new(&include).is_absolute() { None } else { normalize(&join(&part, &include)) };
            let joined = inside.ok_or_else(|| {
                Error::Git(format!(
                    "{rev}:{}: the included dataset \"{include}\" is outside the repository; at a revision only the repository's files are read",
                    join(&part, diplograph_loader::MANIFEST)
                ))
            })?;
            pending.push((joined, Some(part.clone())));
        }
    }
    let root = match &only {
        Some(file) => tmp.path().join(join(&prefix, file)),
        None => tmp.path().join(&prefix),
    };
    if stop() {
        return Ok(None);
    }
    let options = LoadOptions { cancel: cancel.clone(), ..LoadOptions::default() };
    let mut loaded = match diplograph_loader::load(&root, &options) {
        Ok(loaded) => loaded,
        Err(diplograph_loader::Error::Cancelled) => return Ok(None),
        Err(diplograph_loader::Error::NoFiles(_)) => {
            return Err(Error::Git(format!("no .ron files under {} at {rev}", data.display())));
        }
        Err(e) => return Err(Error::Git(format!("{} at {rev}: {e}", data.display()))),
    };
    for file in &mut loaded.files {
        if let Some(rel) = file.path.strip_prefix(tmp.path()).ok().and_then(|r| normalize(&r.to_string_lossy())) {
            file.name = format!("{rev}:{rel}");
            file.path = PathBuf::from(&file.name);
        }
    }
    Ok(Some(loaded))
}

/// A commit of a repository, read with git.
struct Tree {
    top: PathBuf,
    commit: String,
}

impl Tree {
    /// Writes the files of the folder `part` (or only those of `spec` in it) (relative to the top, `""` for the top) under
    /// `out`, as stored at the commit: every file but those under a name starting with `.` (and
    /// build output in `target/`), never links or submodules. Returns how many are `.ron` files,
    /// and the text of the folder's manifest when it has one; `None` when `stop` returned true
    /// (asked before each file).
    fn write_dataset(
        &self,
        part: &str,
        spec: &str,
        out: &Path,
        stop: &dyn Fn() -> bool,
    ) -> Result<Option<(usize, Option<String>)>, Error> {
        let spec = if spec.is_empty() { "." } else { spec };
        // NUL-separated: without -z, git quotes names holding non-ASCII or special characters.
        let listing = git_bytes(&self.top, &["ls-tree", "-r", "-z", "--full-tree", &self.commit, "--", spec])?;
        let (mut ron, mut manifest) = (0, None);
        for line in listing.split(|&b| b == 0).filter(|l| !l.is_empty()) {
            let line = std::str::from_utf8(line).map_err(|_| {
                Error::Git(format!("{}: a file name at this revision is not UTF-8", String::from_utf8_lossy(line)))
            })?;
            let Some((meta, full)) = line.split_once('\t') else { continue };
            // Regular files only: a link or a submodule is not read, as a directory load
            // reads no link.
            if !(meta.starts_with("100644 blob") || meta.starts_with("100755 blob")) {
                continue;
            }
            let rel =
                if part.is_empty() { full } else { full.strip_prefix(part).unwrap_or(full).trim_start_matches('/') };
            let count = rel.split('/').count();
            let skipped =
                rel.split('/').enumerate().any(|(i, p)| p.starts_with('.') || (p == "target" && i + 1 < count));
            if skipped {
                continue;
            }
            if stop() {
                return Ok(None);
            }
            let bytes = git_bytes(&self.top, &["show", &format!("{}:{full}", self.commit)])?;
            if rel == diplograph_loader::MANIFEST {
                manifest = Some(String::from_utf8_lossy(&bytes).into_owned());
            } else if full.ends_with(".ron") {
                ron += 1;
            }
            let path = out.join(full);
            let written =
                path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| std::fs::write(&path, bytes));
            written.map_err(|e| Error::Git(format!("cannot write {}: {e}", path.display())))?;
        }
        Ok(Some((ron, manifest)))
    }
}

/// `a/b` of two parts of a path, either of which may be empty.
fn join(a: &str, b: &str) -> String {
    [a, b].iter().filter(|p| !p.is_empty()).copied().collect::<Vec<_>>().join("/")
}

/// A relative path with `.` and `..` resolved, `/`-separated; `None` when it leads above its
/// start.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split(['/', '\\']) {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}
