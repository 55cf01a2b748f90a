//! Advisory locks on a dataset: one edit at a time, and no reading while an edit's files are
//! being renamed into place.
//!
//! Two lock files live in the dataset's state directory, `.diplograph/` beside the data files
//! (its name starts with a dot, so it is never taken for data, and it holds a `.gitignore` that
//! keeps it out of git):
//!
//! - `edit.lock`: held exclusively by an edit from before it reads the data until it has
//!   written it, so that two edits never work from the same old text (no lost update);
//! - `commit.lock`: held exclusively by an edit while it renames its files into place, and
//!   shared by readers while they read the data files, so that a reader sees all the old
//!   files or all the new ones.
//!
//! The locks are `flock`-style advisory locks (the fs4 crate): the operating system releases
//! them when their process ends, however it ends, so a killed edit never leaves the dataset
//! locked and a crashed writer never blocks a reader. The two locks are always taken in that
//! order (edit, then commit), and a reader takes only the second, so they cannot deadlock.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use fs4::{FileExt, TryLockError};

use crate::confine::dataset_dir;
use crate::error::Error;
use crate::journal::Recovery;

/// The name of the state directory inside a dataset's directory.
pub const STATE_DIR: &str = ".diplograph";

/// What to do when another edit holds the dataset.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Wait {
    /// Wait for it to finish.
    Block,
    /// Fail at once with [`Error::Locked`].
    Fail,
}

/// The state directory of the dataset at `root` (a directory or a one-file dataset).
pub fn state_dir(root: &Path) -> PathBuf {
    dataset_dir(root).join(STATE_DIR)
}

/// Creates the state directory if needed, with a `.gitignore` that keeps it out of git.
fn ensure_state_dir(dir: &Path) -> io::Result<()> {
    if !dir.is_dir() {
        fs::create_dir_all(dir)?;
    }
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        fs::write(ignore, "# diplograph's locks and edit journal\n*\n")?;
    }
    Ok(())
}

/// Opens (creating if asked) a lock file, never through a link.
fn open_lock(path: &Path, create: bool) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.read(true).write(create).create(create);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
    }
    options.open(path)
}

/// Takes `file`'s lock, shared or exclusive; `Ok(false)` when it is held and `wait` is
/// [`Wait::Fail`]. `waiting` is called once before blocking.
fn take(file: &File, shared: bool, wait: Wait, waiting: &mut dyn FnMut()) -> io::Result<bool> {
    let tried = if shared { FileExt::try_lock_shared(file) } else { FileExt::try_lock(file) };
    match tried {
        Ok(()) => Ok(true),
        Err(TryLockError::Error(e)) => Err(e),
        Err(TryLockError::WouldBlock) if wait == Wait::Fail => Ok(false),
        Err(TryLockError::WouldBlock) => {
            waiting();
            if shared { FileExt::lock_shared(file) } else { FileExt::lock(file) }?;
            Ok(true)
        }
    }
}

/// The right to edit a dataset: while it lives, no other edit reads or writes the dataset.
/// Released when dropped (or when the process ends).
#[derive(Debug)]
pub struct EditLock {
    /// The dataset's directory.
    dataset: PathBuf,
    /// The state directory.
    state: PathBuf,
    /// What was done with an interrupted edit found when the lock was taken.
    recovered: Option<Recovery>,
    _file: File,
}

impl EditLock {
    /// Takes the edit lock of the dataset at `root`. With [`Wait::Block`], `waiting` is called
    /// once if another edit holds it, and the call returns when that edit is done; with
    /// [`Wait::Fail`], the call fails with [`Error::Locked`] instead.
    pub fn acquire(root: &Path, wait: Wait, waiting: &mut dyn FnMut()) -> Result<Self, Error> {
        let state = state_dir(root);
        let io = |source| Error::Write { path: state.clone(), source };
        ensure_state_dir(&state).map_err(io)?;
        let file = open_lock(&state.join("edit.lock"), true).map_err(io)?;
        if !take(&file, false, wait, waiting).map_err(io)? {
            return Err(Error::Locked(dataset_dir(root)));
        }
        let dataset = dataset_dir(root);
        let recovered = crate::journal::settle(&dataset, &state)?;
        Ok(Self { dataset, state, recovered, _file: file })
    }

