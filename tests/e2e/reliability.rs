//! Nothing lost, nothing leaked: concurrent edits, edits killed at random moments, files named
//! by the data that lead outside it, links and FIFOs.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use diplograph_loader::{EditLock, Wait};
use predicates::prelude::*;

use crate::util::{copy_dir, data_copy, diplograph_in, git, shared_cache_dir};

/// The binary as a plain process (to run several at once, or kill one), from `dir`.
fn process_in(dir: &Path) -> Process {
    let mut cmd = Process::new(env!("CARGO_BIN_EXE_diplograph"));
    cmd.current_dir(dir)
        .env_remove("DIPLOGRAPH_DATA")
        .env("NO_COLOR", "1")
        .env("DIPLOGRAPH_CACHE_DIR", shared_cache_dir())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

#[test]
fn two_edits_at_once_both_land() {
    let dir = data_copy();
    for round in 0..6 {
        let (a, b) = (format!("note-a-{round}"), format!("note-b-{round}"));
        let first = process_in(dir.path()).args(["set", "ru-ir-partnership", &format!("note={a}")]).spawn().unwrap();
        let second =
            process_in(dir.path()).args(["set", "ru-ir-working-relationship", &format!("note={b}")]).spawn().unwrap();
        for child in [first, second] {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        }
        let text = fs::read_to_string(dir.path().join("data/relations/russia-iran.ron")).unwrap();
        assert!(text.contains(&a) && text.contains(&b), "round {round}: an edit was lost");
    }
    diplograph_in(dir.path()).arg("check").assert().success();
}

#[test]
fn a_second_edit_waits_with_a_message_or_fails_clearly_with_no_wait() {
    let dir = data_copy();
    let data = dir.path().join("data");
    let held = EditLock::acquire(&data, Wait::Fail, &mut || {}).unwrap();
    diplograph_in(dir.path())
        .args(["set", "ru-ir-partnership", "note=x", "--no-wait"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("another edit of the data at data is in progress"));
    diplograph_in(dir.path()).args(["fmt", "--no-wait"]).assert().code(2);
    // Readers are not blocked by an edit in progress.
    diplograph_in(dir.path()).arg("check").timeout(Duration::from_secs(20)).assert().success();
    let waiting = process_in(dir.path()).args(["set", "ru-ir-partnership", "note=after"]).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    drop(held);
    let out = waiting.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("waiting for another edit of data to finish"), "{stderr}");
    assert!(fs::read_to_string(data.join("relations/russia-iran.ron")).unwrap().contains("note: \"after\""));
}

/// Every file below `dir` with its bytes (the state directory left out), and whether a
/// temporary file or a journal is among them.
fn files(dir: &Path) -> (BTreeMap<PathBuf, Vec<u8>>, Vec<PathBuf>) {
    let (mut out, mut stray) = (BTreeMap::new(), Vec::new());
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if name.ends_with(".tmp") || name.starts_with("journal") {
                stray.push(p.clone());
            }
            if p.is_dir() {
                stack.push(p);
            } else if !p.starts_with(dir.join(".diplograph")) {
                out.insert(p.strip_prefix(dir).unwrap().to_owned(), fs::read(&p).unwrap());
            }
        }
    }
    (out, stray)
}

/// A small generator for kill times, seeded so that a failure can be replayed.
struct SplitMix(u64);

impl SplitMix {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n.max(1)
    }
}

