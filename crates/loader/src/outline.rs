//! The outline of a data file: its form, its sections and the byte range of every entry.
//!
//! Files are split into entries before serde sees them, so one broken entry (a misspelt field,
//! a missing comma) does not hide the others, and every entry keeps its position for messages
//! and edits. The splitter is iterative: no input can make it recurse.

use std::ops::Range;

use diplograph_core::FieldPath;
use diplograph_core::suggest;

use crate::lexer::{Lexer, Tok, Token};

/// Which top-level value a file holds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FileForm {
    /// `Graph(sources: [...], actors: [...], relations: [...])`.
    Graph,
    /// `Vocabulary(actor_kinds: [...], relation_kinds: [...])`.
    Vocabulary,
}

/// The named lists a file may hold.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Section {
    /// `sources: [...]`.
    Sources,
    /// `actors: [...]`.
    Actors,
    /// `relations: [...]`.
    Relations,
    /// `actor_kinds: [...]`.
    ActorKinds,
    /// `relation_kinds: [...]`.
    RelationKinds,
}

impl Section {
    /// The field name in the file.
    pub fn name(self) -> &'static str {
        match self {
            Section::Sources => "sources",
            Section::Actors => "actors",
            Section::Relations => "relations",
            Section::ActorKinds => "actor_kinds",
            Section::RelationKinds => "relation_kinds",
        }
    }

    fn of(form: FileForm) -> &'static [Section] {
        match form {
            FileForm::Graph => &[Section::Sources, Section::Actors, Section::Relations],
            FileForm::Vocabulary => &[Section::ActorKinds, Section::RelationKinds],
        }
    }
}

/// A syntax problem found while outlining.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SyntaxError {
    /// Where.
    pub range: Range<usize>,
    /// What.
    pub message: String,
    /// What the caret says.
    pub label: String,
    /// How to fix it.
    pub help: Option<String>,
}

/// A list section as written: where its name is, where its `[` is, and its entries.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SectionOutline {
    /// Which section.
    pub section: Section,
    /// Byte range of the section's name.
    pub name: Range<usize>,
    /// Byte range from `[` to `]` inclusive (to the end of the input when unclosed).
    pub list: Range<usize>,
    /// Byte range of each entry, without surrounding whitespace or commas.
    pub entries: Vec<Range<usize>>,
    /// Whether each entry is structurally sound (brackets balanced); unsound ones are not parsed.
    pub sound: Vec<bool>,
}

/// The outline of one file.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Outline {
    /// The form, when the file names one.
    pub form: Option<FileForm>,
    /// Byte range of the form's name.
    pub form_name: Range<usize>,
    /// Byte range of the whole top-level value.
    pub body: Range<usize>,
    /// The sections, in file order.
    pub sections: Vec<SectionOutline>,
    /// Syntax problems.
    pub errors: Vec<SyntaxError>,
    /// Whether outlining stopped early at an error it could not get past.
    pub truncated: bool,
}

struct Cursor<'a> {
    text: &'a str,
    lexer: Lexer<'a>,
    peeked: Option<Token>,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str, at: usize) -> Self {
        Self { text, lexer: Lexer::at(text, at), peeked: None }
    }

    fn peek(&mut self) -> Option<Token> {
        if self.peeked.is_none() {
            self.peeked = self.lexer.next_significant();
        }
        self.peeked
    }

    fn bump(&mut self) -> Option<Token> {
        let t = self.peek();
        self.peeked = None;
        t
    }

    fn slice(&self, t: Token) -> &'a str {
        &self.text[t.start..t.end]
    }
}

fn describe(text: &str, t: Option<Token>) -> String {
    match t {
        None => "the end of the file".to_owned(),
        Some(t) => {
            let s = &text[t.start..t.end];
            let short: String = s.chars().take(24).collect();
            if short.len() < s.len() { format!("`{short}...`") } else { format!("`{short}`") }
        }
    }
}

fn closer_of(open: u8) -> u8 {
    match open {
        b'(' => b')',
        b'[' => b']',
        _ => b'}',
    }
}

