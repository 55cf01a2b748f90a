//! Finding the data files of a dataset: every `.ron` below a directory, in a stable order.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// Every `.ron` file at or below `root`, sorted by their path relative to `root`.
///
/// Names starting with `.`, directories named `target` and the dataset's manifest
/// ([`MANIFEST`](crate::MANIFEST), at the top) are skipped. A `root` that is a file
/// is returned alone. The walk uses an explicit stack, so deep trees cannot overflow it, and
/// does not follow symbolic links to directories (no cycles).
pub fn discover(root: &Path) -> Result<Vec<PathBuf>, Error> {
    let meta = fs::metadata(root).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::NotFound(root.to_owned()),
        _ => Error::Io { path: root.to_owned(), source: e },
    })?;
    if meta.is_file() {
        return Ok(vec![root.to_owned()]);
    }
    let mut found = Vec::new();
    let mut stack = vec![root.to_owned()];
    while let Some(dir) = stack.pop() {
        let entries = fs::read_dir(&dir).map_err(|e| Error::Io { path: dir.clone(), source: e })?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::Io { path: dir.clone(), source: e })?;
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') || (name == crate::manifest::MANIFEST && dir == root) {
                continue;
            }
            let file_type = entry.file_type().map_err(|e| Error::Io { path: entry.path(), source: e })?;
            let path = entry.path();
            if file_type.is_dir() {
                if name != "target" {
                    stack.push(path);
                }
            } else if name.ends_with(".ron") && (file_type.is_file() || path.is_file()) {
                found.push(path);
            }
        }
    }
    // Byte order of the relative paths written with `/`, as docs/data-format.md says: not the
    // component order of `Path`, which puts `a/b.ron` before `a-b/x.ron`.
    found.sort_by_cached_key(|p| relative_key(root, p));
    Ok(found)
}

/// The path of `path` relative to `root`, with `/` between components, as bytes to sort by.
pub(crate) fn relative_key(root: &Path, path: &Path) -> Vec<u8> {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    parts.join("/").into_bytes()
}

/// What the data files look like from outside: the size and modification time of each, read
/// without opening them (opening a file is itself an event for a file watcher). Two equal
/// fingerprints mean no file was saved, added or removed in between.
pub type Fingerprint = std::collections::BTreeMap<PathBuf, (u64, Option<std::time::SystemTime>)>;

/// The [`Fingerprint`] of the dataset at `root`, the datasets it includes and its manifest
/// (empty when it cannot be read).
pub fn fingerprint(root: &Path) -> Fingerprint {
    let manifest = Some(root.join(crate::manifest::MANIFEST)).filter(|m| m.is_file());
    crate::load::data_files(root)
        .unwrap_or_default()
        .into_iter()
        .chain(manifest)
        .map(|p| {
            let meta = fs::metadata(&p).ok();
            let stamp = meta.as_ref().map_or((0, None), |m| (m.len(), m.modified().ok()));
            (p, stamp)
        })
        .collect()
}

/// Whether a path a file watcher reports may be a data file: a `.ron` not hidden by a `.`.
pub fn is_data_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "ron")
        && !path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ron_files_in_order_and_skips_hidden_and_target() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for p in [
            "b.ron",
            "a/z.ron",
            "a/b/c.ron",
            "a-b/x.ron",
            "a.ron",
            ".hidden/x.ron",
            "target/t.ron",
            "notes.txt",
            ".x.ron",
        ] {
            let path = root.join(p);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "").unwrap();
        }
        let found: Vec<String> = discover(root)
            .unwrap()
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"))
            .collect();
        // Byte order: `-` (0x2d) < `.` (0x2e) < `/` (0x2f).
        assert_eq!(found, ["a-b/x.ron", "a.ron", "a/b/c.ron", "a/z.ron", "b.ron"]);
        assert!(matches!(discover(&root.join("missing")), Err(Error::NotFound(_))));
        assert_eq!(discover(&root.join("b.ron")).unwrap().len(), 1);
    }
}