/// When to kill the writer: after a time, or as soon as a journal appears.
enum Kill {
    After(Duration),
    AtJournal(&'static str),
}

/// Runs `rename` on a copy of `original` in `work` and kills it as `kill` says; returns the
/// files after the next `check` and what that check printed.
fn killed_rename(original: &Path, work: &Path, kill: Kill) -> (BTreeMap<PathBuf, Vec<u8>>, String) {
    let _ = fs::remove_dir_all(work);
    copy_dir(original, work);
    let mut writer = process_in(work)
        .args(["--data", ".", "rename", "namarnaland_0", "renamed_hub"])
        .env("DIPLOGRAPH_RENAME_DELAY_MS", "4")
        .spawn()
        .unwrap();
    match kill {
        Kill::After(d) => std::thread::sleep(d),
        Kill::AtJournal(name) => {
            let journal = work.join(".diplograph").join(name);
            let start = Instant::now();
            while !journal.exists() && start.elapsed() < Duration::from_secs(30) {
                std::thread::sleep(Duration::from_micros(200));
            }
        }
    }
    writer.kill().unwrap();
    writer.wait().unwrap();
    let out = diplograph_in(work).args(["--data", ".", "--no-cache", "check"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "the data fails `check` after a kill:\n{stderr}");
    let (after, stray) = files(work);
    assert!(stray.is_empty(), "left behind after a kill and a check: {stray:?}");
    (after, stderr)
}

#[test]
fn an_edit_killed_at_any_moment_leaves_the_data_all_old_or_all_new() {
    let tmp = tempfile::tempdir().unwrap();
    let original = tmp.path().join("original");
    diplograph_in(tmp.path())
        .args(["gen", "--actors", "300", "--relations", "2000", "--files", "20", "-o"])
        .arg(&original)
        .assert()
        .success();
    let old = files(&original).0;
    // The new state, and how long an uninterrupted rename takes.
    let done = tmp.path().join("done");
    copy_dir(&original, &done);
    let start = Instant::now();
    process_in(&done)
        .args(["--data", ".", "rename", "namarnaland_0", "renamed_hub"])
        .env("DIPLOGRAPH_RENAME_DELAY_MS", "4")
        .status()
        .unwrap();
    let full = start.elapsed();
    let new = files(&done).0;
    let touched = old.iter().filter(|(k, v)| new.get(*k) != Some(*v)).count();
    assert!(touched >= 10, "the rename should touch many files, touched {touched}");

    let work = tmp.path().join("work");
    let mut rng = SplitMix(10);
    let (mut olds, mut news) = (0, 0);
    let mut kills: Vec<Kill> =
        (0..10).map(|_| Kill::After(Duration::from_micros(rng.below(full.as_micros() as u64 + 1000)))).collect();
    kills.extend([Kill::AtJournal("journal.staging"), Kill::AtJournal("journal.commit")]);
    let mut messages = String::new();
    for kill in kills {
        let (after, stderr) = killed_rename(&original, &work, kill);
        if after == old {
            olds += 1;
        } else if after == new {
            news += 1;
        } else {
            let mixed: Vec<_> = after.keys().filter(|k| after.get(*k) != new.get(*k)).collect();
            panic!("a mixed dataset after a kill: {mixed:?}\n{stderr}");
        }
        messages.push_str(&stderr);
    }
    assert!(olds > 0 && news > 0, "kills should land both before and after the commit point ({olds} old, {news} new)");
    assert!(messages.contains("it was completed"), "a kill between renames is completed: {messages}");
    assert!(messages.contains("it was rolled back"), "a kill while staging is rolled back: {messages}");
}

#[test]
fn source_texts_never_lead_outside_the_data_nor_hang() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    fs::create_dir(&data).unwrap();
    fs::write(tmp.path().join("secret.txt"), "root:x:0:0").unwrap();
    let write = |text: &str| {
        fs::write(
            data.join("a.ron"),
            format!(
                "Graph(sources: [Source(id: \"s\", text: {text:?})], actors: [Country(id: \"a\", name: \"A\"), \
                 Country(id: \"b\", name: \"B\")], relations: [Relation(subject: \"a\", kind: \"war\", object: \"b\", \
                 evidence: [Quote(source: \"s\", text: \"root:\")])])"
            ),
        )
        .unwrap();
    };
    let check = || diplograph_in(tmp.path()).args(["check", "--no-cache"]).timeout(Duration::from_secs(20)).assert();
    let cases: &[(&str, &str)] = &[
        ("/etc/passwd", "the path is absolute"),
        ("/proc/self/environ", "the path is absolute"),
        ("/dev/zero", "the path is absolute"),
        ("../secret.txt", "leads outside the data directory"),
        ("../../../../../../etc/passwd", "leads outside the data directory"),
        ("out.txt", "leads outside the data directory"),
        ("zero.txt", "leads outside the data directory"),
        ("fifo.txt", "it is not a regular file (it is a FIFO)"),
    ];
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(tmp.path().join("secret.txt"), data.join("out.txt")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", data.join("zero.txt")).unwrap();
        assert!(Process::new("mkfifo").arg(data.join("fifo.txt")).status().unwrap().success());
    }
    for (text, why) in cases {
        write(text);
        // Never an oracle: the same error whether the quote occurs in the file or not.
        check().code(1).stderr(predicate::str::contains(*why)).stderr(predicate::str::contains("root:x").not());
    }
    fs::write(data.join("inside.txt"), "root: the word").unwrap();
    write("inside.txt");
    check().success();
}

#[cfg(unix)]
#[test]
fn a_linked_data_file_is_refused_and_never_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    copy_dir(&crate::util::data_dir(), &data);
    let outside = tmp.path().join("countries.ron");
    fs::rename(data.join("actors/countries.ron"), &outside).unwrap();
    std::os::unix::fs::symlink(&outside, data.join("actors/countries.ron")).unwrap();
    fs::write(tmp.path().join("passwd.ron"), "root:x:0:0:root:/root:/bin/bash\n").unwrap();
    std::os::unix::fs::symlink(tmp.path().join("passwd.ron"), data.join("passwd.ron")).unwrap();
    diplograph_in(tmp.path())
        .args(["check", "--no-cache"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a symbolic link; diplograph reads only regular files"))
        .stderr(predicate::str::contains("root:x").not());
    fs::remove_file(data.join("passwd.ron")).unwrap();
    diplograph_in(tmp.path()).args(["set", "russia", "name=Russland"]).assert().code(2);
    assert!(fs::symlink_metadata(data.join("actors/countries.ron")).unwrap().file_type().is_symlink());
}

#[test]
fn a_file_with_old_mac_line_endings_is_an_error_for_check_fmt_and_edits() {
    let dir = data_copy();
    let file = dir.path().join("data/relations/russia-iran.ron");
    let cr = fs::read_to_string(&file).unwrap().replace('\n', "\r");
    fs::write(&file, &cr).unwrap();
    let run = |args: &[&str]| diplograph_in(dir.path()).args(args).arg("--no-cache").assert();
    // Read as it is, its first comment would hide the whole file and `check` would pass.
    run(&["check"]).code(1).stderr(
        predicate::str::contains("lone carriage return")
            .and(predicate::str::contains("data/relations/russia-iran.ron:1:")),
    );
    run(&["fmt", "--check"]).code(1).stderr(predicate::str::contains("lone carriage return"));
    run(&["fmt"]).code(1);
    run(&["set", "ru-ir-partnership", "note=A"]).code(2).stderr(predicate::str::contains("lone carriage return"));
    assert_eq!(fs::read_to_string(&file).unwrap(), cr, "nothing is written");
    // CRLF is a line break.
    fs::write(&file, cr.replace('\r', "\r\n")).unwrap();
    run(&["check"]).success();
}

/// A git repository holding a copy of the shipped data, committed.
fn git_repo() -> tempfile::TempDir {
    let dir = data_copy();
    let git = |args: &[&str]| git(dir.path(), args);
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-qm", "data"]);
    git(&["mv", "data/relations/russia-west.ron", "data/relations/russia-west-café.ron"]);
    git(&["commit", "-qm", "a file name that git quotes"]);
    dir
}

#[test]
fn git_revisions_read_files_with_non_ascii_names_and_refuse_option_like_values() {
    let dir = git_repo();
    let diff = |range: &str| diplograph_in(dir.path()).args(["diff", "--git", range, "--format", "json"]).assert();
    // The renamed file is read at both revisions: nothing is added or removed.
    for range in ["HEAD~1..HEAD", "HEAD~1", "HEAD"] {
        let out = diff(range).success().get_output().stdout.clone();
        let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
        for part in ["actors", "relations", "sources"] {
            assert_eq!(json[part].as_array().map(Vec::len), Some(0), "{range}: {json}");
        }
    }
    for value in ["-h", "--output=/tmp/x", "HEAD..-h", "-h..HEAD"] {
        diplograph_in(dir.path())
            .args(["diff", &format!("--git={value}")])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("looks like an option, not a revision"));
    }
}

/// The modes of a directory and of everything below it.
#[cfg(unix)]
fn modes_below(dir: &Path) -> Vec<(PathBuf, u32)> {
    use std::os::unix::fs::PermissionsExt as _;
    let mut out = vec![(dir.to_owned(), fs::symlink_metadata(dir).unwrap().permissions().mode() & 0o777)];
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(modes_below(&path));
        } else {
            out.push((path.clone(), fs::symlink_metadata(&path).unwrap().permissions().mode() & 0o777));
        }
    }
    out
}

