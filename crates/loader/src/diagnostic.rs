//! Diagnostics located in files, printed like a compiler's.

use std::io::{self, Write};
use std::ops::Range;
use std::sync::OnceLock;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel};
use codespan_reporting::term::{self, Config};
use diplograph_core::Severity;
use diplograph_core::text::plural;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::excerpt::{Excerpt, Excerpts, line_starts, shown};
use crate::files::SourceFile;

/// A span of a file with a message.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
pub struct Label {
    /// Index of the file in [`Loaded::files`](crate::Loaded::files).
    pub file: usize,
    /// Byte range in the file's text.
    pub range: Range<usize>,
    /// What this span shows.
    pub message: String,
}

/// One problem in the data, with where it is and how to fix it.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one line.
    pub message: String,
    /// Where it is, when it is in a file.
    pub primary: Option<Label>,
    /// Other places that explain it.
    pub secondary: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
    /// What sort of problem it is, as a stable name for programs (`unknown-actor`, `syntax`);
    /// the list is in docs/cli.md.
    pub code: Option<String>,
}

/// A diagnostic's position as users see it: file name, 1-based line and column.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Position {
    /// File name as displayed.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Diagnostic {
    /// An error without a location.
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            primary: None,
            secondary: Vec::new(),
            help: None,
            code: None,
        }
    }

    /// Names the sort of problem (see [`Diagnostic::code`]).
    #[must_use]
    pub fn with_code(mut self, code: &str) -> Self {
        self.code = Some(code.to_owned());
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The position of the primary label.
    pub fn position(&self, files: &[SourceFile]) -> Option<Position> {
        let label = self.primary.as_ref()?;
        let file = files.get(label.file)?;
        let (line, column) = file.line_col(label.range.start);
        Some(Position { file: file.name.clone(), line, column })
    }
}

/// Renders diagnostics as text, with or without colour.
pub fn render(diagnostics: &[Diagnostic], files: &[SourceFile], color: bool) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = render_to(&mut out, diagnostics, files, color);
    String::from_utf8_lossy(&out).into_owned()
}

/// The same warning is shown this many times; the rest are counted.
const MAX_REPEATED_WARNINGS: usize = 10;

/// Writes diagnostics to `out` as text, with or without colour, a few hundred at a time, each
/// batch rendered on all cores: thousands of them start printing at once.
///
/// What users' data puts in a message is shown safely and briefly: control characters are
/// escaped, a long line is shown as a window around the place, a long message is cut, and a
/// warning repeated more than `MAX_REPEATED_WARNINGS` times is counted at the end instead.
pub fn render_to<'d>(
    out: &mut dyn Write,
    diagnostics: impl IntoIterator<Item = &'d Diagnostic>,
    files: &[SourceFile],
    color: bool,
) -> io::Result<()> {
    let starts: Vec<OnceLock<Vec<usize>>> = files.iter().map(|_| OnceLock::new()).collect();
    let mut repeated: Vec<(&str, usize)> = Vec::new();
    // Where each message is in `repeated`: data with thousands of distinct warnings would
    // otherwise compare each with all before it.
    let mut seen: FxHashMap<&str, usize> = FxHashMap::default();
    let shown_ones = diagnostics.into_iter().filter(|d| {
        if d.severity != Severity::Warning {
            return true;
        }
        let i = *seen.entry(&d.message).or_insert_with(|| {
            repeated.push((&d.message, 0));
            repeated.len() - 1
        });
        repeated[i].1 += 1;
        repeated[i].1 <= MAX_REPEATED_WARNINGS
    });
    // Rendered on all cores a batch at a time, and written in order as each batch is done.
    let mut batch: Vec<&Diagnostic> = Vec::with_capacity(RENDERED_AT_ONCE);
    let mut shown_ones = shown_ones.peekable();
    while shown_ones.peek().is_some() {
        batch.clear();
        batch.extend(shown_ones.by_ref().take(RENDERED_AT_ONCE));
        let rendered: Vec<Vec<u8>> = batch.par_iter().map(|d| render_one(d, files, &starts, color)).collect();
        for bytes in rendered {
            out.write_all(&bytes)?;
        }
    }
    for (message, count) in repeated.into_iter().filter(|(_, n)| *n > MAX_REPEATED_WARNINGS) {
        let more = count - MAX_REPEATED_WARNINGS;
        writeln!(out, "note: {} \"{}\" not shown\n", plural(more, "more warning"), shown(message))?;
    }
    Ok(())
}

/// How many messages are rendered at once, on all cores, before they are written.
const RENDERED_AT_ONCE: usize = 256;

