//! The dataset manifest, `diplograph.ron`: the other datasets whose data joins this one, the
//! actors they share with it, and whether the built-in vocabulary is used.
//!
//! ```ron
//! Dataset(
//!     include: ["../seed"],                  // folders, relative to this file
//!     same_as: {"turkiye": "turkey"},        // their id: our id
//!     builtin_vocabulary: true,              // false: only the datasets' own kinds
//! )
//! ```
//!
//! A dataset and the datasets it includes, transitively, are *parts* of one graph. Part 0 is the
//! dataset asked for. Included datasets are never written to: `same_as` is declared by the
//! dataset that includes them.

use std::collections::BTreeMap;
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Label};
use crate::error::Error;
use crate::files::{SourceFile, offset};
use crate::parse::ron_options;

/// The manifest's file name, at the top of a dataset.
pub const MANIFEST: &str = "diplograph.ron";

/// The manifest as written.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename = "Dataset")]
struct ManifestRaw {
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    same_as: BTreeMap<String, String>,
    #[serde(default = "yes")]
    builtin_vocabulary: bool,
}

fn yes() -> bool {
    true
}

/// The folders a manifest's text includes, as written (relative to the manifest); none when
/// the text cannot be read, which a load of the dataset then reports.
pub fn manifest_includes(text: &str) -> Vec<String> {
    ron_options().from_str::<ManifestRaw>(text).map(|raw| raw.include).unwrap_or_default()
}

/// A dataset still to read: its directory, the parts that include it, and the manifest and
/// range that name it.
type Pending = (PathBuf, Vec<usize>, Option<(usize, Range<usize>)>);

/// One dataset of the union.
#[derive(Clone, Debug)]
pub(crate) struct Part {
    /// Its directory (or the one `.ron` file asked for).
    pub dir: PathBuf,
    /// The parts that include it, directly or not; empty for part 0.
    pub within: Vec<usize>,
}

/// `same_as`: the actor `theirs` of the datasets `part` includes is the actor `ours`.
#[derive(Clone, Debug)]
pub(crate) struct Join {
    /// The part that declares it.
    pub part: usize,
    /// The id in the included datasets.
    pub theirs: String,
    /// The id it stands for.
    pub ours: String,
    /// The manifest (index in [`Layout::manifests`]) and the range of `theirs` in it.
    pub at: (usize, Range<usize>),
}

/// How a dataset is made of parts.
#[derive(Clone, Debug)]
pub(crate) struct Layout {
    /// The parts, the dataset asked for first, then what it includes, depth first.
    pub parts: Vec<Part>,
    /// Every `same_as`, in part order, then by id.
    pub joins: Vec<Join>,
    /// Whether the built-in vocabulary is used (the first part's manifest decides).
    pub builtin_vocabulary: bool,
    /// The manifests read, in part order.
    pub manifests: Vec<SourceFile>,
    /// Problems found in the manifests: (manifest index, diagnostic with its file unset).
    pub problems: Vec<(usize, Diagnostic)>,
}

impl Default for Layout {
    fn default() -> Self {
        Self {
            parts: Vec::new(),
            joins: Vec::new(),
            builtin_vocabulary: true,
            manifests: Vec::new(),
            problems: Vec::new(),
        }
    }
}

impl Layout {
    /// Reads the manifest of the dataset at `root` and of every dataset it includes.
    pub fn read(root: &Path) -> Result<Layout, Error> {
        let mut layout = Layout::default();
        let mut seen: Vec<PathBuf> = Vec::new();
        let mut stack: Vec<Pending> = vec![(root.to_owned(), Vec::new(), None)];
        while let Some((dir, within, named_at)) = stack.pop() {
            let canonical = fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
            if !dir.exists() {
                let Some((m, range)) = named_at else { return Err(Error::NotFound(dir)) };
                layout.problem(
                    m,
                    range,
                    format!("the included dataset {} does not exist", dir.display()),
                    "no such folder",
                    "fix the path: it is relative to this file",
                );
                continue;
            }
            if seen.contains(&canonical) {
                continue;
            }
            seen.push(canonical);
            let part = layout.parts.len();
            layout.parts.push(Part { dir: dir.clone(), within: within.clone() });
            let Some((raw, m)) = layout.manifest(&dir)? else { continue };
            if part == 0 {
                layout.builtin_vocabulary = raw.builtin_vocabulary;
            }
            for (theirs, ours) in raw.same_as {
                let at = (m, layout.find(m, &theirs));
                layout.joins.push(Join { part, theirs, ours, at });
            }
            let mut inner = within;
            inner.push(part);
            // Pushed in reverse, so that they are read in the order written.
            for include in raw.include.iter().rev() {
                let range = layout.find(m, include);
                stack.push((dir.join(include), inner.clone(), Some((m, range))));
            }
        }
        Ok(layout)
    }