#[cfg(unix)]
#[test]
fn the_cache_is_private_whatever_the_umask_and_a_fifo_in_it_blocks_nothing() {
    let dir = data_copy();
    let cache = dir.path().join("cache");
    let run = || {
        let status = Process::new("sh")
            .args(["-c", "umask 000 && exec \"$0\" check --data data", env!("CARGO_BIN_EXE_diplograph")])
            .current_dir(dir.path())
            .env("DIPLOGRAPH_CACHE_DIR", &cache)
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
    };
    run();
    let modes = modes_below(&cache);
    assert!(modes.len() > 2, "{modes:?}");
    for (path, mode) in &modes {
        let private = if path.is_dir() { 0o700 } else { 0o600 };
        assert_eq!(*mode, private, "{} is {mode:o}", path.display());
    }
    // Every cached file replaced by a FIFO: the next command neither waits on one nor fails.
    for (path, _) in modes.iter().filter(|(p, _)| p.is_file()) {
        fs::remove_file(path).unwrap();
        assert!(Process::new("mkfifo").arg(path).status().unwrap().success());
    }
    diplograph_in(dir.path())
        .args(["check", "--data", "data"])
        .env("DIPLOGRAPH_CACHE_DIR", &cache)
        .timeout(Duration::from_secs(30))
        .assert()
        .success();
}

