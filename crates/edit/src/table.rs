//! A CSV file read for `import csv`: its header and its rows, each cell with its text and its
//! place in the file, so that a problem is shown at the cell that causes it.
//!
//! The dialect is the one `export --format csv` writes and spreadsheets save: UTF-8 (a leading
//! byte-order mark is dropped), comma-separated, `"` quoting with `""` for a quote inside, one
//! header row. The `csv` crate reads the values; the places are found by walking the same text.

use std::ops::Range;
use std::path::Path;

use diplograph_loader::{Diagnostic, Label, SourceFile};

use crate::RowProblems;

/// One cell: its value and the bytes of the file it was read from (quotes included).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// The value, unquoted.
    pub value: String,
    /// The bytes of the cell in the file's text.
    pub range: Range<usize>,
}

/// A row of a table: its 1-based line and its cells, in the header's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The line the row starts on.
    pub line: usize,
    /// The cells.
    pub cells: Vec<Cell>,
}

/// A CSV file: its text (as read, for messages), its header and its rows.
#[derive(Clone, Debug)]
pub struct Table {
    /// The file, as messages name it, and its text.
    pub file: SourceFile,
    /// The header row.
    pub header: Vec<Cell>,
    /// The rows after the header.
    pub rows: Vec<Row>,
}

impl Table {
    /// Reads the CSV file at `path`; `name` is how messages name it. A file that cannot be read
    /// is an I/O error; one that is not CSV gives located diagnostics.
    pub fn read(path: &Path, name: &str) -> std::io::Result<Result<Table, RowProblems>> {
        let bytes = std::fs::read(path)?;
        Ok(Table::parse(path, name, bytes))
    }

    /// Reads a CSV text held in memory (`read` without the file).
    pub fn parse(path: &Path, name: &str, bytes: Vec<u8>) -> Result<Table, RowProblems> {
        let had_bom = bytes.starts_with(b"\xEF\xBB\xBF");
        let bytes = if had_bom { bytes[3..].to_vec() } else { bytes };
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let file = SourceFile { path: path.to_owned(), name: name.to_owned(), text, had_bom };
                let d = located(0, valid..valid + 1, "this file is not valid UTF-8", "invalid byte here")
                    .with_code("not-utf8");
                let d = Diagnostic { help: Some("save the table as UTF-8 CSV".into()), ..d };
                return Err(RowProblems { files: vec![file], diagnostics: vec![d] });
            }
        };
        let file = SourceFile { path: path.to_owned(), name: name.to_owned(), text, had_bom };
        let mut records = Vec::new();
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(file.text.as_bytes());
        for record in reader.records() {
            match record {
                Ok(r) => records.push(r),
                Err(e) => {
                    let at = e.position().map_or(0, |p| p.byte() as usize);
                    let d = located(0, at..at, &format!("this is not CSV: {e}"), "here").with_code("csv");
                    return Err(RowProblems { files: vec![file], diagnostics: vec![d] });
                }
            }
        }
        let mut rows = Vec::with_capacity(records.len());
        for record in &records {
            let Some(position) = record.position() else { continue };
            // The reader passes over blank lines, but its position may be theirs.
            let (mut start, mut line) = (position.byte() as usize, position.line() as usize);
            while let Some(&b) = file.text.as_bytes().get(start).filter(|b| matches!(b, b'\r' | b'\n')) {
                line += usize::from(b == b'\n');
                start += 1;
            }
            let ranges = cell_ranges(&file.text, start);
            let cells = record
                .iter()
                .zip(ranges.iter().cloned().chain(std::iter::repeat(start..start)))
                .map(|(value, range)| Cell { value: value.to_owned(), range })
                .collect();
            rows.push(Row { line, cells });
        }
        if rows.is_empty() {
            let d = Diagnostic {
                help: Some("the first row names the columns; see docs/interop.md for the columns".into()),
                ..located(0, 0..0, "this table is empty: it has no header row", "empty file").with_code("csv")
            };
            return Err(RowProblems { files: vec![file], diagnostics: vec![d] });
        }
        let header = rows.remove(0).cells;
        Ok(Table { file, header, rows })
    }

    /// The index of the column named `name`.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|c| c.value.trim() == name)
    }
}

/// A diagnostic whose place is `range` of file `file`.
pub(crate) fn located(file: usize, range: Range<usize>, message: &str, label: &str) -> Diagnostic {
    Diagnostic { primary: Some(Label { file, range, message: label.to_owned() }), ..Diagnostic::error(message) }
}

/// The byte ranges of the cells of the record starting at byte `start` (quotes included), as
/// the default CSV dialect splits it: commas outside quotes, up to a line break outside quotes.
fn cell_ranges(text: &str, start: usize) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut ranges = Vec::new();
    let (mut cell, mut i, mut quoted) = (start, start, false);
    while i < bytes.len() {
        match bytes[i] {
            b'"' => quoted = !quoted,
            b',' if !quoted => {
                ranges.push(cell..i);
                cell = i + 1;
            }
            b'\n' | b'\r' if !quoted => break,
            _ => {}
        }
        i += 1;
    }
    ranges.push(cell..i);
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Table {
        Table::parse(Path::new("t.csv"), "t.csv", text.as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn cells_know_their_place_in_the_file() {
        let text = "\u{FEFF}id,name\nalpha,\"A, \"\"the first\"\"\"\r\n\nbeta,\"two\nlines\"\ngamma\n";
        let t = table(text);
        assert_eq!(t.header.iter().map(|c| c.value.as_str()).collect::<Vec<_>>(), ["id", "name"]);
        assert_eq!(t.rows.len(), 3);
        let body = &t.file.text;
        for row in &t.rows {
            for cell in &row.cells {
                let raw = &body[cell.range.clone()];
                let unquoted = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"')).map(|r| r.replace("\"\"", "\""));
                assert_eq!(unquoted.as_deref().unwrap_or(raw), cell.value, "{raw:?}");
            }
        }
        assert_eq!(t.rows[0].cells[1].value, "A, \"the first\"");
        assert_eq!((t.rows[0].line, t.rows[1].line, t.rows[2].line), (2, 4, 6));
        assert_eq!(t.rows[1].cells[1].value, "two\nlines");
        assert_eq!(t.rows[2].cells.len(), 1);
        assert!(t.file.had_bom);
    }

    #[test]
    fn what_is_not_a_table_is_said_where() {
        let e = Table::parse(Path::new("t.csv"), "t.csv", b"id,name\nx,\xff\n".to_vec()).unwrap_err();
        assert_eq!(e.diagnostics[0].message, "this file is not valid UTF-8");
        assert_eq!(e.diagnostics[0].primary.as_ref().unwrap().range.start, 10);
        assert!(e.to_string().contains("t.csv:2:3"), "{e}");
        let e = Table::parse(Path::new("t.csv"), "t.csv", Vec::new()).unwrap_err();
        assert!(e.diagnostics[0].message.contains("empty"));
    }
}
