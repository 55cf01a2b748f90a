//! Writing several data files as one change that survives a crash: all old or all new.
//!
//! An edit holding the dataset's [`EditLock`] writes in this order:
//!
//! 1. the journal `.diplograph/journal.staging`: every temporary file it is about to write and
//!    the file each one replaces (paths relative to the dataset, with a checksum), synced;
//! 2. the temporary files (`.diplograph-*.tmp` beside their targets, created exclusively, never
//!    through a link), each synced;
//! 3. under the `CommitLock`, a check that every target still holds the bytes the edit was
//!    computed from, then the commit point: the journal is renamed to `journal.commit`;
//! 4. each temporary file renamed over its target, the directories synced;
//! 5. the journal removed.
//!
//! After a crash, the next command ([`recover`], or the next edit) finds the journal. A
//! `journal.staging` means no data file was touched: the temporary files it names are removed
//! (rolled back). A `journal.commit` means every new text is on disk: the temporary files still
//! there are renamed over their targets (completed). Either way the journal is then removed, so
//! no temporary file outlives the next command, and readers, which wait on the commit lock and
//! complete a journal left by a dead writer, only ever see all the old files or all the new ones.

use diplograph_core::text::plural;
use std::fs::{self, File};
use std::io::{self, Write as _};
use std::path::{Component, Path, PathBuf};

use xxhash_rust::xxh3::xxh3_128;

use crate::confine::{dataset_dir, read_regular};
use crate::discover::discover;
use crate::error::Error;
use crate::lock::{CommitLock, EditLock, state_dir};

/// The journal of an edit writing its temporary files.
const STAGING: &str = "journal.staging";
/// The journal of an edit past its commit point.
const COMMIT: &str = "journal.commit";
/// The first bytes of a journal.
const MAGIC: &[u8] = b"diplograph journal 1\n";

/// One file an edit writes.
#[derive(Clone, Debug)]
pub struct NewFile {
    /// Where it goes.
    pub path: PathBuf,
    /// Its new bytes.
    pub bytes: Vec<u8>,
    /// The bytes the file must still hold when the edit commits (`None`: it must not exist),
    /// so that a change made meanwhile by another program is never overwritten.
    pub expected: Option<Vec<u8>>,
}

/// What the next command did with a journal left by an interrupted edit.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Recovery {
    /// The edit had not reached its commit point: its temporary files were removed and the
    /// data is as it was before it.
    RolledBack {
        /// Temporary files removed.
        removed: usize,
    },
    /// The edit had reached its commit point: its remaining files were renamed into place and
    /// the data is as it was meant to be after it.
    Completed {
        /// Files the edit replaced or created.
        files: usize,
    },
}

impl std::fmt::Display for Recovery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Recovery::RolledBack { removed } => write!(
                f,
                "an earlier edit was interrupted before it changed any file; it was rolled back \
                 ({} removed)",
                plural(*removed, "temporary file")
            ),
            Recovery::Completed { files } => write!(
                f,
                "an earlier edit was interrupted while replacing its files; it was completed \
                 ({} written)",
                plural(*files, "file")
            ),
        }
    }
}

/// Where an edit may be made to fail on purpose, for tests of the failure and crash paths.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FailAt {
    /// Before temporary file number `n` is written.
    Staging(usize),
    /// After the commit point, before file number `n` is renamed (the process then goes on as
    /// if it had died: the journal stays).
    Renaming(usize),
}

/// `path` relative to `dataset`, with `/`, as the journal stores it.
fn relative(dataset: &Path, path: &Path) -> io::Result<String> {
    let rel = path.strip_prefix(dataset).map_err(|_| io::Error::other("a file outside the data directory"))?;
    let parts: Option<Vec<&str>> = rel.components().map(|c| c.as_os_str().to_str()).collect();
    parts.map(|p| p.join("/")).ok_or_else(|| io::Error::other("a file name that is not UTF-8"))
}