#[test]
fn escape_sequences_in_names_never_reach_the_terminal_raw() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("a.ron"),
        "Graph(actors: [Country(id: \"evil\", name: \"Evil\\u{1b}]0;PWNED\\u{7}\\u{1b}[2J\", aliases: [\"\\u{9b}31m\"]), \
         Country(id: \"good\", name: \"Good\")], relations: [Relation(subject: \"evil\", kind: \"war\", object: \"good\", \
         note: \"\\u{1b}[31mred\", evidence: [Quote(source: \"s\", text: \"x\\u{202e}y\")])], sources: [Source(id: \"s\")])",
    )
    .unwrap();
    let raw = |bytes: &[u8]| {
        let text = String::from_utf8_lossy(bytes);
        text.chars().any(|c| matches!(c, '\u{1b}' | '\u{7}' | '\u{9b}' | '\u{202e}'))
    };
    for args in [
        &["list"][..],
        &["show", "evil"],
        &["show", "good"],
        &["path", "evil", "good"],
        &["between", "evil", "good"],
        &["neighbors", "evil"],
        &["check"],
        &["show", "evil", "--format", "json"],
        &["list", "--format", "json"],
        // An error quoting what was typed, and a did-you-mean.
        &["show", "\u{1b}[2Jevi"],
    ] {
        let out = diplograph_in(tmp.path()).args(args).args(["--data", "a.ron", "--color", "never"]).output().unwrap();
        assert!(!raw(&out.stdout) && !raw(&out.stderr), "{args:?}: {out:?}");
        let shown = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
        assert!(shown.contains("\\u{1b}") || shown.contains("\\u001b") || args[0] == "check", "{args:?}: {shown}");
    }
    // JSON keeps the value: escaped, not changed.
    let out = diplograph_in(tmp.path()).args(["show", "evil", "--format", "json", "--data", "a.ron"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["actor"]["name"], "Evil\u{1b}]0;PWNED\u{7}\u{1b}[2J");
}

#[test]
fn a_huge_line_and_thousands_of_warnings_give_short_messages() {
    let tmp = tempfile::tempdir().unwrap();
    // 5,000 relations without evidence on one line.
    let relations = vec!["Relation(subject: \"a\", kind: \"war\", object: \"b\")"; 5000].join(", ");
    fs::write(
        tmp.path().join("a.ron"),
        format!("Graph(actors: [Country(id: \"a\", name: \"A\"), Country(id: \"b\", name: \"B\")], relations: [{relations}])"),
    )
    .unwrap();
    let out = diplograph_in(tmp.path()).args(["check", "--data", "a.ron"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.len() < 10_000, "{} bytes", stderr.len());
    assert!(stderr.contains("note: 4990 more warnings \"relation has no evidence\" not shown"), "{stderr}");
    // An error at the end of a 50 MB line.
    let note = "x".repeat(50 << 20);
    let text = format!(
        "Graph(actors: [Country(id: \"a\", name: \"A\", note: \"{note}\")], relations: [Relation(subject: \"a\", \
         kind: \"war\", object: \"nobody\")])"
    );
    let column = text.find("\"nobody\"").unwrap() + 1;
    fs::write(tmp.path().join("a.ron"), text).unwrap();
    let out = diplograph_in(tmp.path()).args(["check", "--data", "a.ron", "--no-cache"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.len() < 4_000, "{} bytes", stderr.len());
    assert!(stderr.contains("unknown actor \"nobody\"") && stderr.contains(&format!("a.ron:1:{column}\n")), "{stderr}");
}

#[test]
fn json_into_a_closed_pipe_exits_quietly() {
    let tmp = tempfile::tempdir().unwrap();
    diplograph_in(tmp.path()).args(["gen", "--actors", "3000", "--relations", "6000", "-o", "big"]).assert().success();
    for args in [&["list", "--format", "json"][..], &["export", "--format", "json"], &["list"]] {
        let mut child =
            process_in(tmp.path()).args(args).args(["--data", "big"]).stdout(Stdio::piped()).spawn().unwrap();
        let mut first = [0u8; 10];
        std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stderr.is_empty(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}
