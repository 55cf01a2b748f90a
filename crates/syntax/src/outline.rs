//! The outline of a data file: its form, its sections and the byte range of every entry.
//!
//! Files are split into entries before serde sees them, so one broken entry (a misspelt field,
//! a missing comma) does not hide the others, and every entry keeps its position for messages
//! and edits. The splitter is iterative: no input can make it recurse.

use std::ops::{ControlFlow, Range};

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

    /// The section with this field name.
    pub fn named(name: &str) -> Option<Section> {
        [Section::Sources, Section::Actors, Section::Relations, Section::ActorKinds, Section::RelationKinds]
            .into_iter()
            .find(|s| s.name() == name)
    }

    /// The sections a file of this form may hold.
    pub fn of(form: FileForm) -> &'static [Section] {
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
    /// Other places that explain it, with what their labels say (the bracket a wrong closer was
    /// taken to close).
    pub related: Vec<(Range<usize>, String)>,
}

impl SyntaxError {
    fn new(range: Range<usize>, message: impl Into<String>, label: impl Into<String>, help: Option<String>) -> Self {
        Self { range, message: message.into(), label: label.into(), help, related: Vec::new() }
    }

    fn with_related(mut self, range: Range<usize>, label: impl Into<String>) -> Self {
        self.related.push((range, label.into()));
        self
    }
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

/// A stretch of a file passed over after a syntax error, and the section it seems to belong to.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Skipped {
    /// Byte range.
    pub range: Range<usize>,
    /// The section it is in, or appears to be meant for (`actor: [...]` is taken for
    /// `actors`); `None` when unknown.
    pub section: Option<Section>,
}

/// The outline of one file.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Outline {
    /// The form, when the file names one (or, after a misspelt name, the one it resembles).
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
    /// What was passed over after errors and not split into entries: an unknown section's
    /// value, and everything after the point where outlining stopped.
    pub skipped: Vec<Skipped>,
}

pub(crate) struct Cursor<'a> {
    text: &'a str,
    lexer: Lexer<'a>,
    peeked: Option<Token>,
    /// A block comment left open, once read: it runs to the end of the text.
    unclosed_comment: Option<Token>,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(text: &'a str, at: usize) -> Self {
        Self { text, lexer: Lexer::at(text, at), peeked: None, unclosed_comment: None }
    }

    pub(crate) fn peek(&mut self) -> Option<Token> {
        if self.peeked.is_none() {
            self.peeked = self.lexer.next_significant();
            if let Some(t @ Token { kind: Tok::Comment { terminated: false }, .. }) = self.peeked {
                self.unclosed_comment = Some(t);
            }
        }
        self.peeked
    }

    pub(crate) fn bump(&mut self) -> Option<Token> {
        let t = self.peek();
        self.peeked = None;
        t
    }

    fn slice(&self, t: Token) -> &'a str {
        &self.text[t.start..t.end]
    }

    /// Moves to byte `pos`.
    fn seek(&mut self, pos: usize) {
        self.lexer = Lexer::at(self.text, pos);
        self.peeked = None;
    }

    /// The token after `t`, without moving.
    fn after(&self, t: Token) -> Option<Token> {
        Lexer::at(self.text, t.end).next_significant()
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

fn unclosed_comment(t: Token) -> SyntaxError {
    SyntaxError::new(
        t.start..t.start + 2,
        "unterminated block comment",
        "this comment never ends",
        Some("close it with `*/`; a `/*` inside a comment opens another that needs its own `*/`".into()),
    )
}

/// The error for an unexpected token: `error`, unless the token is a block comment left open,
/// which is the real mistake.
fn unexpected(found: Option<Token>, error: SyntaxError) -> SyntaxError {
    match found {
        Some(t @ Token { kind: Tok::Comment { terminated: false }, .. }) => unclosed_comment(t),
        _ => error,
    }
}

fn form_name(form: FileForm) -> &'static str {
    match form {
        FileForm::Graph => "Graph",
        FileForm::Vocabulary => "Vocabulary",
    }
}