/// The pairs of a journal (temporary file, target), relative to the dataset; `None` when it is
/// cut short or damaged, or names anything but a temporary file beside a target (not hidden)
/// inside the dataset (a journal is never trusted to move other files).
fn parse(bytes: &[u8]) -> Option<Vec<(String, String)>> {
    let body = bytes.strip_prefix(MAGIC)?;
    let (body, hash) = body.split_at_checked(body.len().checked_sub(16)?)?;
    if xxh3_128(body).to_le_bytes() != hash {
        return None;
    }
    let text = std::str::from_utf8(body).ok()?;
    let mut pairs = Vec::new();
    for line in text.lines() {
        let (temp, target) = line.split_once('\t')?;
        let safe = |p: &str| {
            let path = Path::new(p);
            !p.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)))
        };
        let (temp_path, target_path) = (Path::new(temp), Path::new(target));
        let temp_name = temp_path.file_name()?.to_str()?;
        if !safe(temp)
            || !safe(target)
            || temp_path.parent() != target_path.parent()
            || !temp_name.starts_with(".diplograph-")
            || !temp_name.ends_with(".tmp")
            || target_path.file_name()?.to_str()?.starts_with('.')
        {
            return None;
        }
        pairs.push((temp.to_owned(), target.to_owned()));
    }
    Some(pairs)
}

/// The bytes of a journal naming `pairs`.
fn encode(pairs: &[(String, String)]) -> io::Result<Vec<u8>> {
    let mut body = String::new();
    for (temp, target) in pairs {
        if [temp, target].iter().any(|p| p.contains(['\t', '\n', '\r'])) {
            return Err(io::Error::other("a file name with a tab or a line break"));
        }
        body.push_str(&format!("{temp}\t{target}\n"));
    }
    let mut bytes = MAGIC.to_vec();
    bytes.extend_from_slice(body.as_bytes());
    bytes.extend_from_slice(&xxh3_128(body.as_bytes()).to_le_bytes());
    Ok(bytes)
}

/// Syncs a directory, so that the renames and removals in it are on disk.
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    File::open(dir)?.sync_all()?;
    let _ = dir;
    Ok(())
}

/// Creates `path` exclusively (never through a link or over a file), writes `bytes` and syncs.
fn create_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        // A data file gets the usual mode (0666 less the umask).
        options.mode(0o666);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// A name for a temporary file, unique to this process, edit and file.
fn temp_name(index: usize) -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let salt = xxh3_128(format!("{}-{nanos}-{index}", std::process::id()).as_bytes()) as u64;
    format!(".diplograph-{}-{index}-{salt:016x}.tmp", std::process::id())
}

