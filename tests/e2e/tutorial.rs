//! docs/tutorial.md, replayed from an empty directory: every file it has the reader write is
//! written, every `$ diplograph ...` it shows is run in order, and the output must be the lines
//! that follow it. `UPDATE_GOLDEN=1` rewrites the tutorial with the current output.

use std::fs;

use crate::docs::{run_output, words};
use crate::util::{copy_dir, data_dir, diplograph_in, rewrite_or_check, root};

#[test]
fn the_tutorial_runs_as_written_from_an_empty_directory() {
    let dir = tempfile::tempdir().unwrap();
    // The reader copies the shipped data next to their own to join the two.
    copy_dir(&data_dir(), &dir.path().join("seed"));
    let path = root().join("docs/tutorial.md");
    let text = fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::with_capacity(text.len());
    let (mut runs, mut files, mut mismatches) = (0, 0, Vec::new());
    let mut i = 0;
    while i < lines.len() {
        let fence = lines[i].trim_end();
        out.push_str(lines[i]);
        i += 1;
        if let Some(name) = fence.strip_prefix("```").and_then(|info| info.split_once(" file=")).map(|(_, f)| f) {
            // A file the reader writes: everything up to the closing fence.
            let end = i + lines[i..].iter().position(|l| l.trim_end() == "```").expect("closed file block");
            let target = dir.path().join(name);
            fs::create_dir_all(target.parent().unwrap()).unwrap();
            fs::write(&target, lines[i..end].concat()).unwrap();
            out.push_str(&lines[i..end].concat());
            i = end;
            files += 1;
            continue;
        }
        if fence != "```console" {
            continue;
        }
        while i < lines.len() && lines[i].trim_end() != "```" {
            let command = lines[i].trim_end();
            out.push_str(lines[i]);
            let args = match command.strip_prefix("$ diplograph ") {
                Some(args) => words(args),
                None => panic!(
                    "docs/tutorial.md:{}: a console block holds only `$ diplograph` runs and their output",
                    i + 1
                ),
            };
            let mut j = i + 1;
            while j < lines.len() && !lines[j].starts_with("$ ") && lines[j].trim_end() != "```" {
                j += 1;
            }
            let mut body_end = j;
            while body_end > i + 1 && lines[body_end - 1].trim().is_empty() {
                body_end -= 1;
            }
            let expected = lines[i + 1..body_end].concat();
            let actual = run_output(&diplograph_in(dir.path()).args(&args).output().unwrap());
            if actual != expected {
                mismatches.push(format!(
                    "docs/tutorial.md:{}: `{command}`\n--- documented\n{expected}--- actual\n{actual}",
                    i + 1
                ));
            }
            out.push_str(&actual);
            out.push_str(&lines[body_end..j].concat());
            runs += 1;
            i = j;
        }
    }
    rewrite_or_check(&path, &out, &mismatches);
    assert!(runs >= 10 && files >= 3, "only {runs} runs and {files} files in the tutorial");
    // The walk-through ends with a picture of the joined data.
    assert!(fs::read_to_string(dir.path().join("map.svg")).unwrap().contains("<svg"));
}
