//! Helpers shared by the end-to-end tests.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("repository root")
}

/// The shipped data directory.
pub fn data_dir() -> PathBuf {
    root().join("data")
}

/// The test data directory, `tests/data`.
pub fn test_data() -> PathBuf {
    root().join("tests/data")
}

/// A cache directory for the whole test run, so that tests never write to the user's cache.
pub fn shared_cache_dir() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("temporary cache directory")).path()
}

/// The binary, run from `dir`, with a clean environment for what diplograph reads.
pub fn diplograph_in(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_diplograph"));
    cmd.current_dir(dir)
        .env_remove("DIPLOGRAPH_DATA")
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("DIPLOGRAPH_CACHE_LOG")
        .env("DIPLOGRAPH_CACHE_DIR", shared_cache_dir());
    cmd
}

/// The binary, run from the repository root (so `./data` is the shipped data).
pub fn diplograph() -> Command {
    diplograph_in(&root())
}

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A temporary directory holding a copy of the shipped data under `data/`.
pub fn data_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&data_dir(), &dir.path().join("data"));
    dir
}

/// Compares `actual` with the golden file at `path`; with `UPDATE_GOLDEN=1`, rewrites it.
pub fn golden(path: &Path, actual: &str) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, actual).unwrap();
        return;
    }
    let expected = fs::read_to_string(path)
        .unwrap_or_else(|_| panic!("missing golden file {}; run with UPDATE_GOLDEN=1 to create it", path.display()));
    if expected != actual {
        panic!(
            "output differs from {}; run with UPDATE_GOLDEN=1 to accept, then review the diff\n--- expected\n{expected}\n--- actual\n{actual}",
            path.display()
        );
    }
}

/// Replaces the first occurrence of `from` with `to` in a file, failing when absent.
pub fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} does not contain {from:?}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Ends the replay of a document's runs: with `UPDATE_GOLDEN=1`, writes `rewritten` to `path`;
/// otherwise fails listing the runs whose output differs from the document's.
pub fn rewrite_or_check(path: &Path, rewritten: &str, mismatches: &[String]) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs::write(path, rewritten).unwrap();
    } else {
        assert!(
            mismatches.is_empty(),
            "documented runs in {} differ (UPDATE_GOLDEN=1 rewrites them):\n{}",
            path.display(),
            mismatches.join("\n")
        );
    }
}

/// Runs git in `dir` (as a committer of its own, never signing) and returns what it printed.
pub fn git_output<S: AsRef<std::ffi::OsStr>>(dir: &Path, args: &[S]) -> std::process::Output {
    std::process::Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"])
        .args(args)
        .output()
        .unwrap()
}

/// Runs git in `dir` as [`git_output`] does; fails the test, with git's message, when git fails.
pub fn git(dir: &Path, args: &[&str]) {
    let out = git_output(dir, args);
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}