/// Writes `files` as one change, as the module documentation says. On an error before the
/// commit point, every temporary file and the journal are removed and no data file changed.
pub fn commit(lock: &EditLock, files: &[NewFile], fail: Option<FailAt>) -> Result<(), Error> {
    let dataset = lock.dataset();
    let journal = lock.state().join(STAGING);
    let werr = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Write { path: path.clone(), source }
    };
    let mut pairs = Vec::with_capacity(files.len());
    let mut temps = Vec::with_capacity(files.len());
    for (i, f) in files.iter().enumerate() {
        let dir = f.path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        if !dir.exists() && f.expected.is_none() && dir.starts_with(dataset) {
            // A new file in a new folder (a source's text in `sources/`).
            fs::create_dir_all(dir).map_err(werr(&f.path))?;
        }
        if !dir.is_dir() {
            return Err(werr(&f.path)(io::Error::new(
                io::ErrorKind::NotFound,
                format!("the directory {} does not exist", dir.display()),
            )));
        }
        let temp = dir.join(temp_name(i));
        pairs.push((
            relative(dataset, &temp).map_err(werr(&f.path))?,
            relative(dataset, &f.path).map_err(werr(&f.path))?,
        ));
        temps.push(temp);
    }
    create_new(&journal, &encode(&pairs).map_err(werr(&journal))?).map_err(werr(&journal))?;
    sync_dir(lock.state()).map_err(werr(lock.state()))?;
    let undo = |error: Error| {
        for t in &temps {
            let _ = fs::remove_file(t);
        }
        let _ = fs::remove_file(&journal);
        error
    };
    for (i, (f, temp)) in files.iter().zip(&temps).enumerate() {
        if fail == Some(FailAt::Staging(i)) {
            return Err(undo(werr(&f.path)(io::Error::other("injected failure"))));
        }
        create_new(temp, &f.bytes).map_err(|e| undo(werr(&f.path)(e)))?;
        if let Ok(meta) = fs::metadata(&f.path) {
            fs::set_permissions(temp, meta.permissions()).map_err(|e| undo(werr(&f.path)(e)))?;
        }
    }
    let _commit = CommitLock::exclusive(lock).map_err(|e| undo(werr(lock.state())(e)))?;
    for f in files {
        let now = match fs::symlink_metadata(&f.path) {
            Ok(_) => Some(read_regular(&f.path).map_err(|e| undo(Error::NotRead { path: f.path.clone(), reason: e }))?),
            Err(_) => None,
        };
        if now != f.expected {
            return Err(undo(Error::Changed(f.path.clone())));
        }
    }
    let committed = lock.state().join(COMMIT);
    fs::rename(&journal, &committed).map_err(|e| undo(werr(&journal)(e)))?;
    sync_dir(lock.state()).map_err(werr(lock.state()))?;
    // Past the commit point: an error now leaves the journal for the next command to complete.
    let delay = rename_delay();
    for (i, (f, temp)) in files.iter().zip(&temps).enumerate() {
        if fail == Some(FailAt::Renaming(i)) {
            return Err(werr(&f.path)(io::Error::other("injected failure")));
        }
        fs::rename(temp, &f.path).map_err(werr(&f.path))?;
        if let Some(d) = delay {
            std::thread::sleep(d);
        }
    }
    let mut dirs: Vec<&Path> = files.iter().filter_map(|f| f.path.parent()).collect();
    dirs.sort();
    dirs.dedup();
    for dir in dirs {
        sync_dir(dir).map_err(werr(dir))?;
    }
    fs::remove_file(&committed).map_err(werr(&committed))?;
    sync_dir(lock.state()).map_err(werr(lock.state()))?;
    Ok(())
}

/// A pause after each rename, from `DIPLOGRAPH_RENAME_DELAY_MS`: the crash tests use it to
/// kill an edit between two renames.
fn rename_delay() -> Option<std::time::Duration> {
    let ms: u64 = std::env::var("DIPLOGRAPH_RENAME_DELAY_MS").ok()?.parse().ok()?;
    Some(std::time::Duration::from_millis(ms))
}

/// Completes or rolls back an edit interrupted in the dataset at `root`, if one was and its
/// writer is gone; `None` when there was nothing to do (or its writer is still at work: readers
/// then wait for it on the commit lock).
pub fn recover(root: &Path) -> Result<Option<Recovery>, Error> {
    let state = state_dir(root);
    if !state.join(STAGING).exists() && !state.join(COMMIT).exists() {
        return Ok(None);
    }
    let held = EditLock::try_hold(root).map_err(|source| Error::Write { path: state.clone(), source })?;
    match held {
        Some(Some(_file)) => settle(&dataset_dir(root), &state),
        _ => Ok(None),
    }
}

/// What every reading of the dataset at `root` does first: complete an edit a dead writer
/// left past its commit point, then take the commit lock, shared, for as long as the files are
/// read (so that an edit renaming its files waits, and is waited for).
pub(crate) fn before_reading(root: &Path) -> Option<CommitLock> {
    let committing = || state_dir(root).join(COMMIT).exists();
    for _ in 0..3 {
        if committing() {
            // An error here is an error of the reading that follows, reported there.
            let _ = recover(root);
        }
        let shared = CommitLock::shared(root);
        // A writer that died while this reader waited for it left its journal.
        if !committing() {
            return shared;
        }
    }
    CommitLock::shared(root)
}