/// One message, rendered; `starts` holds each file's line starts once found.
fn render_one(d: &Diagnostic, files: &[SourceFile], starts: &[OnceLock<Vec<usize>>], color: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let config = Config::default();
    let mut cs = match d.severity {
        Severity::Error => CsDiagnostic::error(),
        Severity::Warning => CsDiagnostic::warning(),
    }
    .with_message(shown(&d.message));
    // One excerpt per file the labels are in.
    let labels: Vec<(bool, &Label)> = d
        .primary
        .iter()
        .map(|l| (true, l))
        .chain(d.secondary.iter().map(|l| (false, l)))
        .filter(|(_, l)| l.file < files.len())
        .collect();
    let mut in_files: Vec<usize> = labels.iter().map(|(_, l)| l.file).collect();
    in_files.sort_unstable();
    in_files.dedup();
    let excerpts = Excerpts(
        in_files
            .iter()
            .map(|&f| {
                let text = &files[f].text;
                let starts = starts[f].get_or_init(|| line_starts(text));
                let ranges: Vec<Range<usize>> =
                    labels.iter().filter(|(_, l)| l.file == f).map(|(_, l)| clamp(l.range.clone(), text)).collect();
                Excerpt::new(&files[f].name, text, starts, &ranges)
            })
            .collect(),
    );
    let cs_labels = labels
        .iter()
        .map(|&(primary, l)| {
            let id = in_files.binary_search(&l.file).unwrap_or_default();
            let range = excerpts.0[id].map(&clamp(l.range.clone(), &files[l.file].text));
            let label = if primary { CsLabel::primary(id, range) } else { CsLabel::secondary(id, range) };
            label.with_message(shown(&l.message))
        })
        .collect();
    cs = cs.with_labels(cs_labels);
    if let Some(h) = &d.help {
        cs = cs.with_notes(vec![format!("help: {}", shown(h))]);
    }
    // Into memory: nothing can fail but a range, and the ranges are clamped to their excerpts.
    let _ = if color {
        term::emit_to_write_style(&mut term::termcolor::Ansi::new(&mut out), &config, &excerpts, &cs)
    } else {
        term::emit_to_io_write(&mut out, &config, &excerpts, &cs)
    };
    out
}

/// Keeps a range inside the text and on character boundaries, so rendering cannot fail.
fn clamp(range: Range<usize>, text: &str) -> Range<usize> {
    let mut start = range.start.min(text.len());
    let mut end = range.end.min(text.len()).max(start);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn strip_ansi(s: &str) -> String {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn coloured_and_plain_renderings_say_the_same() {
        let files = vec![SourceFile {
            path: PathBuf::from("a.ron"),
            name: "a.ron".into(),
            text: "Graph(actors: [Country(id: \"x\")])\n".into(),
            had_bom: false,
        }];
        let diagnostics = vec![
            Diagnostic {
                severity: Severity::Error,
                message: "missing field `name`".into(),
                primary: Some(Label { file: 0, range: 15..22, message: "here".into() }),
                secondary: vec![Label { file: 0, range: 0..5, message: "in this graph".into() }],
                help: Some("add it".into()),
                code: None,
            },
            Diagnostic { severity: Severity::Warning, ..Diagnostic::error("unlocated") },
        ];
        let plain = render(&diagnostics, &files, false);
        let coloured = render(&diagnostics, &files, true);
        assert!(coloured.contains('\x1b') && !plain.contains('\x1b'));
        assert_eq!(strip_ansi(&coloured), plain);
        assert!(plain.starts_with("error: missing field `name`\n  ┌─ a.ron:1:16\n"), "{plain}");
        assert!(plain.contains("warning: unlocated"), "{plain}");
        // Streaming writes exactly what `render` returns.
        let mut streamed = Vec::new();
        render_to(&mut streamed, &diagnostics, &files, false).unwrap();
        assert_eq!(String::from_utf8(streamed).unwrap(), plain);
    }

    #[test]
    fn a_label_over_many_lines_and_a_second_far_away_render() {
        let text: String = (0..200).map(|i| format!("line {i}\n")).collect();
        let files = vec![SourceFile { path: PathBuf::from("a.ron"), name: "a.ron".into(), text, had_bom: false }];
        let d = Diagnostic {
            primary: Some(Label { file: 0, range: 7..1200, message: "from here".into() }),
            secondary: vec![Label { file: 0, range: 1500..1504, message: "and here".into() }],
            ..Diagnostic::error("spans")
        };
        let plain = render(&[d], &files, false);
        assert!(plain.contains("a.ron:2:1") && plain.contains("and here"), "{plain}");
    }
}