/// Outlines `text`, collecting syntax errors rather than stopping at the first when it can.
pub fn outline(text: &str) -> Outline {
    let mut out = Outline::default();
    let mut c = Cursor::new(text, 0);
    let end = text.len();

    // `#![enable(...)]` attributes: accepted and ignored (the extensions are always on).
    while c.peek().is_some_and(|t| t.kind == Tok::Other && c.slice(t) == "#") {
        let hash = c.bump().map_or(0, |t| t.start);
        let mut depth = 0usize;
        loop {
            match c.bump() {
                None => {
                    out.errors.push(SyntaxError {
                        range: hash..hash + 1,
                        message: "unclosed attribute".into(),
                        label: "this `#` starts an attribute that never ends".into(),
                        help: Some(
                            "attributes look like `#![enable(implicit_some)]`; they are not needed in diplograph files"
                                .into(),
                        ),
                    });
                    out.truncated = true;
                    return out;
                }
                Some(Token { kind: Tok::Open(_), .. }) => depth += 1,
                Some(Token { kind: Tok::Close(_), .. }) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
                Some(_) => {}
            }
        }
    }

    let Some(first) = c.bump() else {
        // Empty or only comments: a file that declares nothing.
        return out;
    };
    let expected_form = "a diplograph file holds `Graph(...)` (sources, actors, relations) or `Vocabulary(...)` (actor and relation kinds)";
    let form = match (first.kind, c.slice(first)) {
        (Tok::Ident, "Graph") => FileForm::Graph,
        (Tok::Ident, "Vocabulary") => FileForm::Vocabulary,
        (Tok::Ident, other) => {
            let near = suggest::closest(other, [("Graph", "Graph"), ("Vocabulary", "Vocabulary")]);
            out.errors.push(SyntaxError {
                range: first.start..first.end,
                message: format!("expected `Graph` or `Vocabulary`, found {}", describe(text, Some(first))),
                label: "unknown top-level value".into(),
                help: Some(suggest::did_you_mean(&near).unwrap_or_else(|| expected_form.to_owned())),
            });
            out.truncated = true;
            return out;
        }
        _ => {
            out.errors.push(SyntaxError {
                range: first.start..first.end,
                message: format!("expected `Graph(` or `Vocabulary(`, found {}", describe(text, Some(first))),
                label: "a file starts with the name of what it holds".into(),
                help: Some(expected_form.to_owned()),
            });
            out.truncated = true;
            return out;
        }
    };
    out.form = Some(form);
    out.form_name = first.start..first.end;
    out.body = first.start..end;
    let allowed = Section::of(form);

    match c.bump() {
        Some(Token { kind: Tok::Open(b'('), .. }) => {}
        other => {
            let at = other.map_or(end..end, |t| t.start..t.end);
            out.errors.push(SyntaxError {
                range: at,
                message: format!("expected `(` after `{}`, found {}", c.slice(first), describe(text, other)),
                label: "expected `(`".into(),
                help: Some(format!("write `{}(` ... `)`", c.slice(first))),
            });
            out.truncated = true;
            return out;
        }
    }

    // Sections.
    loop {
        let t = c.bump();
        match t {
            Some(Token { kind: Tok::Close(b')'), end: e, .. }) => {
                out.body.end = e;
                break;
            }
            Some(Token { kind: Tok::Comma, .. }) if !out.sections.is_empty() => continue,
            Some(name @ Token { kind: Tok::Ident, .. }) => {
                let word = c.slice(name);
                let Some(&section) = allowed.iter().find(|s| s.name() == word) else {
                    let near = suggest::closest(word, allowed.iter().map(|s| (s.name(), s.name())));
                    let list = allowed.iter().map(|s| format!("`{}`", s.name())).collect::<Vec<_>>().join(", ");
                    out.errors.push(SyntaxError {
                        range: name.start..name.end,
                        message: format!(
                            "unknown section `{word}` in `{}`",
                            if form == FileForm::Graph { "Graph" } else { "Vocabulary" }
                        ),
                        label: "unknown section".into(),
                        help: Some(suggest::did_you_mean(&near).unwrap_or_else(|| format!("the sections are {list}"))),
                    });
                    out.truncated = true;
                    return out;
                };
                if let Some(prev) = out.sections.iter().find(|s| s.section == section) {
                    let _ = prev;
                    out.errors.push(SyntaxError {
                        range: name.start..name.end,
                        message: format!("section `{word}` appears twice in this file"),
                        label: "second `{word}` list".replace("{word}", word),
                        help: Some("merge the two lists into one".into()),
                    });
                }
                match c.bump() {
                    Some(Token { kind: Tok::Colon, .. }) => {}
                    other => {
                        out.errors.push(SyntaxError {
                            range: other.map_or(end..end, |t| t.start..t.end),
                            message: format!("expected `:` after `{word}`, found {}", describe(text, other)),
                            label: "expected `:`".into(),
                            help: Some(format!("write `{word}: [` ... `]`")),
                        });
                        out.truncated = true;
                        return out;
                    }
                }
                let open = match c.bump() {
                    Some(t @ Token { kind: Tok::Open(b'['), .. }) => t,
                    other => {
                        out.errors.push(SyntaxError {
                            range: other.map_or(end..end, |t| t.start..t.end),
                            message: format!(
                                "expected `[` to start the `{word}` list, found {}",
                                describe(text, other)
                            ),
                            label: "expected `[`".into(),
                            help: Some(format!("write `{word}: [` entries separated by commas `]`")),
                        });
                        out.truncated = true;
                        return out;
                    }
                };
                let mut so = SectionOutline {
                    section,
                    name: name.start..name.end,
                    list: open.start..end,
                    entries: Vec::new(),
                    sound: Vec::new(),
                };
                let ok = entries(&mut c, &mut so, &mut out.errors);
                out.sections.push(so);
                if !ok {
                    out.truncated = true;
                    return out;
                }
                match c.peek() {
                    Some(Token { kind: Tok::Comma | Tok::Close(b')'), .. }) => {}
                    other => {
                        let prev_end = out.sections.last().map_or(0, |s| s.list.end);
                        out.errors.push(SyntaxError {
                            range: prev_end..prev_end,
                            message: format!(
                                "expected `,` or `)` after the `{word}` list, found {}",
                                describe(text, other)
                            ),
                            label: "expected `,`".into(),
                            help: Some("separate sections with a comma".into()),
                        });
                        if other.is_none() {
                            out.truncated = true;
                            return out;
                        }
                    }
                }
            }
            other => {
                let closing = other.is_none();
                out.errors.push(SyntaxError {
                    range: other.map_or(end..end, |t| t.start..t.end),
                    message: if closing {
                        format!(
                            "unexpected end of file: `{}(` is never closed",
                            if form == FileForm::Graph { "Graph" } else { "Vocabulary" }
                        )
                    } else {
                        format!("expected a section name, found {}", describe(text, other))
                    },
                    label: if closing { "expected `)`".into() } else { "expected a section name".into() },
                    help: Some(format!(
                        "the sections are {}",
                        allowed.iter().map(|s| format!("`{}: [...]`", s.name())).collect::<Vec<_>>().join(", ")
                    )),
                });
                out.truncated = true;
                return out;
            }
        }
    }

    if let Some(t) = c.bump() {
        out.errors.push(SyntaxError {
            range: t.start..t.end,
            message: format!("unexpected {} after the end of `{}(...)`", describe(text, Some(t)), c.slice(first)),
            label: "nothing may follow the closing `)`".into(),
            help: Some(
                "a file holds exactly one `Graph(...)` or `Vocabulary(...)`; check for an extra `)` above".into(),
            ),
        });
    }
    out
}