    /// Reads `dir/diplograph.ron` when there is one: its contents (`None` when it has errors,
    /// which are recorded) and its index.
    fn manifest(&mut self, dir: &Path) -> Result<Option<(ManifestRaw, usize)>, Error> {
        let path = dir.join(MANIFEST);
        if !path.is_file() {
            return Ok(None);
        }
        // A regular file only, as every data file: never through a link, never a FIFO.
        let bytes = crate::confine::read_regular(&path).map_err(|reason| match reason {
            crate::confine::Refusal::Io(source) => Error::Io { path: path.clone(), source },
            reason => Error::NotRead { path: path.clone(), reason },
        })?;
        let text = String::from_utf8(bytes).map_err(|_| Error::Io {
            path: path.clone(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, "it is not valid UTF-8"),
        })?;
        let name = path.to_string_lossy().replace('\\', "/");
        let m = self.manifests.len();
        self.manifests.push(SourceFile { path, name, text, had_bom: false });
        let text = &self.manifests[m].text;
        if let Some(at) = diplograph_syntax::lexer::lone_carriage_return(text) {
            self.problem(
                m,
                at..at + 1,
                crate::load::LONE_CARRIAGE_RETURN.into(),
                "carriage return here",
                "diplograph reads LF or CRLF line endings; convert the file's line endings to LF (for example with `mac2unix FILE`)",
            );
            return Ok(None);
        }
        match ron_options().from_str::<ManifestRaw>(text) {
            Ok(raw) => Ok(Some((raw, m))),
            Err(e) => {
                let start = offset(text, e.span.start.line, e.span.start.col);
                let end = offset(text, e.span.end.line, e.span.end.col).max(start);
                let range = if end > start { start..end } else { start..(start + 1).min(text.len()) };
                self.problem(
                    m,
                    range,
                    format!("cannot read the dataset manifest: {}", e.code),
                    "here",
                    "it holds `Dataset(include: [\"folder\", ...], same_as: {\"their_id\": \"our_id\"}, builtin_vocabulary: true)`, each part optional",
                );
                Ok(None)
            }
        }
    }

    /// The range of the string literal `"value"` in manifest `m`, else of its first token.
    fn find(&self, m: usize, value: &str) -> Range<usize> {
        let text = &self.manifests[m].text;
        let literal = format!("{value:?}");
        text.find(&literal).map_or(0..text.len().min(1), |i| i..i + literal.len())
    }

    /// Records an error in manifest `m`.
    pub fn problem(&mut self, m: usize, range: Range<usize>, message: String, label: &str, help: &str) {
        let diagnostic = Diagnostic {
            primary: Some(Label { file: m, range, message: label.into() }),
            help: Some(help.into()),
            ..Diagnostic::error(message).with_code("manifest")
        };
        self.problems.push((m, diagnostic));
    }

    /// The part a file belongs to: the last part whose directory holds it (parts inside another
    /// part's directory are skipped when that one is read, see [`Layout::nested`]).
    pub fn part_of(&self, path: &Path) -> usize {
        self.parts.iter().rposition(|p| path.starts_with(&p.dir)).unwrap_or(0)
    }

    /// The directories of other parts found inside part `part`'s: not read as part of it.
    pub fn nested(&self, part: usize) -> Vec<PathBuf> {
        let dir = &self.parts[part].dir;
        self.parts
            .iter()
            .enumerate()
            .filter(|(i, p)| *i != part && p.dir.starts_with(dir))
            .map(|(_, p)| p.dir.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn includes_are_read_depth_first_once_each_and_errors_are_located() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for d in ["a", "b", "c"] {
            fs::create_dir_all(root.join(d)).unwrap();
        }
        fs::write(
            root.join("a").join(MANIFEST),
            "Dataset(include: [\"../b\", \"../c\"], same_as: {\"tr\": \"turkey\"})",
        )
        .unwrap();
        fs::write(root.join("b").join(MANIFEST), "Dataset(include: [\"../c\", \"../a\"], builtin_vocabulary: false)")
            .unwrap();
        let layout = Layout::read(&root.join("a")).unwrap();
        let names: Vec<String> = layout
            .parts
            .iter()
            .map(|p| p.dir.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"))
            .collect();
        assert_eq!(names, ["a", "a/../b", "a/../b/../c"]);
        assert_eq!(layout.parts[2].within, [0, 1]);
        assert!(layout.builtin_vocabulary, "only the first manifest decides");
        assert_eq!((layout.joins[0].theirs.as_str(), layout.joins[0].ours.as_str()), ("tr", "turkey"));
        assert!(layout.problems.is_empty());

        fs::write(root.join("c").join(MANIFEST), "Dataset(inclde: [])").unwrap();
        fs::write(root.join("b").join(MANIFEST), "Dataset(include: [\"../nowhere\"])").unwrap();
        let layout = Layout::read(&root.join("b")).unwrap();
        let messages: Vec<&str> = layout.problems.iter().map(|(_, d)| d.message.as_str()).collect();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].contains("does not exist"), "{messages:?}");
        let layout = Layout::read(&root.join("c")).unwrap();
        assert!(layout.problems[0].1.message.contains("inclde"), "{:?}", layout.problems);
    }

    #[test]
    fn a_manifest_with_lone_carriage_returns_or_behind_a_link_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let manifest = dir.path().join(MANIFEST);
        // Read as they are, the comment would hide the line that leaves the vocabulary out.
        fs::write(&manifest, "// mine only\rDataset(builtin_vocabulary: false)\r").unwrap();
        let layout = Layout::read(dir.path()).unwrap();
        assert_eq!(layout.problems.len(), 1);
        assert_eq!(layout.problems[0].1.message, crate::load::LONE_CARRIAGE_RETURN);
        #[cfg(unix)]
        {
            let outside = dir.path().join("outside.ron");
            fs::write(&outside, "Dataset()").unwrap();
            fs::remove_file(&manifest).unwrap();
            std::os::unix::fs::symlink(&outside, &manifest).unwrap();
            assert!(matches!(Layout::read(dir.path()), Err(Error::NotRead { .. })));
        }
    }
}
