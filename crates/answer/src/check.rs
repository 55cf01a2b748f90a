//! `check --format json`: every diagnostic of a load, located by file, line and column, in the
//! order `check` prints them (by file, then position; unlocated ones last).

use diplograph_core::{Counts, Severity};
use diplograph_loader::{Diagnostic, Label, Loaded, SourceFile};
use serde::Serialize;

/// `check --format json`: `{"version", "ok", "errors", "warnings", "files", "actors",
/// "relations", "sources", "unsourced", "diagnostics": [DIAGNOSTIC, ...], "unsourced_facts":
/// [DIAGNOSTIC, ...]}`.
#[derive(Serialize)]
pub struct CheckJson<'a> {
    /// Whether the data has no error (warnings allowed).
    pub ok: bool,
    /// The number of errors.
    pub errors: usize,
    /// The number of warnings.
    pub warnings: usize,
    /// The number of data files read.
    pub files: usize,
    /// The number of actors, when the data has no error.
    pub actors: Option<usize>,
    /// The number of relations (offices included), when the data has no error.
    pub relations: Option<usize>,
    /// The number of sources, when the data has no error.
    pub sources: Option<usize>,
    /// The number of facts that rest on no quote, when the data has no error.
    pub unsourced: Option<usize>,
    /// Every diagnostic shown, in order.
    pub diagnostics: Vec<DiagnosticJson<'a>>,
    /// Each fact that rests on no quote, as a warning of code `unsourced` (listed with
    /// `--unsourced`, else empty).
    pub unsourced_facts: Vec<DiagnosticJson<'a>>,
}

/// One diagnostic: `{"severity", "code", "message", "file", "line", "column", "end_line",
/// "end_column", "label", "help", "related": [PLACE, ...]}`. The place fields are `null` for a
/// diagnostic about no file in particular.
#[derive(Serialize)]
pub struct DiagnosticJson<'a> {
    /// `error` or `warning`.
    pub severity: &'static str,
    /// The sort of problem, a stable name (`unknown-actor`, `syntax`).
    pub code: Option<&'a str>,
    /// What is wrong, in one line.
    pub message: &'a str,
    /// The file, as `check` names it.
    pub file: Option<&'a str>,
    /// 1-based line of the start of the place.
    pub line: Option<usize>,
    /// 1-based column (in characters) of the start.
    pub column: Option<usize>,
    /// 1-based line of the end of the place.
    pub end_line: Option<usize>,
    /// 1-based column of the end (the character after the last one).
    pub end_column: Option<usize>,
    /// What the place shows, when it adds to the message.
    pub label: Option<&'a str>,
    /// How to fix it.
    pub help: Option<&'a str>,
    /// Other places that explain it (the first definition of a duplicate id).
    pub related: Vec<PlaceJson<'a>>,
}

/// A related place: `{"file", "line", "column", "message"}`.
#[derive(Serialize)]
pub struct PlaceJson<'a> {
    /// The file.
    pub file: &'a str,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What the place shows.
    pub message: &'a str,
}

impl<'a> DiagnosticJson<'a> {
    /// The JSON shape of `d`, its places resolved in `files`.
    pub fn new(d: &'a Diagnostic, files: &'a [SourceFile]) -> Self {
        let primary = d.primary.as_ref().and_then(|l| Some((l, files.get(l.file)?)));
        let start = primary.map(|(l, f)| f.line_col(l.range.start));
        let end = primary.map(|(l, f)| f.line_col(l.range.end.max(l.range.start)));
        DiagnosticJson {
            severity: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            code: d.code.as_deref(),
            message: &d.message,
            file: primary.map(|(_, f)| f.name.as_str()),
            line: start.map(|p| p.0),
            column: start.map(|p| p.1),
            end_line: end.map(|p| p.0),
            end_column: end.map(|p| p.1),
            label: primary.map(|(l, _)| l.message.as_str()).filter(|m| !m.is_empty()),
            help: d.help.as_deref(),
            related: d.secondary.iter().filter_map(|l| place(l, files)).collect(),
        }
    }
}

fn place<'a>(l: &'a Label, files: &'a [SourceFile]) -> Option<PlaceJson<'a>> {
    let f = files.get(l.file)?;
    let (line, column) = f.line_col(l.range.start);
    Some(PlaceJson { file: &f.name, line, column, message: &l.message })
}

impl<'a> CheckJson<'a> {
    /// The answer of `check` for a load; `warnings` says whether warnings are listed;
    /// `counts` are those of the data (none when it has errors), and `listed` the facts resting
    /// on no quote listed, located.
    pub fn new(loaded: &'a Loaded, warnings: bool, counts: Option<Counts>, listed: &'a [Diagnostic]) -> Self {
        let errors = loaded.error_count();
        let counts = counts.filter(|_| errors == 0);
        CheckJson {
            ok: errors == 0,
            errors,
            warnings: loaded.warning_count(),
            files: loaded.files.iter().filter(|f| !f.path.as_os_str().is_empty()).count(),
            actors: counts.map(|c| c.actors),
            relations: counts.map(|c| c.relations),
            sources: counts.map(|c| c.sources),
            unsourced: counts.map(|c| c.unsourced),
            diagnostics: loaded
                .diagnostics
                .iter()
                .filter(|d| d.is_error() || warnings)
                .map(|d| DiagnosticJson::new(d, &loaded.files))
                .collect(),
            unsourced_facts: listed.iter().map(|d| DiagnosticJson::new(d, &loaded.files)).collect(),
        }
    }
}