/// Completes or rolls back the journal in `state`, if any, and removes temporary files of
/// interrupted edits left in the dataset's directories; the caller holds the edit lock.
pub(crate) fn settle(dataset: &Path, state: &Path) -> Result<Option<Recovery>, Error> {
    let werr = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Write { path: path.clone(), source }
    };
    let commit_path = state.join(COMMIT);
    let staging_path = state.join(STAGING);
    let _commit = CommitLock::exclusive_in(state).map_err(werr(state))?;
    let mut recovery = None;
    if commit_path.exists() {
        let bytes = fs::read(&commit_path).map_err(werr(&commit_path))?;
        let pairs = parse(&bytes).ok_or_else(|| Error::Journal(commit_path.clone()))?;
        for (temp, target) in &pairs {
            let temp = dataset.join(temp);
            if temp.exists() {
                fs::rename(&temp, dataset.join(target)).map_err(werr(&temp))?;
            }
        }
        for dir in pairs.iter().filter_map(|(_, t)| dataset.join(t).parent().map(Path::to_owned)) {
            sync_dir(&dir).map_err(werr(&dir))?;
        }
        fs::remove_file(&commit_path).map_err(werr(&commit_path))?;
        recovery = Some(Recovery::Completed { files: pairs.len() });
    }
    if staging_path.exists() {
        // Cut short or damaged: no temporary file was written before it was whole and synced.
        let bytes = fs::read(&staging_path).map_err(werr(&staging_path))?;
        let mut removed = 0;
        for (temp, _) in parse(&bytes).unwrap_or_default() {
            if fs::remove_file(dataset.join(temp)).is_ok() {
                removed += 1;
            }
        }
        fs::remove_file(&staging_path).map_err(werr(&staging_path))?;
        recovery.get_or_insert(Recovery::RolledBack { removed });
    }
    sync_dir(state).map_err(werr(state))?;
    sweep(dataset);
    Ok(recovery)
}