    /// What was done, when the lock was taken, with an edit found interrupted.
    pub fn recovered(&self) -> Option<&Recovery> {
        self.recovered.as_ref()
    }

    /// Whether the edit lock of the dataset at `root` is free, taking it for the time of the
    /// call: `None` when the dataset has no state directory.
    pub(crate) fn try_hold(root: &Path) -> io::Result<Option<Option<File>>> {
        let state = state_dir(root);
        if !state.is_dir() {
            return Ok(None);
        }
        let file = open_lock(&state.join("edit.lock"), true)?;
        Ok(Some(take(&file, false, Wait::Fail, &mut || {})?.then_some(file)))
    }

    /// The dataset's directory.
    pub fn dataset(&self) -> &Path {
        &self.dataset
    }

    /// The state directory (journal and lock files).
    pub fn state(&self) -> &Path {
        &self.state
    }
}

/// A lock on the renaming of an edit's files: exclusive for the edit that renames, shared for
/// readers. Released when dropped.
#[derive(Debug)]
pub struct CommitLock {
    _file: File,
}

impl CommitLock {
    /// Taken exclusively by an edit (which holds `edit`) before it renames its files.
    pub(crate) fn exclusive(edit: &EditLock) -> io::Result<Self> {
        Self::exclusive_in(&edit.state)
    }

    /// Taken exclusively in the state directory `state`, by the holder of its edit lock.
    pub(crate) fn exclusive_in(state: &Path) -> io::Result<Self> {
        let file = open_lock(&state.join("commit.lock"), true)?;
        FileExt::lock(&file)?;
        Ok(Self { _file: file })
    }

    /// Taken shared by a reader of the dataset at `root`, waiting while an edit renames its
    /// files. `None` when no edit ever ran there (no lock file) or the lock file cannot be
    /// opened: then there is no writer to wait for.
    pub fn shared(root: &Path) -> Option<Self> {
        let file = open_lock(&state_dir(root).join("commit.lock"), false).ok()?;
        FileExt::lock_shared(&file).ok()?;
        Some(Self { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_edit_waits_or_fails_and_the_lock_dies_with_its_holder() {
        let dir = tempfile::tempdir().unwrap();
        let first = EditLock::acquire(dir.path(), Wait::Fail, &mut || {}).unwrap();
        assert!(dir.path().join(".diplograph/.gitignore").is_file());
        assert!(matches!(EditLock::acquire(dir.path(), Wait::Fail, &mut || {}), Err(Error::Locked(_))));
        assert!(matches!(EditLock::try_hold(dir.path()), Ok(Some(None))));
        let root = dir.path().to_owned();
        let (sender, receiver) = std::sync::mpsc::channel();
        let waiter = std::thread::spawn(move || {
            let mut waited = false;
            let lock = EditLock::acquire(&root, Wait::Block, &mut || waited = true);
            sender.send(()).unwrap();
            (lock.is_ok(), waited)
        });
        // The waiter is blocked until the first lock goes.
        assert!(receiver.recv_timeout(std::time::Duration::from_millis(200)).is_err());
        drop(first);
        assert_eq!(waiter.join().unwrap(), (true, true));
        assert!(matches!(EditLock::try_hold(dir.path()), Ok(Some(Some(_)))));
    }

    #[test]
    fn readers_share_the_commit_lock_and_wait_for_a_commit() {
        let dir = tempfile::tempdir().unwrap();
        assert!(CommitLock::shared(dir.path()).is_none(), "no edit ever ran: nothing to wait for");
        let edit = EditLock::acquire(dir.path(), Wait::Fail, &mut || {}).unwrap();
        let commit = CommitLock::exclusive(&edit).unwrap();
        let root = dir.path().to_owned();
        let reader = std::thread::spawn(move || CommitLock::shared(&root).is_some());
        std::thread::sleep(std::time::Duration::from_millis(100));
        assert!(!reader.is_finished(), "a reader waits while files are renamed");
        drop(commit);
        assert!(reader.join().unwrap());
        let (a, b) = (CommitLock::shared(dir.path()), CommitLock::shared(dir.path()));
        assert!(a.is_some() && b.is_some());
    }
}
