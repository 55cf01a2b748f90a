//! The result of an edit: before and after texts, shown as a unified diff, written atomically.

use std::path::PathBuf;

use similar::TextDiff;

use diplograph_loader::journal::{FailAt, NewFile, commit};
use diplograph_loader::{EditLock, Loaded};

use crate::error::Error;

/// One file an edit changes or creates.
#[derive(Clone, Debug)]
pub struct FileChange {
    /// Path on disk.
    pub path: PathBuf,
    /// Name shown to users.
    pub name: String,
    /// The text before the edit; `None` for a new file.
    pub before: Option<String>,
    /// The text after the edit.
    pub after: String,
    /// Whether the file starts with a UTF-8 byte-order mark (kept on writing).
    pub had_bom: bool,
}

/// A validated edit, ready to be shown or written.
#[derive(Debug)]
pub struct Changeset {
    /// The files that change, in file order.
    pub files: Vec<FileChange>,
    /// The dataset as it will be after the edit (valid; warnings possible).
    pub loaded: Loaded,
}

/// The unified diff between two texts of a file named `name` (`None`: the file is new).
pub fn unified_diff(name: &str, before: Option<&str>, after: &str) -> String {
    let old = before.unwrap_or("");
    let from = if before.is_some() { format!("a/{name}") } else { "/dev/null".to_owned() };
    TextDiff::from_lines(old, after).unified_diff().context_radius(3).header(&from, &format!("b/{name}")).to_string()
}

impl Changeset {
    /// The unified diff of every change (`diff -u` style, `a/` and `b/` prefixes).
    pub fn unified_diff(&self) -> String {
        self.files.iter().map(|f| unified_diff(&f.name, f.before.as_deref(), &f.after)).collect()
    }

    /// Writes every changed file as one change, all or nothing even across a crash (see
    /// [`diplograph_loader::journal`]). `lock` is the edit lock taken before the dataset was read.
    pub fn write(&self, lock: &EditLock) -> Result<(), Error> {
        write_files(lock, &self.files, None)
    }
}

/// Writes files as one change, as [`Changeset::write`] does. `fail` makes the write fail on
/// purpose (for tests of the failure and crash paths).
pub fn write_files(lock: &EditLock, files: &[FileChange], fail: Option<FailAt>) -> Result<(), Error> {
    let bom = |f: &FileChange, text: &str| {
        let mut bytes = Vec::with_capacity(text.len() + 3);
        if f.had_bom {
            bytes.extend_from_slice(b"\xEF\xBB\xBF");
        }
        bytes.extend_from_slice(text.as_bytes());
        bytes
    };
    let new: Vec<NewFile> = files
        .iter()
        .map(|f| NewFile {
            path: f.path.clone(),
            bytes: bom(f, &f.after),
            expected: f.before.as_deref().map(|b| bom(f, b)),
        })
        .collect();
    Ok(commit(lock, &new, fail)?)
}