/// Removes the temporary files (`.diplograph-*.tmp`) that edits of older versions could leave
/// beside the data files; the caller holds the edit lock, so none of them is being written.
fn sweep(dataset: &Path) {
    let mut dirs: Vec<PathBuf> = discover(dataset)
        .unwrap_or_default()
        .iter()
        .filter_map(|p| p.parent().map(Path::to_owned))
        .chain([dataset.to_owned()])
        .collect();
    dirs.sort();
    dirs.dedup();
    for dir in dirs {
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let is_file = entry.file_type().is_ok_and(|t| t.is_file());
            if is_file && name.starts_with(".diplograph-") && name.ends_with(".tmp") {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lock::Wait;

    fn dataset(n: usize) -> (tempfile::TempDir, Vec<PathBuf>) {
        let dir = tempfile::tempdir().unwrap();
        let paths: Vec<PathBuf> = (0..n).map(|i| dir.path().join(format!("f{i}.ron"))).collect();
        for p in &paths {
            fs::write(p, "old").unwrap();
        }
        (dir, paths)
    }

    fn change(paths: &[PathBuf]) -> Vec<NewFile> {
        paths
            .iter()
            .map(|p| NewFile { path: p.clone(), bytes: b"new".to_vec(), expected: Some(b"old".to_vec()) })
            .collect()
    }

    fn contents(paths: &[PathBuf]) -> Vec<String> {
        paths.iter().map(|p| fs::read_to_string(p).unwrap()).collect()
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut n: Vec<String> =
            fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        n.sort();
        n
    }

    #[test]
    fn a_commit_replaces_every_file_and_leaves_nothing_behind() {
        let (dir, paths) = dataset(3);
        let lock = EditLock::acquire(dir.path(), Wait::Fail, &mut || {}).unwrap();
        commit(&lock, &change(&paths), None).unwrap();
        assert_eq!(contents(&paths), ["new"; 3]);
        assert_eq!(names(dir.path()), [".diplograph", "f0.ron", "f1.ron", "f2.ron"]);
        assert_eq!(names(&dir.path().join(".diplograph")), [".gitignore", "commit.lock", "edit.lock"]);
    }

    #[test]
    fn a_failure_before_the_commit_point_changes_nothing() {
        for at in 0..3 {
            let (dir, paths) = dataset(3);
            let lock = EditLock::acquire(dir.path(), Wait::Fail, &mut || {}).unwrap();
            assert!(commit(&lock, &change(&paths), Some(FailAt::Staging(at))).is_err());
            assert_eq!(contents(&paths), ["old"; 3]);
            assert_eq!(names(dir.path()), [".diplograph", "f0.ron", "f1.ron", "f2.ron"]);
        }
    }

    #[test]
    fn a_crash_after_the_commit_point_is_completed_by_the_next_command() {
        for at in 0..3 {
            let (dir, paths) = dataset(3);
            let lock = EditLock::acquire(dir.path(), Wait::Fail, &mut || {}).unwrap();
            assert!(commit(&lock, &change(&paths), Some(FailAt::Renaming(at))).is_err());
            // The writer is still alive: a reader leaves its journal alone.
            assert_eq!(recover(dir.path()).unwrap(), None);
            drop(lock);
            let mixed = contents(&paths);
            assert_eq!(mixed.iter().filter(|t| *t == "new").count(), at);
            assert_eq!(recover(dir.path()).unwrap(), Some(Recovery::Completed { files: 3 }));
            assert_eq!(contents(&paths), ["new"; 3]);
            assert_eq!(names(dir.path()), [".diplograph", "f0.ron", "f1.ron", "f2.ron"]);
            assert_eq!(recover(dir.path()).unwrap(), None);
        }
    }

    #[test]
    fn a_crash_while_staging_is_rolled_back_and_stray_temporary_files_are_swept() {
        let (dir, paths) = dataset(2);
        let state = dir.path().join(".diplograph");
        fs::create_dir(&state).unwrap();
        let temp = ".diplograph-1-0-00.tmp";
        fs::write(state.join(STAGING), encode(&[(temp.into(), "f0.ron".into())]).unwrap()).unwrap();
        fs::write(dir.path().join(temp), "half").unwrap();
        fs::write(dir.path().join(".diplograph-old.tmp"), "left by an older version").unwrap();
        assert_eq!(recover(dir.path()).unwrap(), Some(Recovery::RolledBack { removed: 1 }));
        assert_eq!(contents(&paths), ["old"; 2]);
        assert_eq!(names(dir.path()), [".diplograph", "f0.ron", "f1.ron"]);
        // A journal cut short while it was written is removed too.
        fs::write(state.join(STAGING), &encode(&[(temp.into(), "f0.ron".into())]).unwrap()[..30]).unwrap();
        assert_eq!(recover(dir.path()).unwrap(), Some(Recovery::RolledBack { removed: 0 }));
        assert!(!state.join(STAGING).exists());
    }

    #[test]
    fn a_journal_never_moves_files_it_should_not() {
        for (temp, target) in [
            ("../x.tmp", "f0.ron"),
            (".diplograph-1.tmp", "../f0.ron"),
            ("/etc/passwd", "f0.ron"),
            ("secret.txt", "f0.ron"),
            (".diplograph-1.tmp", ".diplograph/edit.lock"),
            (".diplograph-1.tmp", ".git"),
            ("a/.diplograph-1.tmp", "b/f0.ron"),
        ] {
            assert_eq!(parse(&encode(&[(temp.into(), target.into())]).unwrap()), None, "{temp} {target}");
        }
        let good = [(".diplograph-1.tmp".to_owned(), "f0.ron".to_owned())];
        assert_eq!(parse(&encode(&good).unwrap()).unwrap(), good);
        let mut damaged = encode(&good).unwrap();
        damaged[25] ^= 1;
        assert_eq!(parse(&damaged), None);
    }

    #[test]
    fn a_file_changed_meanwhile_is_not_overwritten() {
        let (dir, paths) = dataset(2);
        let lock = EditLock::acquire(dir.path(), Wait::Fail, &mut || {}).unwrap();
        fs::write(&paths[1], "changed by someone else").unwrap();
        assert!(matches!(commit(&lock, &change(&paths), None), Err(Error::Changed(_))));
        assert_eq!(contents(&paths), ["old", "changed by someone else"]);
        assert_eq!(names(dir.path()), [".diplograph", "f0.ron", "f1.ron"]);
    }
}