/// Splits the entries of a list whose `[` was just read. Returns false when the rest of the file
/// cannot be outlined.
fn entries(c: &mut Cursor<'_>, so: &mut SectionOutline, errors: &mut Vec<SyntaxError>) -> bool {
    loop {
        let Some(first) = c.bump() else {
            errors.push(SyntaxError {
                range: so.list.start..so.list.start + 1,
                message: format!("the `{}` list is never closed", so.section.name()),
                label: "this `[` has no matching `]`".into(),
                help: Some("add `]` after the last entry".into()),
            });
            return false;
        };
        match first.kind {
            Tok::Close(b']') => {
                so.list.end = first.end;
                return true;
            }
            Tok::Comma => {
                errors.push(SyntaxError {
                    range: first.start..first.end,
                    message: "expected an entry, found `,`".into(),
                    label: "extra comma".into(),
                    help: Some("remove the extra comma".into()),
                });
                continue;
            }
            Tok::Close(other) => {
                errors.push(SyntaxError {
                    range: first.start..first.end,
                    message: format!(
                        "mismatched `{}`: the `{}` list is closed by `]`",
                        other as char,
                        so.section.name()
                    ),
                    label: "unexpected closing bracket".into(),
                    help: Some("check the brackets of the entry above".into()),
                });
                return false;
            }
            _ => {}
        }
        // One entry: from `first` to the depth-0 `,` or `]`.
        let mut stack: Vec<(u8, usize)> = Vec::new();
        let mut last;
        let mut sound = true;
        let mut t = first;
        loop {
            match t.kind {
                Tok::Open(o) => stack.push((o, t.start)),
                Tok::Close(k) => match stack.pop() {
                    Some((o, _)) if closer_of(o) == k => {}
                    Some((o, at)) => {
                        errors.push(SyntaxError {
                            range: t.start..t.end,
                            message: format!("mismatched `{}`: expected `{}`", k as char, closer_of(o) as char),
                            label: format!("expected `{}`", closer_of(o) as char),
                            help: Some(format!(
                                "the `{}` at byte {at} is closed by this `{}`; add or remove a bracket",
                                o as char, k as char
                            )),
                        });
                        so.entries.push(first.start..t.end);
                        so.sound.push(false);
                        return false;
                    }
                    // Closers at depth 0 end the entry before they are read.
                    None => {}
                },
                Tok::Str { terminated: false } => {
                    errors.push(SyntaxError {
                        range: t.start..(t.start + 1),
                        message: "unterminated string".into(),
                        label: "this string never ends".into(),
                        help: Some("add the closing `\"`; a `\"` inside a string is written `\\\"`".into()),
                    });
                    so.entries.push(first.start..t.end);
                    so.sound.push(false);
                    return false;
                }
                Tok::Comment { terminated: false } => {
                    errors.push(SyntaxError {
                        range: t.start..(t.start + 2),
                        message: "unterminated block comment".into(),
                        label: "this comment never ends".into(),
                        help: Some("close it with `*/`".into()),
                    });
                    so.entries.push(first.start..t.end);
                    so.sound.push(false);
                    return false;
                }
                _ => {}
            }
            last = t;
            let next = c.peek();
            match next {
                None => {
                    let (o, at) = stack.last().copied().unwrap_or((b'[', so.list.start));
                    errors.push(SyntaxError {
                        range: at..at + 1,
                        message: format!("unexpected end of file: this `{}` is never closed", o as char),
                        label: format!("no matching `{}`", closer_of(o) as char),
                        help: Some(format!("add `{}` where the entry ends", closer_of(o) as char)),
                    });
                    so.entries.push(first.start..last.end);
                    so.sound.push(false);
                    return false;
                }
                Some(n) if stack.is_empty() => match n.kind {
                    Tok::Comma => {
                        c.bump();
                        break;
                    }
                    Tok::Close(_) => break,
                    // A value that just ended, followed by the start of another: a missing comma.
                    Tok::Ident | Tok::Open(_) | Tok::Str { .. } | Tok::Number
                        if matches!(last.kind, Tok::Close(_) | Tok::Str { .. } | Tok::Number)
                            || (last.kind == Tok::Ident && !matches!(n.kind, Tok::Open(_))) =>
                    {
                        errors.push(SyntaxError {
                            range: last.end..last.end,
                            message: format!("expected `,` between two entries of `{}`", so.section.name()),
                            label: "missing `,`".into(),
                            help: Some("add a comma after this entry".into()),
                        });
                        break;
                    }
                    _ => {}
                },
                Some(_) => {}
            }
            t = c.bump().expect("peeked a token");
            if stack.len() > 1_000_000 {
                sound = false;
            }
        }
        so.entries.push(first.start..last.end);
        so.sound.push(sound);
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"// a comment
Graph(
    actors: [
        Country(id: "iran", name: "Iran"), // trailing
        /* block */ Country(id: "iraq", name: "Iraq", aliases: ["Baghdad", "x"]),
    ],
    relations: [],
)
"#;

    #[test]
    fn outlines_sections_and_entries() {
        let o = outline(SAMPLE);
        assert_eq!(o.errors, vec![]);
        assert_eq!(o.form, Some(FileForm::Graph));
        assert_eq!(o.sections.len(), 2);
        let actors = &o.sections[0];
        assert_eq!(actors.entries.len(), 2);
        assert_eq!(&SAMPLE[actors.entries[0].clone()], r#"Country(id: "iran", name: "Iran")"#);
        assert!(SAMPLE[actors.entries[1].clone()].starts_with("Country(id: \"iraq\""));
        assert!(o.sections[1].entries.is_empty());
    }

    #[test]
    fn locates_nested_fields() {
        let o = outline(SAMPLE);
        let e = o.sections[0].entries[1].clone();
        let alias = locate(SAMPLE, e.clone(), &[Step::Field("aliases"), Step::Index(1)]).unwrap();
        assert_eq!(&SAMPLE[alias], "\"x\"");
        assert_eq!(&SAMPLE[locate(SAMPLE, e.clone(), &[Step::Field("id")]).unwrap()], "\"iraq\"");
        assert_eq!(locate(SAMPLE, e, &[Step::Field("iso3")]), None);
    }

    #[test]
    fn reports_a_missing_comma_and_keeps_both_entries() {
        let text = "Graph(actors: [Country(id: \"a\", name: \"A\")\n Country(id: \"b\", name: \"B\")])";
        let o = outline(text);
        assert_eq!(o.errors.len(), 1, "{:?}", o.errors);
        assert!(o.errors[0].message.contains("expected `,`"));
        assert_eq!(o.sections[0].entries.len(), 2);
        assert!(!o.truncated);
    }

    #[test]
    fn survives_deep_nesting_and_garbage() {
        let deep = format!("Graph(actors: [{}])", "(".repeat(100_000));
        let o = outline(&deep);
        assert!(o.truncated && !o.errors.is_empty());
        for junk in [
            "",
            "   ",
            "Graph",
            "Graph(",
            "Graph(actors",
            "Graph(actors:",
            "Graph(actors: [",
            "Graph(actors: [\"",
            ")]",
            "Grpah()",
            "Graph(actors: [(]) ",
            "Graph() x",
        ] {
            let _ = outline(junk);
        }
        assert!(outline("").errors.is_empty());
        assert!(!outline("Grpah()").errors.is_empty());
    }
}