/// The form whose section is named right after the `(` at `open`: `(actors: [` is a `Graph`.
fn form_of_first_section(text: &str, open: usize) -> Option<FileForm> {
    let mut lexer = Lexer::at(text, open);
    if lexer.next_significant()?.kind != Tok::Open(b'(') {
        return None;
    }
    let name = lexer.next_significant().filter(|t| t.kind == Tok::Ident)?;
    let section = Section::named(&text[name.start..name.end])?;
    [FileForm::Graph, FileForm::Vocabulary].into_iter().find(|f| Section::of(*f).contains(&section))
}

/// The section `word` seems to mean: the only near section name, if there is one.
fn meant_section(word: &str, allowed: &[Section]) -> Option<Section> {
    match suggest::closest(word, allowed.iter().map(|s| (s.name(), s.name()))).as_slice() {
        [one] => Section::named(one),
        _ => None,
    }
}

/// Reads over one value, whatever it holds, up to the next `,` or `)` outside brackets (stray
/// `]` and `}` are read over). Returns where what was read ends, or `None` at the end of the file.
fn skip_value(c: &mut Cursor<'_>, from: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut end = from;
    loop {
        let t = c.peek()?;
        match t.kind {
            Tok::Comma | Tok::Close(b')') if depth == 0 => return Some(end),
            Tok::Open(_) => depth += 1,
            Tok::Close(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        c.bump();
        end = t.end;
    }
}

/// Outlines `text`, collecting syntax errors rather than stopping at the first when it can.
pub fn outline(text: &str) -> Outline {
    let mut c = Cursor::new(text, 0);
    let mut out = Outline::default();
    outline_into(&mut c, &mut out);
    if let Some(t) = c.unclosed_comment {
        if !out.errors.iter().any(|e| e.range.start == t.start) {
            out.errors.push(unclosed_comment(t));
        }
    }
    out
}

/// Marks the outline as stopped at byte `from`: the rest is passed over.
fn stop(out: &mut Outline, from: usize, end: usize, section: Option<Section>) {
    out.truncated = true;
    if from < end {
        out.skipped.push(Skipped { range: from..end, section });
    }
}

fn outline_into(c: &mut Cursor<'_>, out: &mut Outline) {
    if attributes(c, out).is_break() {
        return;
    }
    let Some((form, first)) = read_form(c, out) else {
        return;
    };
    let text = c.text;
    let end = text.len();
    let form_label = form_name(form);
    out.form = Some(form);
    out.form_name = if first.kind == Tok::Ident { first.start..first.end } else { first.start..first.start };
    out.body = first.start..end;

    let open = match c.bump() {
        Some(t @ Token { kind: Tok::Open(b'('), .. }) => t.start..t.end,
        other => {
            let at = other.map_or(end..end, |t| t.start..t.end);
            out.errors.push(unexpected(
                other,
                SyntaxError::new(
                    at.clone(),
                    format!("expected `(` after `{form_label}`, found {}", describe(text, other)),
                    "expected `(`",
                    Some(format!("write `{form_label}(` ... `)`")),
                ),
            ));
            stop(out, at.start, end, None);
            return;
        }
    };
    if sections(c, out, form, open).is_break() {
        return;
    }
    if let Some(t) = c.bump() {
        out.errors.push(unexpected(
            Some(t),
            SyntaxError::new(
                t.start..t.end,
                format!("unexpected {} after the end of `{form_label}(...)`", describe(text, Some(t))),
                "nothing may follow the closing `)`",
                Some("a file holds exactly one `Graph(...)` or `Vocabulary(...)`; check for an extra `)` above".into()),
            ),
        ));
    }
}

/// Reads over `#![enable(...)]` attributes: accepted and ignored (the extensions are always
/// on). Breaks when one never ends.
fn attributes(c: &mut Cursor<'_>, out: &mut Outline) -> ControlFlow<()> {
    let text = c.text;
    let end = text.len();
    while c.peek().is_some_and(|t| t.kind == Tok::Other && c.slice(t) == "#") {
        let hash = c.bump().map_or(0, |t| t.start);
        let bang = c.peek().filter(|t| t.kind == Tok::Other && c.slice(*t) == "!");
        if bang.and_then(|b| c.after(b)).is_none_or(|t| t.kind != Tok::Open(b'[')) {
            // A `#` that starts no attribute: most likely a comment in another language's style.
            out.errors.push(SyntaxError::new(
                hash..hash + 1,
                "unexpected `#`: comments are written `//`",
                "not a comment",
                Some(
                    "write comments as `// ...` or `/* ... */`; `#` only starts an attribute such as `#![enable(implicit_some)]`, which diplograph files do not need"
                        .into(),
                ),
            ));
            c.seek(text[hash..].find('\n').map_or(end, |i| hash + i));
            continue;
        }
        c.bump();
        c.bump();
        let mut depth = 1usize;
        while depth > 0 {
            match c.bump() {
                None => {
                    out.errors.push(SyntaxError::new(
                        hash..hash + 1,
                        "unclosed attribute",
                        "this `#` starts an attribute that never ends",
                        Some(
                            "attributes look like `#![enable(implicit_some)]`; they are not needed in diplograph files"
                                .into(),
                        ),
                    ));
                    stop(out, hash, end, None);
                    return ControlFlow::Break(());
                }
                Some(Token { kind: Tok::Open(_), .. }) => depth += 1,
                Some(Token { kind: Tok::Close(_), .. }) => depth -= 1,
                Some(_) => {}
            }
        }
    }
    ControlFlow::Continue(())
}

/// Reads the form's name (or, after a mistake, decides which form the file means) and returns
/// it with the first token read; `None` when the file declares nothing or cannot be read on.
fn read_form(c: &mut Cursor<'_>, out: &mut Outline) -> Option<(FileForm, Token)> {
    let text = c.text;
    let end = text.len();
    // Empty or only comments: a file that declares nothing.
    let first = c.bump()?;
    if first.kind == (Tok::Comment { terminated: false }) {
        out.errors.push(unclosed_comment(first));
        return None;
    }
    let expected_form = "a diplograph file holds `Graph(...)` (sources, actors, relations) or `Vocabulary(...)` (actor and relation kinds)";
    let named = |name: &str| match name {
        "Graph" => Some(FileForm::Graph),
        "Vocabulary" => Some(FileForm::Vocabulary),
        _ => None,
    };
    let form = match (first.kind, c.slice(first)) {
        (Tok::Ident, "Graph") => FileForm::Graph,
        (Tok::Ident, "Vocabulary") => FileForm::Vocabulary,
        (Tok::Ident, other) => {
            let near = suggest::closest(other, [("Graph", "Graph"), ("Vocabulary", "Vocabulary")]);
            out.errors.push(SyntaxError::new(
                first.start..first.end,
                format!("expected `Graph` or `Vocabulary`, found {}", describe(text, Some(first))),
                "unknown top-level value",
                Some(suggest::did_you_mean(&near).unwrap_or_else(|| expected_form.to_owned())),
            ));
            // Read on as the form the name resembles, or the one its first section belongs to.
            match near.first().and_then(|n| named(n)).or_else(|| form_of_first_section(text, first.end)) {
                Some(form) => form,
                None => {
                    stop(out, first.end, end, None);
                    return None;
                }
            }
        }
        _ => {
            out.errors.push(unexpected(
                Some(first),
                SyntaxError::new(
                    first.start..first.end,
                    format!("expected `Graph(` or `Vocabulary(`, found {}", describe(text, Some(first))),
                    "a file starts with the name of what it holds",
                    Some(expected_form.to_owned()),
                ),
            ));
            // `(actors: [...])`: only the name is missing; read on.
            match form_of_first_section(text, first.start) {
                Some(form) => {
                    c.seek(first.start);
                    form
                }
                None => {
                    stop(out, first.start, end, None);
                    return None;
                }
            }
        }
    };
    Some((form, first))
}

/// Reads the sections after the form's `(` (at `open`) up to its `)`; breaks when the outline
/// stops.
fn sections(c: &mut Cursor<'_>, out: &mut Outline, form: FileForm, open: Range<usize>) -> ControlFlow<()> {
    let text = c.text;
    let end = text.len();
    let form_label = form_name(form);
    let allowed = Section::of(form);
    let mut seen_section = false;
    loop {
        let t = c.bump();
        match t {
            Some(Token { kind: Tok::Close(b')'), end: e, .. }) => {
                out.body.end = e;
                return ControlFlow::Continue(());
            }
            Some(Token { kind: Tok::Comma, .. }) if seen_section => continue,
            Some(name @ Token { kind: Tok::Ident, .. }) => {
                seen_section = true;
                section(c, out, name, form)?;
            }
            None => {
                out.errors.push(
                    SyntaxError::new(
                        end..end,
                        format!("unexpected end of file: `{form_label}(` is never closed"),
                        "expected `)`",
                        Some(format!("add `)` after the last section, to close `{form_label}(`")),
                    )
                    .with_related(open.clone(), format!("`{form_label}(` opens here")),
                );
                out.truncated = true;
                return ControlFlow::Break(());
            }
            Some(t) => {
                out.errors.push(unexpected(
                    Some(t),
                    SyntaxError::new(
                        t.start..t.end,
                        format!("expected a section name, found {}", describe(text, Some(t))),
                        "expected a section name",
                        Some(format!(
                            "the sections are {}",
                            allowed.iter().map(|s| format!("`{}: [...]`", s.name())).collect::<Vec<_>>().join(", ")
                        )),
                    ),
                ));
                // Pass over what is there and read on.
                seen_section = true;
                match skip_value(c, t.end) {
                    Some(to) => out.skipped.push(Skipped { range: t.start..to, section: None }),
                    None => {
                        stop(out, t.start, end, None);
                        return ControlFlow::Break(());
                    }
                }
            }
        }
    }
}

/// Reads one section whose name, `name`, was just read; breaks when the outline stops.
fn section(c: &mut Cursor<'_>, out: &mut Outline, name: Token, form: FileForm) -> ControlFlow<()> {
    let text = c.text;
    let end = text.len();
    let allowed = Section::of(form);
    let word = c.slice(name);
    let Some(&section) = allowed.iter().find(|s| s.name() == word) else {
        return unknown_section(c, out, name, form);
    };
    if out.sections.iter().any(|s| s.section == section) {
        out.errors.push(SyntaxError::new(
            name.start..name.end,
            format!("section `{word}` appears twice in this file"),
            format!("second `{word}` list"),
            Some("merge the two lists into one".into()),
        ));
    }
    match c.peek() {
        Some(Token { kind: Tok::Colon, .. }) => {
            c.bump();
        }
        // `actors [`: only the colon is missing.
        Some(Token { kind: Tok::Open(b'['), .. }) => out.errors.push(SyntaxError::new(
            name.end..name.end,
            format!("expected `:` after `{word}`"),
            "expected `:`",
            Some(format!("write `{word}: [` ... `]`")),
        )),
        other => {
            out.errors.push(unexpected(
                other,
                SyntaxError::new(
                    other.map_or(end..end, |t| t.start..t.end),
                    format!("expected `:` after `{word}`, found {}", describe(text, other)),
                    "expected `:`",
                    Some(format!("write `{word}: [` ... `]`")),
                ),
            ));
            stop(out, other.map_or(end, |t| t.start), end, Some(section));
            return ControlFlow::Break(());
        }
    }
    let open = match c.peek() {
        Some(t @ Token { kind: Tok::Open(b'['), .. }) => {
            c.bump();
            t
        }
        other => {
            out.errors.push(unexpected(
                other,
                SyntaxError::new(
                    other.map_or(end..end, |t| t.start..t.end),
                    format!("expected `[` to start the `{word}` list, found {}", describe(text, other)),
                    "expected `[`",
                    Some(format!("write `{word}: [` entries separated by commas `]`")),
                ),
            ));
            // Pass over the value.
            let from = other.map_or(end, |t| t.start);
            return match skip_value(c, from) {
                Some(to) if to > from => {
                    out.skipped.push(Skipped { range: from..to, section: Some(section) });
                    ControlFlow::Continue(())
                }
                _ => {
                    stop(out, from, end, Some(section));
                    ControlFlow::Break(())
                }
            };
        }
    };
    let mut so = SectionOutline {
        section,
        name: name.start..name.end,
        list: open.start..end,
        entries: Vec::new(),
        sound: Vec::new(),
    };
    let list_end = entries(c, allowed, &mut so, &mut out.errors);
    out.sections.push(so);
    match list_end {
        ListEnd::Closed => {}
        // The next section follows; its name is read next.
        ListEnd::Unclosed => return ControlFlow::Continue(()),
        ListEnd::Lost => {
            out.truncated = true;
            return ControlFlow::Break(());
        }
    }
    match c.peek() {
        Some(Token { kind: Tok::Comma | Tok::Close(b')'), .. }) => {}
        other => {
            let prev_end = out.sections.last().map_or(0, |s| s.list.end);
            out.errors.push(unexpected(
                other,
                SyntaxError::new(
                    prev_end..prev_end,
                    format!("expected `,` or `)` after the `{word}` list, found {}", describe(text, other)),
                    "expected `,`",
                    Some("separate sections with a comma".into()),
                ),
            ));
            if other.is_none_or(|t| t.kind == Tok::Comment { terminated: false }) {
                out.truncated = true;
                return ControlFlow::Break(());
            }
        }
    }
    ControlFlow::Continue(())
}

/// A section name the form does not have: reported, and its value passed over so that the
/// sections after it still load.
fn unknown_section(c: &mut Cursor<'_>, out: &mut Outline, name: Token, form: FileForm) -> ControlFlow<()> {
    let end = c.text.len();
    let allowed = Section::of(form);
    let word = c.slice(name);
    let near = suggest::closest(word, allowed.iter().map(|s| (s.name(), s.name())));
    let list = allowed.iter().map(|s| format!("`{}`", s.name())).collect::<Vec<_>>().join(", ");
    out.errors.push(SyntaxError::new(
        name.start..name.end,
        format!("unknown section `{word}` in `{}`", form_name(form)),
        "unknown section",
        Some(suggest::did_you_mean(&near).unwrap_or_else(|| format!("the sections are {list}"))),
    ));
    let meant = meant_section(word, allowed);
    if c.peek().is_some_and(|t| t.kind == Tok::Colon) {
        c.bump();
        let from = c.peek().map_or(end, |t| t.start);
        match skip_value(c, from) {
            Some(to) => {
                out.skipped.push(Skipped { range: from..to, section: meant });
                return ControlFlow::Continue(());
            }
            None => {
                stop(out, from, end, meant);
                return ControlFlow::Break(());
            }
        }
    }
    stop(out, name.end, end, meant);
    ControlFlow::Break(())
}

/// How a list ended.
enum ListEnd {
    /// At its `]`.
    Closed,
    /// Without its `]`, where the next section begins (its name is read next).
    Unclosed,
    /// At an error the outline cannot get past.
    Lost,
}

/// Splits the entries of a list whose `[` was just read.
fn entries(c: &mut Cursor<'_>, allowed: &[Section], so: &mut SectionOutline, errors: &mut Vec<SyntaxError>) -> ListEnd {
    let list = so.section.name();
    // `relations:` where an entry should start: the list was not closed.
    let starts_section = |c: &Cursor<'_>, t: Token| {
        t.kind == Tok::Ident
            && allowed.iter().any(|s| s.name() == c.slice(t))
            && c.after(t).is_some_and(|n| n.kind == Tok::Colon)
    };
    let list_start = so.list.start;
    let unclosed = |at: usize| {
        SyntaxError::new(
            at..at,
            format!("expected `]` to close the `{list}` list"),
            "expected `]`",
            Some("add `]` after the last entry".into()),
        )
        .with_related(list_start..list_start + 1, "the list starts here")
    };
    // Whether the last thing read was a wrong closing bracket, already reported: what it
    // leaves behind (a comma, a missing `]`) is not reported again.
    let mut after_mismatch = false;
    // Open brackets of the entry being read; one vector for the whole list.
    let mut stack: Vec<(u8, usize)> = Vec::new();
    loop {
        let Some(first) = c.bump() else {
            errors.push(SyntaxError::new(
                so.list.start..so.list.start + 1,
                format!("the `{list}` list is never closed"),
                "this `[` has no matching `]`",
                Some("add `]` after the last entry".into()),
            ));
            return ListEnd::Lost;
        };
        let prev_end = so.entries.last().map_or(so.list.start + 1, |e| e.end);
        match first.kind {
            Tok::Close(b']') => {
                so.list.end = first.end;
                return ListEnd::Closed;
            }
            Tok::Comma => {
                if !after_mismatch {
                    errors.push(SyntaxError::new(
                        first.start..first.end,
                        "expected an entry, found `,`",
                        "extra comma",
                        Some("remove the extra comma".into()),
                    ));
                }
                continue;
            }
            // `)` closing the file: the list's `]` is missing.
            Tok::Close(b')') if c.peek().is_none() => {
                if !after_mismatch {
                    errors.push(unclosed(prev_end));
                }
                c.seek(first.start);
                so.list.end = prev_end;
                return ListEnd::Unclosed;
            }
            Tok::Close(other) => {
                errors.push(
                    SyntaxError::new(
                        first.start..first.end,
                        format!("mismatched `{}`: the `{list}` list is closed by `]`", other as char),
                        "unexpected closing bracket",
                        Some("check the brackets of the entry before it".into()),
                    )
                    .with_related(so.list.start..so.list.start + 1, "the list starts here"),
                );
                after_mismatch = true;
                continue;
            }
            _ if starts_section(c, first) => {
                if !after_mismatch {
                    errors.push(unclosed(prev_end));
                }
                c.seek(first.start);
                so.list.end = prev_end;
                return ListEnd::Unclosed;
            }
            _ => {}
        }
        // One entry: from `first` to the depth-0 `,` or `]`.
        match entry(c, first, so, errors, &mut stack, &starts_section) {
            Ok((last, sound)) => {
                after_mismatch = !sound;
                so.entries.push(first.start..last.end);
                so.sound.push(sound);
            }
            Err(lost) => return lost,
        }
    }
}

/// Reads one entry, from `first` to the `,` or `]` at depth 0: the last token of the entry and
/// whether its brackets are sound. At an error the list cannot get past, the entry is recorded
/// as unsound and `Err(ListEnd::Lost)` returned.
fn entry(
    c: &mut Cursor<'_>,
    first: Token,
    so: &mut SectionOutline,
    errors: &mut Vec<SyntaxError>,
    stack: &mut Vec<(u8, usize)>,
    starts_section: &impl Fn(&Cursor<'_>, Token) -> bool,
) -> Result<(Token, bool), ListEnd> {
    let list = so.section.name();
    stack.clear();
    let mut last;
    let mut sound = true;
    let mut t = first;
    loop {
        match t.kind {
            Tok::Open(o) => stack.push((o, t.start)),
            Tok::Close(k) => match stack.last() {
                Some(&(o, _)) if closer_of(o) == k => {
                    stack.pop();
                }
                Some(&(o, at)) => {
                    if sound {
                        errors.push(
                            SyntaxError::new(
                                t.start..t.end,
                                format!("mismatched `{}`: expected `{}`", k as char, closer_of(o) as char),
                                format!("expected `{}`", closer_of(o) as char),
                                Some("add or remove a bracket".into()),
                            )
                            .with_related(at..at + 1, format!("to close this `{}`", o as char)),
                        );
                    }
                    sound = false;
                    let next = c.peek();
                    let field_follows = next.is_some_and(|n| n.kind == Tok::Comma)
                        && next.and_then(|n| c.after(n)).is_some_and(|n| n.kind == Tok::Ident)
                        && next.and_then(|n| c.after(n)).and_then(|n| c.after(n)).is_some_and(|n| n.kind == Tok::Colon);
                    if next.is_some_and(|n| n.kind == Tok::Close(closer_of(o))) {
                        // Two closers swapped (`)]` for `])`): take them as the pair.
                        stack.pop();
                        if stack.last().is_some_and(|&(o, _)| closer_of(o) == k) {
                            stack.pop();
                        }
                        t = c.bump().expect("peeked a token");
                    } else if let Some(i) = stack.iter().rposition(|&(o, _)| closer_of(o) == k) {
                        // The closer of a bracket further out: the ones inside it are unclosed.
                        stack.truncate(i);
                    } else if !field_follows {
                        // A closer that closes nothing open, and the entry goes on (`], name:`)
                        // is a stray; otherwise it is taken for the closer of the innermost.
                        stack.pop();
                    }
                }
                // Closers at depth 0 end the entry before they are read.
                None => {}
            },
            Tok::Str { terminated: false } => {
                let mut error = SyntaxError::new(
                    t.start..(t.start + 1),
                    "unterminated string",
                    "this string never ends",
                    Some("add the closing `\"`; a `\"` inside a string is written `\\\"`".into()),
                );
                // A quote missing further up pairs every later quote wrongly, so the string
                // reported is rarely the one to fix: show the first that spans lines.
                // Looked for only now: scanning every string for a line end would cost a
                // second pass over most of the file's bytes.
                if let Some(m) = first_multiline_string(c.text, so.list.start, t.start) {
                    error = error.with_related(
                        m.start..m.start + 1,
                        "this string runs over a line end: is its closing `\"` missing?",
                    );
                }
                errors.push(error);
                so.entries.push(first.start..t.end);
                so.sound.push(false);
                return Err(ListEnd::Lost);
            }
            Tok::Comment { terminated: false } => {
                errors.push(unclosed_comment(t));
                so.entries.push(first.start..t.end);
                so.sound.push(false);
                return Err(ListEnd::Lost);
            }
            _ => {}
        }
        last = t;
        let next = c.peek();
        match next {
            None => {
                let (o, at) = stack.last().copied().unwrap_or((b'[', so.list.start));
                errors.push(SyntaxError::new(
                    at..at + 1,
                    format!("unexpected end of file: this `{}` is never closed", o as char),
                    format!("no matching `{}`", closer_of(o) as char),
                    Some(format!("add `{}` where the entry ends", closer_of(o) as char)),
                ));
                so.entries.push(first.start..last.end);
                so.sound.push(false);
                return Err(ListEnd::Lost);
            }
            Some(n) if stack.is_empty() => match n.kind {
                Tok::Comma => {
                    c.bump();
                    break;
                }
                Tok::Close(_) => break,
                // The next section's name: this list was not closed.
                Tok::Ident if starts_section(c, n) => break,
                // A value that just ended, followed by the start of another: a missing comma.
                Tok::Ident | Tok::Open(_) | Tok::Str { .. } | Tok::Number
                    if matches!(last.kind, Tok::Close(_) | Tok::Str { .. } | Tok::Number)
                        || (last.kind == Tok::Ident && !matches!(n.kind, Tok::Open(_))) =>
                {
                    errors.push(SyntaxError::new(
                        last.end..last.end,
                        format!("expected `,` between two entries of `{list}`"),
                        "missing `,`",
                        Some("add a comma after this entry".into()),
                    ));
                    break;
                }
                _ => {}
            },
            Some(_) => {}
        }
        t = c.bump().expect("peeked a token");
    }
    Ok((last, sound))
}

/// The first string token from byte `from` to byte `to` of `text` that spans lines.
fn first_multiline_string(text: &str, from: usize, to: usize) -> Option<Token> {
    Lexer::at(text, from)
        .take_while(|t| t.start < to)
        .find(|t| matches!(t.kind, Tok::Str { terminated: true }) && text[t.start..t.end].contains('\n'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::navigate::*;

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

    fn messages(o: &Outline) -> Vec<&str> {
        o.errors.iter().map(|e| e.message.as_str()).collect()
    }

    fn entry_texts<'t>(text: &'t str, o: &Outline, section: usize) -> Vec<&'t str> {
        o.sections[section].entries.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn a_wrong_closer_is_reported_once_and_the_entries_after_it_still_load() {
        let text =
            "Graph(actors: [A(id: \"a\"], B(id: \"b\"), C(x: [1), D(y: [2)], E(z: \"e\"], w: 1)], relations: [])";
        let o = outline(text);
        assert_eq!(
            messages(&o),
            [
                "mismatched `]`: expected `)`",
                "mismatched `)`: expected `]`",
                "mismatched `)`: expected `]`",
                "mismatched `]`: expected `)`"
            ]
        );
        assert_eq!(
            entry_texts(text, &o, 0),
            ["A(id: \"a\"]", "B(id: \"b\")", "C(x: [1)", "D(y: [2)]", "E(z: \"e\"], w: 1)"]
        );
        assert_eq!(o.sections[0].sound, [false, true, false, false, false]);
        assert_eq!(o.sections.len(), 2);
        assert!(!o.truncated);
        // The bracket the closer was meant for is shown too.
        let open = text.find("A(").unwrap() + 1;
        assert_eq!(o.errors[0].related, vec![(open..open + 1, "to close this `(`".to_owned())]);
    }

    #[test]
    fn a_list_left_open_ends_where_the_next_section_starts() {
        let text = "Graph(actors: [A(id: \"a\")\n relations: [R()], sources: [])";
        let o = outline(text);
        assert_eq!(messages(&o), ["expected `]` to close the `actors` list"]);
        assert_eq!(
            o.sections.iter().map(|s| s.section).collect::<Vec<_>>(),
            [Section::Actors, Section::Relations, Section::Sources]
        );
        assert_eq!(entry_texts(text, &o, 1), ["R()"]);
        let closed_by_paren = "Graph(actors: [A(id: \"a\")), relations: [R()])";
        let o = outline(closed_by_paren);
        assert_eq!(messages(&o), ["mismatched `)`: the `actors` list is closed by `]`"]);
        assert_eq!(entry_texts(closed_by_paren, &o, 1), ["R()"]);
    }

    #[test]
    fn an_unknown_section_is_passed_over() {
        let text = "Graph(actor: [A(id: \"x\", n: (1, [2]))], actors: [B()], colour: 3, relations: [R()])";
        let o = outline(text);
        assert_eq!(messages(&o), ["unknown section `actor` in `Graph`", "unknown section `colour` in `Graph`"]);
        assert_eq!(o.sections.iter().map(|s| s.section).collect::<Vec<_>>(), [Section::Actors, Section::Relations]);
        assert!(!o.truncated);
        let list = text.find("[A(").unwrap()..text.find("], actors").unwrap() + 1;
        let three = text.find('3').unwrap();
        assert_eq!(
            o.skipped,
            vec![
                Skipped { range: list, section: Some(Section::Actors) },
                Skipped { range: three..three + 1, section: None }
            ]
        );
    }

    #[test]
    fn a_misspelt_or_missing_form_name_is_read_on() {
        for text in ["Grahp(actors: [A()])", "(actors: [A()])", "Foo(actors: [A()])"] {
            let o = outline(text);
            assert_eq!(o.errors.len(), 1, "{text}: {:?}", o.errors);
            assert_eq!(o.form, Some(FileForm::Graph), "{text}");
            assert_eq!(o.sections[0].entries.len(), 1, "{text}");
        }
        let o = outline("Foo(bar: [A()])");
        assert!(o.truncated && o.form.is_none());
        assert_eq!(o.skipped, vec![Skipped { range: 3..15, section: None }]);
    }

    #[test]
    fn a_hash_comment_is_an_error_and_the_rest_still_loads() {
        let text = "# notes\n#![enable(implicit_some)]\n# more ( [\nGraph(actors: [A()])";
        let o = outline(text);
        assert_eq!(messages(&o), ["unexpected `#`: comments are written `//`"; 2]);
        assert_eq!(o.sections[0].entries.len(), 1);
        assert!(outline("#![enable(implicit_some)").truncated);
    }

    #[test]
    fn an_unclosed_block_comment_is_reported_once_wherever_it_is() {
        for text in [
            "/* open",
            "Graph(/* open",
            "Graph(actors: /* open",
            "Graph(actors: [/* open",
            "Graph(actors: [A(/* open",
            "Graph(actors: [A()] /* open",
            "Graph() /* open",
            "Graph(actors: [A()], /* open",
        ] {
            let o = outline(text);
            assert_eq!(messages(&o), ["unterminated block comment"], "{text}");
            assert_eq!(o.errors[0].range.start, text.find("/*").unwrap(), "{text}");
        }
        let o = outline("Graph(actor: [/* open");
        assert_eq!(messages(&o), ["unknown section `actor` in `Graph`", "unterminated block comment"]);
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
