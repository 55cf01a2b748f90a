//! Text splicing: byte-range replacements computed from the outline, applied to a file's text.
//!
//! Every function here returns the replacements for one change and touches nothing else: the
//! bytes outside the returned ranges are never re-printed, which is what keeps comments, blank
//! lines and the author's layout intact.

use std::ops::Range;

use diplograph_syntax::lexer::{Lexer, Tok, Token};

/// One replacement: the bytes in `range` of the old text become `text`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Splice {
    /// Byte range in the old text (empty for an insertion).
    pub range: Range<usize>,
    /// The new bytes.
    pub text: String,
}

impl Splice {
    /// An insertion at `at`.
    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Self { range: at..at, text: text.into() }
    }

    /// A replacement of `range`.
    pub fn replace(range: Range<usize>, text: impl Into<String>) -> Self {
        Self { range, text: text.into() }
    }
}

/// Applies splices to `text`. Splices must not overlap; insertions at the same point keep the
/// order they were given in.
///
/// # Panics
/// When two splices overlap: that is a bug in the caller, not a problem of the data.
pub fn apply(text: &str, splices: &[Splice]) -> String {
    let mut order: Vec<&Splice> = splices.iter().collect();
    order.sort_by_key(|s| (s.range.start, s.range.end));
    let mut out = String::with_capacity(text.len() + splices.iter().map(|s| s.text.len()).sum::<usize>());
    let mut at = 0;
    for s in order {
        assert!(s.range.start >= at, "overlapping splices at byte {}", s.range.start);
        out.push_str(&text[at..s.range.start]);
        out.push_str(&s.text);
        at = s.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The start of the line holding byte `pos`.
pub fn line_start(text: &str, pos: usize) -> usize {
    text[..pos].rfind('\n').map_or(0, |i| i + 1)
}

/// The end of the line holding byte `pos` (the position of its `\n`, or of the `\r` of its
/// `\r\n`, or the end of the text).
pub fn line_end(text: &str, pos: usize) -> usize {
    let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
    if end > pos && text.as_bytes()[end - 1] == b'\r' { end - 1 } else { end }
}

/// The start of the line after the one holding byte `pos` (or the end of the text).
fn next_line(text: &str, pos: usize) -> usize {
    text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1)
}

/// The whitespace that starts the line holding byte `pos`.
pub fn indent_of(text: &str, pos: usize) -> &str {
    let start = line_start(text, pos);
    let line = &text[start..line_end(text, start)];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// Whether only whitespace precedes `pos` on its line.
fn first_on_line(text: &str, pos: usize) -> bool {
    text[line_start(text, pos)..pos].trim().is_empty()
}

/// Whether, after `pos`, its line holds only whitespace and comments.
fn rest_is_blank(text: &str, pos: usize) -> bool {
    let end = line_end(text, pos);
    let mut lexer = Lexer::at(&text[..end], pos);
    lexer.all(|t| matches!(t.kind, Tok::Comment { terminated: true }))
}

/// The next token after `pos` that is not a comment.
fn next_token(text: &str, pos: usize) -> Option<Token> {
    Lexer::at(text, pos).next_significant()
}

/// The comma that follows the item ending at `end`, if any.
fn comma_after(text: &str, end: usize) -> Option<Token> {
    next_token(text, end).filter(|t| t.kind == Tok::Comma)
}

/// Inserts `item` after the item at `after` in a comma-separated sequence (list items, struct
/// fields, entries). A broken sequence gets a new line with the previous item's indentation;
/// an inline one gets ` item` on the same line. Trailing-comma style is kept.
pub fn insert_after(text: &str, after: Range<usize>, item: &str) -> Vec<Splice> {
    let mut splices = Vec::new();
    let (point, trailing_comma) = match comma_after(text, after.end) {
        Some(c) => (c.end, true),
        None => {
            splices.push(Splice::insert(after.end, ","));
            (after.end, false)
        }
    };
    let comma = if trailing_comma { "," } else { "" };
    if rest_is_blank(text, point) && line_end(text, point) < text.len() {
        let indent = indent_of(text, after.start);
        splices.push(Splice::insert(line_end(text, point), format!("\n{indent}{item}{comma}")));
    } else {
        splices.push(Splice::insert(point, format!(" {item}{comma}")));
    }
    splices
}

/// Inserts `item` before the first item `first` of a sequence.
pub fn insert_before(text: &str, first: Range<usize>, item: &str) -> Splice {
    if first_on_line(text, first.start) {
        let indent = indent_of(text, first.start);
        Splice::insert(line_start(text, first.start), format!("{indent}{item},\n"))
    } else {
        Splice::insert(first.start, format!("{item}, "))
    }
}

/// Fills an empty bracket pair whose opening bracket is at `open` and closing one at `close`.
/// `broken` puts the item on its own line, indented one level deeper than the line of `open`.
///
/// Comments between the brackets (a commented-out example) are kept, the item after them.
pub fn insert_into_empty(text: &str, open: usize, close: usize, item: &str, broken: bool) -> Splice {
    let inner = &text[open + 1..close];
    if !inner.trim().is_empty() {
        let indent = indent_of(text, open);
        return Splice::replace(open + 1..close, format!("{}\n{indent}    {item},\n{indent}", inner.trim_end()));
    }
    if broken {
        let indent = indent_of(text, open);
        Splice::replace(open + 1..close, format!("\n{indent}    {item},\n{indent}"))
    } else {
        Splice::replace(open + 1..close, item.to_owned())
    }
}

/// Removes the item at `item` from a comma-separated sequence; `previous` is the item before it,
/// if any. An item on lines of its own goes with its lines (and a comment ending its last
/// line); an item sharing its line goes with its comma and the spaces after it.
pub fn remove(text: &str, item: Range<usize>, previous: Option<Range<usize>>) -> Splice {
    let comma = comma_after(text, item.end);
    let end = comma.map_or(item.end, |c| c.end);
    if first_on_line(text, item.start) && rest_is_blank(text, end) {
        let start = line_start(text, item.start);
        return Splice::replace(start..next_line(text, end), "");
    }
    match (comma, previous) {
        (Some(_), _) => {
            let mut stop = end;
            if rest_is_blank(text, end) {
                // `a, b,⏎` removing b: take the spaces before it instead of after.
                let before = text[..item.start].trim_end_matches([' ', '\t']).len();
                return Splice::replace(before..end, "");
            }
            while text[stop..].starts_with([' ', '\t']) {
                stop += 1;
            }
            Splice::replace(item.start..stop, "")
        }
        (None, Some(prev)) => {
            // The last item without a trailing comma: take the comma before it.
            Splice::replace(prev.end..item.end, "")
        }
        (None, None) => Splice::replace(item.start..item.end, ""),
    }
}

/// The opening bracket of the struct or list value at `range` (after its name, if any).
pub(crate) fn opener(text: &str, range: Range<usize>) -> Option<Token> {
    let mut lexer = Lexer::at(&text[..range.end], range.start);
    let mut t = lexer.next_significant()?;
    if t.kind == Tok::Ident {
        t = lexer.next_significant()?;
    }
    matches!(t.kind, Tok::Open(_)).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use diplograph_syntax::navigate::{list_items, struct_fields};

    fn after_all(text: &str, item: &str) -> String {
        let items = list_items(text, 0..text.len()).unwrap();
        apply(text, &insert_after(text, items.last().unwrap().clone(), item))
    }

    #[test]
    fn filling_a_list_of_comments_keeps_them() {
        let text = "Graph(\n    actors: [\n        // Country(id: \"x\", name: \"X\"),\n    ],\n)";
        let open = text.find('[').unwrap();
        let close = text.find(']').unwrap();
        let out = apply(text, &[insert_into_empty(text, open, close, "Country(id: \"a\", name: \"A\")", true)]);
        assert_eq!(
            out,
            "Graph(\n    actors: [\n        // Country(id: \"x\", name: \"X\"),\n        Country(id: \"a\", name: \"A\"),\n    ],\n)"
        );
        assert_eq!(apply("[]", &[insert_into_empty("[]", 0, 1, "1", false)]), "[1]");
    }

    #[test]
    fn inserts_inline_or_on_a_new_line() {
        assert_eq!(after_all("[\"a\", \"b\"]", "\"c\""), "[\"a\", \"b\", \"c\"]");
        assert_eq!(after_all("[\"a\",]", "\"c\""), "[\"a\", \"c\",]");
        assert_eq!(after_all("[\n    \"a\", // x\n]", "\"c\""), "[\n    \"a\", // x\n    \"c\",\n]");
        assert_eq!(after_all("[\n    \"a\" // x\n]", "\"c\""), "[\n    \"a\", // x\n    \"c\"\n]");
    }

    #[test]
    fn removes_lines_or_inline_items() {
        let text = "X(\n    a: 1, b: 2,\n    c: 3, // about c\n    d: 4,\n)";
        let f = struct_fields(text, 0..text.len()).unwrap();
        let r = |i: usize| apply(text, &[remove(text, f[i].1.clone(), (i > 0).then(|| f[i - 1].1.clone()))]);
        assert_eq!(r(0), "X(\n    b: 2,\n    c: 3, // about c\n    d: 4,\n)");
        assert_eq!(r(1), "X(\n    a: 1,\n    c: 3, // about c\n    d: 4,\n)");
        assert_eq!(r(2), "X(\n    a: 1, b: 2,\n    d: 4,\n)");
        let inline = "[\"a\", \"b\"]";
        let items = list_items(inline, 0..inline.len()).unwrap();
        assert_eq!(apply(inline, &[remove(inline, items[1].clone(), Some(items[0].clone()))]), "[\"a\"]");
        assert_eq!(apply(inline, &[remove(inline, items[0].clone(), None)]), "[\"b\"]");
    }

    #[test]
    fn fills_empty_brackets() {
        let text = "    relations: [],";
        let open = text.find('[').unwrap();
        assert_eq!(
            apply(text, &[insert_into_empty(text, open, open + 1, "R()", true)]),
            "    relations: [\n        R(),\n    ],"
        );
    }
}
