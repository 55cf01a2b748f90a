//! Navigation inside one entry: the byte range of a field or of a list item, found by path.

use std::ops::Range;

use diplograph_core::FieldPath;

use crate::lexer::Tok;
use crate::outline::Cursor;

/// One step of a path into an entry: a named field or a list position.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Step<'a> {
    /// `name: value` in a struct.
    Field(&'a str),
    /// The n-th element of a list.
    Index(usize),
}

/// The steps of a core [`FieldPath`].
pub fn steps(path: &FieldPath) -> Vec<Step<'static>> {
    match *path {
        FieldPath::Whole => Vec::new(),
        FieldPath::Field(f) => vec![Step::Field(f)],
        FieldPath::Item(f, i) => vec![Step::Field(f), Step::Index(i)],
        FieldPath::ItemField(f, i, g) => vec![Step::Field(f), Step::Index(i), Step::Field(g)],
        FieldPath::Nested(f, i, g, j, h) => {
            vec![Step::Field(f), Step::Index(i), Step::Field(g), Step::Index(j), Step::Field(h)]
        }
    }
}

/// Finds the byte range of the value at `path` inside the value at `range` of `text`.
///
/// `Whole` (no steps) gives the range itself. `None` when the path does not exist, for example a
/// field that was left out.
pub fn locate(text: &str, range: Range<usize>, path: &[Step<'_>]) -> Option<Range<usize>> {
    let mut current = range;
    for step in path {
        current = match *step {
            Step::Field(name) => struct_fields(text, current)?
                .into_iter()
                .find(|(n, _, _)| text[n.clone()] == *name)
                .map(|(_, _, v)| v)?,
            Step::Index(i) => list_items(text, current)?.into_iter().nth(i)?,
        };
    }
    Some(current)
}

/// The byte ranges of one `name: value` field: `(name, whole field, value)`.
pub type FieldSpan = (Range<usize>, Range<usize>, Range<usize>);

/// The `(name range, whole field range, value range)` of every field of a struct value such as
/// `Name(a: 1, b: [2])`.
pub fn struct_fields(text: &str, range: Range<usize>) -> Option<Vec<FieldSpan>> {
    let inner = &text[..range.end];
    let mut c = Cursor::new(inner, range.start);
    let mut t = c.bump()?;
    if t.kind == Tok::Ident {
        t = c.bump()?;
    }
    if t.kind != Tok::Open(b'(') {
        return None;
    }
    let mut fields = Vec::new();
    loop {
        let name = c.bump()?;
        match name.kind {
            Tok::Close(b')') => return Some(fields),
            Tok::Comma => continue,
            Tok::Ident => {}
            _ => return Some(fields),
        }
        if c.bump()?.kind != Tok::Colon {
            return Some(fields);
        }
        let (value, _) = value_extent(&mut c)?;
        fields.push((name.start..name.end, name.start..value.end, value));
    }
}

/// The range of every element of a list value `[a, b, c]`.
pub fn list_items(text: &str, range: Range<usize>) -> Option<Vec<Range<usize>>> {
    let inner = &text[..range.end];
    let mut c = Cursor::new(inner, range.start);
    if c.bump()?.kind != Tok::Open(b'[') {
        return None;
    }
    let mut items = Vec::new();
    loop {
        match c.peek()?.kind {
            Tok::Close(b']') => return Some(items),
            Tok::Comma => {
                c.bump();
                continue;
            }
            _ => {}
        }
        let (value, _) = value_extent(&mut c)?;
        items.push(value);
    }
}

/// Reads one value (balanced) and returns its range; stops before a depth-0 `,` or closer.
fn value_extent(c: &mut Cursor<'_>) -> Option<(Range<usize>, usize)> {
    let first = c.bump()?;
    let mut depth = 0usize;
    let mut last;
    let mut t = first;
    loop {
        match t.kind {
            Tok::Open(_) => depth += 1,
            Tok::Close(_) => depth = depth.checked_sub(1)?,
            _ => {}
        }
        last = t;
        let n = c.peek();
        if depth == 0 && n.is_none_or(|n| matches!(n.kind, Tok::Comma | Tok::Close(_))) {
            break;
        }
        t = c.bump()?;
    }
    Some((first.start..last.end, depth))
}

/// Whether a `Tok` is the start of the text's first significant token; used by callers that
/// need the name of an entry (`Country`).
pub fn first_token(text: &str, range: Range<usize>) -> Range<usize> {
    let mut c = Cursor::new(&text[..range.end], range.start);
    c.bump().map_or(range.start..range.start, |t| t.start..t.end)
}
