//! The result of an edit: before and after texts, shown as a unified diff, written atomically.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use similar::TextDiff;

use diplograph_loader::Loaded;

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

    /// Writes every changed file atomically: each new text goes to a temporary file in the
    /// same directory, and only when all of them are written and flushed are they renamed over
    /// the originals. A failure while writing removes the temporary files and leaves every
    /// data file as it was.
    pub fn write(&self) -> Result<(), Error> {
        write_files(&self.files, None)
    }
}

/// Writes files atomically, as [`Changeset::write`] does. `fail` makes the write fail on purpose
/// before file number `fail` is staged (for tests of the failure path).
pub fn write_files(files: &[FileChange], fail: Option<usize>) -> Result<(), Error> {
    {
        let mut staged = Vec::with_capacity(files.len());
        for (i, f) in files.iter().enumerate() {
            let dir = f.path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
            let werr = |source| Error::Write { path: f.path.clone(), source };
            if fail == Some(i) {
                return Err(werr(std::io::Error::other("injected failure")));
            }
            if !dir.exists() && f.before.is_none() {
                // A new file in a new folder (a source's text in `sources/`).
                fs::create_dir_all(dir).map_err(werr)?;
            }
            if !dir.exists() {
                return Err(werr(std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    format!("the directory {} does not exist", dir.display()),
                )));
            }
            let mut builder = tempfile::Builder::new();
            builder.prefix(".diplograph-").suffix(".tmp");
            // A new file gets the usual mode (0666 less the umask), not a private temporary one's;
            // a file that exists keeps its own, copied below.
            #[cfg(unix)]
            builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
            let mut tmp = builder.tempfile_in(dir).map_err(werr)?;
            if f.had_bom {
                tmp.write_all(b"\xEF\xBB\xBF").map_err(werr)?;
            }
            tmp.write_all(f.after.as_bytes()).map_err(werr)?;
            tmp.as_file().sync_all().map_err(werr)?;
            if let Ok(meta) = fs::metadata(&f.path) {
                fs::set_permissions(tmp.path(), meta.permissions()).map_err(werr)?;
            }
            staged.push((tmp, &f.path));
        }
        for (tmp, path) in staged {
            tmp.persist(path).map_err(|e| Error::Write { path: path.clone(), source: e.error })?;
        }
        Ok(())
    }
}
