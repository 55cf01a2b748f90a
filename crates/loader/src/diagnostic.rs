//! Diagnostics located in files, printed like a compiler's.

use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Config};
use diplograph_core::Severity;

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
        Self { severity: Severity::Error, message: message.into(), primary: None, secondary: Vec::new(), help: None }
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
    let mut db: SimpleFiles<&str, &str> = SimpleFiles::new();
    let mut ids: Vec<Option<usize>> = vec![None; files.len()];
    fn id_of<'f>(
        i: usize,
        ids: &mut [Option<usize>],
        db: &mut SimpleFiles<&'f str, &'f str>,
        files: &'f [SourceFile],
    ) -> usize {
        *ids[i].get_or_insert_with(|| db.add(files[i].name.as_str(), files[i].text.as_str()))
    }
    let mut converted = Vec::with_capacity(diagnostics.len());
    for d in diagnostics {
        let mut cs = match d.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
        }
        .with_message(d.message.clone());
        let mut labels = Vec::new();
        if let Some(l) = d.primary.as_ref().filter(|l| l.file < files.len()) {
            labels.push(
                CsLabel::primary(id_of(l.file, &mut ids, &mut db, files), clamp(l.range.clone(), &files[l.file].text))
                    .with_message(l.message.clone()),
            );
        }
        for l in d.secondary.iter().filter(|l| l.file < files.len()) {
            labels.push(
                CsLabel::secondary(
                    id_of(l.file, &mut ids, &mut db, files),
                    clamp(l.range.clone(), &files[l.file].text),
                )
                .with_message(l.message.clone()),
            );
        }
        cs = cs.with_labels(labels);
        if let Some(h) = &d.help {
            cs = cs.with_notes(vec![format!("help: {h}")]);
        }
        converted.push(cs);
    }
    let config = Config::default();
    let mut out = String::new();
    for cs in &converted {
        if color {
            let mut buffer = term::termcolor::Buffer::ansi();
            if term::emit_to_write_style(&mut buffer, &config, &db, cs).is_ok() {
                out.push_str(&String::from_utf8_lossy(buffer.as_slice()));
            }
        } else {
            let _ = term::emit_to_string(&mut out, &config, &db, cs);
        }
    }
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
