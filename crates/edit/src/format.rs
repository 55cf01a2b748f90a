//! Canonical formatting of data files, driven by the lexer's token stream so comments survive.
//!
//! The rules: four spaces of indentation per level; the top-level value and its section lists
//! are always broken, one entry per line; any other bracketed value stays on one line when it
//! was written on one line, holds no comment and fits in [`WIDTH`] columns, and is otherwise
//! broken with a trailing comma after every item. In a broken value, items the author put on
//! one line stay together while the line fits; a value that had to be broken for width gets
//! one item per line. Comments are kept where they were (on their own line, or at the end of
//! the line they ended), and blank lines between items are kept (several collapse into one).
//!
//! Only whitespace, commas and the layout of comments change: every other token is printed
//! as written, in the same order, so formatting cannot change what a file means. Formatting
//! is idempotent.

use diplograph_syntax::lexer::{Lexer, Tok, Token};

/// The line width the formatter aims for. Lines may still be longer when a single item (a
/// long note, say) does not fit.
pub const WIDTH: usize = 100;

const INDENT: usize = 4;
/// Deeper nesting than this is refused (valid data nests a few levels; ron stops at 128).
const MAX_DEPTH: usize = 200;

/// Why a text could not be formatted: it is not well-formed enough to be laid out.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct FormatError {
    /// Byte offset of the problem.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// Formats a whole data file. Line endings (`\n` or `\r\n`) are kept; the result ends with
/// one newline. A lone `\r` (old Mac line endings) is refused.
pub fn format(text: &str) -> Result<String, FormatError> {
    if let Some(offset) = diplograph_syntax::lexer::lone_carriage_return(text) {
        // Not a line break to RON: formatting would keep a comment that swallows what follows.
        return Err(FormatError {
            offset,
            message: "a lone carriage return (CR, old Mac line endings) ends this line; convert the file's \
                      line endings to LF (for example with `mac2unix FILE`)"
                .into(),
        });
    }
    let lf = line_breaks(text, "\n");
    // CRLF when any line break outside a string is.
    let crlf = lf != text;
    let mut p = Parser::new(&lf);
    let file = p.file()?;
    let mut out = String::with_capacity(lf.len() + lf.len() / 8);
    print_file(&file, &mut out);
    Ok(if crlf { line_breaks(&out, "\r\n") } else { out })
}

/// `text` with every line break outside string literals written `to` (`"\n"` or `"\r\n"`); a
/// line break inside a string is part of its value and stays as written.
fn line_breaks(text: &str, to: &str) -> String {
    let convert = |s: &str, out: &mut String| {
        let lf = s.replace("\r\n", "\n");
        out.push_str(&if to == "\n" { lf } else { lf.replace('\n', to) });
    };
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut at = 0;
    for t in Lexer::at(text, 0).filter(|t| matches!(t.kind, Tok::Str { .. })) {
        convert(&text[at..t.start], &mut out);
        out.push_str(&text[t.start..t.end]);
        at = t.end;
    }
    convert(&text[at..], &mut out);
    out
}

/// Formats one value (an entry such as `Country(...)`) to sit at `indent` spaces: the first
/// line carries no indentation, the following ones are indented from `indent`.
pub(crate) fn format_value(text: &str, indent: usize) -> Result<String, FormatError> {
    let mut p = Parser::new(text);
    let first = p.next_significant_or_comment();
    let Some(first) = first else {
        return Err(FormatError { offset: 0, message: "nothing to format".into() });
    };
    if matches!(first.tok.kind, Tok::Comment { .. }) {
        return Err(FormatError { offset: first.tok.start, message: "a value cannot start with a comment".into() });
    }
    let value = p.value(first, 0)?;
    if let Some(t) = p.next_significant_or_comment() {
        return Err(FormatError { offset: t.tok.start, message: "more than one value".into() });
    }
    let mut out = String::new();
    print_value(&value, indent, indent + 1, false, &mut out);
    Ok(out)
}

#[derive(Clone, Debug)]
struct Comment {
    text: String,
    blank_before: bool,
}

#[derive(Clone, Debug)]
struct Item {
    leading: Vec<Comment>,
    blank_before: bool,
    newline_before: bool,
    key: Option<String>,
    value: Node,
    trailing: Vec<String>,
}

#[derive(Clone, Debug)]
enum Node {
    Atom(String),
    Group(Group),
}

#[derive(Clone, Debug)]
struct Group {
    name: Option<String>,
    open: char,
    close: char,
    items: Vec<Item>,
    dangling: Vec<Comment>,
    multiline: bool,
}

struct File {
    header: Vec<Comment>,
    attributes: Vec<String>,
    value: Option<(bool, Node)>,
    trailing: Vec<String>,
    footer: Vec<Comment>,
}

#[derive(Clone, Copy)]
struct Lexed {
    tok: Token,
    /// Newlines between the previous token (comments included) and this one.
    newlines: usize,
}

struct Parser<'a> {
    text: &'a str,
    lexer: Lexer<'a>,
    prev_end: usize,
    peeked: Option<Option<Lexed>>,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Self { text, lexer: Lexer::at(text, 0), prev_end: 0, peeked: None }
    }

    fn next_significant_or_comment(&mut self) -> Option<Lexed> {
        if let Some(p) = self.peeked.take() {
            return p;
        }
        let tok = self.lexer.next()?;
        let newlines = self.text[self.prev_end..tok.start].bytes().filter(|&b| b == b'\n').count();
        self.prev_end = tok.end;
        Some(Lexed { tok, newlines })
    }

    fn peek(&mut self) -> Option<Lexed> {
        if self.peeked.is_none() {
            let t = self.next_significant_or_comment();
            self.peeked = Some(t);
        }
        self.peeked.flatten()
    }

    fn slice(&self, t: Token) -> &'a str {
        &self.text[t.start..t.end]
    }

    fn comment(&self, l: Lexed) -> Result<Comment, FormatError> {
        if l.tok.kind == (Tok::Comment { terminated: false }) {
            return Err(FormatError { offset: l.tok.start, message: "this block comment is never closed".into() });
        }
        Ok(Comment { text: self.slice(l.tok).trim_end().to_owned(), blank_before: l.newlines >= 2 })
    }

    fn unexpected(&self, l: Option<Lexed>, what: &str) -> FormatError {
        match l {
            Some(l) => FormatError {
                offset: l.tok.start,
                message: format!("expected {what}, found `{}`", self.slice(l.tok).chars().take(20).collect::<String>()),
            },
            None => {
                FormatError { offset: self.text.len(), message: format!("expected {what}, found the end of the file") }
            }
        }
    }

    fn file(&mut self) -> Result<File, FormatError> {
        let mut file =
            File { header: Vec::new(), attributes: Vec::new(), value: None, trailing: Vec::new(), footer: Vec::new() };
        loop {
            let Some(l) = self.next_significant_or_comment() else { return Ok(file) };
            match l.tok.kind {
                Tok::Comment { .. } => file.header.push(self.comment(l)?),
                Tok::Other if self.slice(l.tok) == "#" => {
                    let attribute = self.attribute(l)?;
                    file.attributes.push(attribute);
                }
                _ => {
                    let blank = l.newlines >= 2 && !file.header.is_empty();
                    let value = self.value(l, 0)?;
                    file.value = Some((blank, value));
                    break;
                }
            }
        }
        while let Some(l) = self.next_significant_or_comment() {
            match l.tok.kind {
                Tok::Comment { .. } if l.newlines == 0 && file.footer.is_empty() => {
                    file.trailing.push(self.comment(l)?.text);
                }
                Tok::Comment { .. } => file.footer.push(self.comment(l)?),
                _ => return Err(self.unexpected(Some(l), "nothing after the top-level value")),
            }
        }
        Ok(file)
    }

    /// `#![enable(...)]` from its `#`: kept as written on a line of its own, but for the trailing
    /// spaces of its lines. Anything else after a `#` is refused, not copied.
    fn attribute(&mut self, hash: Lexed) -> Result<String, FormatError> {
        let start = hash.tok.start;
        let bang = self.next_significant_or_comment();
        if !bang.is_some_and(|b| b.tok.kind == Tok::Other && self.slice(b.tok) == "!") {
            return Err(self.unexpected(bang, "`!` after `#` (an attribute reads `#![enable(...)]`)"));
        }
        let open = self.next_significant_or_comment();
        if !open.is_some_and(|o| o.tok.kind == Tok::Open(b'[')) {
            return Err(self.unexpected(open, "`[` after `#!` (an attribute reads `#![enable(...)]`)"));
        }
        let mut depth = 1usize;
        // Copied token by token; between tokens, the spaces that end a line are dropped.
        let mut at = open.map_or(start, |o| o.tok.end);
        let mut out = self.text[start..at].to_owned();
        loop {
            let Some(t) = self.next_significant_or_comment() else {
                return Err(FormatError { offset: start, message: "unclosed attribute".into() });
            };
            out.push_str(&without_line_end_spaces(&self.text[at..t.tok.start]));
            let token = &self.text[t.tok.start..t.tok.end];
            at = t.tok.end;
            match t.tok.kind {
                Tok::Open(_) => depth += 1,
                Tok::Close(_) => {
                    depth -= 1;
                    if depth == 0 {
                        out.push_str(token);
                        return Ok(out);
                    }
                }
                // Names and their separators only: a string (its spaces are its value) or
                // anything else is not an attribute.
                Tok::Ident | Tok::Comma => {}
                Tok::Comment { terminated: true } if !token.contains('\n') => {
                    out.push_str(token.trim_end_matches([' ', '\t']));
                    continue;
                }
                _ => return Err(self.unexpected(Some(t), "names in an attribute (it reads `#![enable(...)]`)")),
            }
            out.push_str(token);
        }
    }

    fn value(&mut self, first: Lexed, depth: usize) -> Result<Node, FormatError> {
        if depth > MAX_DEPTH {
            return Err(FormatError { offset: first.tok.start, message: "nested too deeply".into() });
        }
        match first.tok.kind {
            Tok::Open(b) => self.group(None, first.tok, b, depth),
            Tok::Ident => match self.peek() {
                Some(Lexed { tok: t @ Token { kind: Tok::Open(b), .. }, .. }) => {
                    self.peeked = None;
                    self.group(Some(self.slice(first.tok).to_owned()), t, b, depth)
                }
                _ => Ok(Node::Atom(self.slice(first.tok).to_owned())),
            },
            Tok::Str { terminated: false } => {
                Err(FormatError { offset: first.tok.start, message: "this string is never closed".into() })
            }
            Tok::Str { .. } | Tok::Number | Tok::Other => Ok(Node::Atom(self.slice(first.tok).to_owned())),
            Tok::Close(_) | Tok::Comma | Tok::Colon | Tok::Comment { .. } => {
                Err(self.unexpected(Some(first), "a value"))
            }
        }
    }

    fn group(&mut self, name: Option<String>, open: Token, b: u8, depth: usize) -> Result<Node, FormatError> {
        let close = match b {
            b'(' => b')',
            b'[' => b']',
            _ => b'}',
        };
        let mut g = Group {
            name,
            open: b as char,
            close: close as char,
            items: Vec::new(),
            dangling: Vec::new(),
            multiline: false,
        };
        let mut leading: Vec<Comment> = Vec::new();
        // Whether the last token read ended an item (its value or its comma): a comment on the
        // same line then belongs to that item.
        let mut after_item = false;
        loop {
            let Some(l) = self.next_significant_or_comment() else {
                return Err(FormatError { offset: open.start, message: "this bracket is never closed".into() });
            };
            match l.tok.kind {
                Tok::Comment { .. } => {
                    let c = self.comment(l)?;
                    match g.items.last_mut() {
                        Some(last) if after_item && l.newlines == 0 => last.trailing.push(c.text),
                        _ => {
                            after_item = false;
                            leading.push(c);
                        }
                    }
                }
                Tok::Close(c) if c == close => {
                    g.dangling = leading;
                    g.multiline = self.text[open.start..l.tok.end].contains('\n');
                    return Ok(Node::Group(g));
                }
                Tok::Comma if after_item => {}
                _ => {
                    let newline_before = l.newlines > 0 || !leading.is_empty();
                    let blank_before = l.newlines >= 2;
                    let mut first = l;
                    let mut key = None;
                    if matches!(first.tok.kind, Tok::Ident | Tok::Str { terminated: true })
                        && self.peek().is_some_and(|n| n.tok.kind == Tok::Colon)
                    {
                        self.peeked = None;
                        key = Some(self.slice(first.tok).to_owned());
                        first = loop {
                            let n = self.next_significant_or_comment();
                            match n {
                                Some(n) if matches!(n.tok.kind, Tok::Comment { .. }) => leading.push(self.comment(n)?),
                                Some(n) => break n,
                                None => return Err(self.unexpected(None, "a value")),
                            }
                        };
                    }
                    let value = self.value(first, depth + 1)?;
                    g.items.push(Item {
                        leading: std::mem::take(&mut leading),
                        blank_before,
                        newline_before,
                        key,
                        value,
                        trailing: Vec::new(),
                    });
                    after_item = true;
                    match self.peek() {
                        Some(Lexed { tok: Token { kind: Tok::Comma | Tok::Comment { .. }, .. }, .. }) => {}
                        Some(Lexed { tok: Token { kind: Tok::Close(c), .. }, .. }) if c == close => {}
                        other => return Err(self.unexpected(other, "`,` or a closing bracket")),
                    }
                }
            }
        }
    }
}

fn has_comments(g: &Group) -> bool {
    !g.dangling.is_empty()
        || g.items.iter().any(|i| {
            !i.leading.is_empty() || !i.trailing.is_empty() || matches!(&i.value, Node::Group(c) if has_comments(c))
        })
}

/// The value on one line, when it may be written so.
fn flat(node: &Node) -> Option<String> {
    match node {
        Node::Atom(s) => (!s.contains('\n')).then(|| s.clone()),
        Node::Group(g) => {
            if g.multiline || has_comments(g) {
                return None;
            }
            let mut s = String::new();
            if let Some(n) = &g.name {
                s.push_str(n);
            }
            s.push(g.open);
            for (i, item) in g.items.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                if let Some(k) = &item.key {
                    s.push_str(k);
                    s.push_str(": ");
                }
                s.push_str(&flat(&item.value)?);
            }
            s.push(g.close);
            Some(s)
        }
    }
}

fn width(s: &str) -> usize {
    s.chars().count()
}

/// Writes an item's leading comments, each on its own line, and the blank lines the author left
/// before them and before the item (never before the first line of a list), then indents the
/// item's first line.
fn start_item(out: &mut String, item: &Item, indent: usize, first: &mut bool) {
    for c in &item.leading {
        if c.blank_before && !*first {
            out.push('\n');
        }
        push_indent(out, indent);
        out.push_str(&c.text);
        out.push('\n');
        *first = false;
    }
    if item.blank_before && !*first {
        out.push('\n');
    }
    push_indent(out, indent);
}

fn push_indent(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

fn item_prefix(item: &Item) -> String {
    item.key.as_ref().map(|k| format!("{k}: ")).unwrap_or_default()
}

/// Prints `node` on a line where `used` columns are taken by other text (indentation, key,
/// trailing comma); lines after the first are indented from `indent`. `force` breaks a group
/// and puts one item on each line.
fn print_value(node: &Node, indent: usize, used: usize, force: bool, out: &mut String) {
    match node {
        Node::Atom(s) => out.push_str(s),
        Node::Group(g) => {
            if !force {
                if let Some(s) = flat(node) {
                    if used + width(&s) <= WIDTH {
                        out.push_str(&s);
                        return;
                    }
                }
            }
            print_broken(g, indent, force, out);
        }
    }
}

fn print_broken(g: &Group, indent: usize, force: bool, out: &mut String) {
    if let Some(n) = &g.name {
        out.push_str(n);
    }
    out.push(g.open);
    if g.items.is_empty() && g.dangling.is_empty() {
        out.push(g.close);
        return;
    }
    out.push('\n');
    let inner = indent + INDENT;
    let mut first = true;
    // The current line: its width, and whether another item may still join it.
    let mut line: Option<(usize, bool)> = None;
    for item in &g.items {
        let prefix = item_prefix(item);
        let flat_item = flat(&item.value).map(|s| format!("{prefix}{s},"));
        let joinable = !force
            && g.multiline
            && !item.newline_before
            && item.leading.is_empty()
            && line.is_some_and(|(w, ok)| ok && flat_item.as_ref().is_some_and(|f| w + 1 + width(f) <= WIDTH));
        if joinable {
            let f = flat_item.as_deref().unwrap_or_default();
            out.push(' ');
            out.push_str(f);
            line = line.map(|(w, _)| (w + 1 + width(f), true));
        } else {
            if line.take().is_some() {
                out.push('\n');
            }
            start_item(out, item, inner, &mut first);
            let start = out.len();
            out.push_str(&prefix);
            print_value(&item.value, inner, inner + width(&prefix) + 1, false, out);
            out.push(',');
            let written = &out[start..];
            let single = !written.contains('\n');
            line = Some((inner + width(written), single && flat_item.is_some()));
        }
        first = false;
        if !item.trailing.is_empty() {
            out.push(' ');
            out.push_str(&item.trailing.join(" "));
            out.push('\n');
            line = None;
        }
    }
    if line.is_some() {
        out.push('\n');
    }
    for c in &g.dangling {
        if c.blank_before && !first {
            out.push('\n');
        }
        push_indent(out, inner);
        out.push_str(&c.text);
        out.push('\n');
        first = false;
    }
    push_indent(out, indent);
    out.push(g.close);
}

fn print_file(file: &File, out: &mut String) {
    for (i, c) in file.header.iter().enumerate() {
        if c.blank_before && i > 0 {
            out.push('\n');
        }
        out.push_str(&c.text);
        out.push('\n');
    }
    for a in &file.attributes {
        out.push_str(a);
        out.push('\n');
    }
    if let Some((blank, value)) = &file.value {
        if *blank {
            out.push('\n');
        }
        match value {
            Node::Group(g) => {
                // The top level: always broken, one section a line; sections one entry a line.
                if let Some(n) = &g.name {
                    out.push_str(n);
                }
                out.push(g.open);
                if g.items.is_empty() && g.dangling.is_empty() {
                    out.push(g.close);
                } else {
                    out.push('\n');
                    let mut first = true;
                    for item in &g.items {
                        start_item(out, item, INDENT, &mut first);
                        let prefix = item_prefix(item);
                        out.push_str(&prefix);
                        let force =
                            matches!(&item.value, Node::Group(s) if !s.items.is_empty() || !s.dangling.is_empty());
                        print_value(&item.value, INDENT, INDENT + width(&prefix) + 1, force, out);
                        out.push(',');
                        if !item.trailing.is_empty() {
                            out.push(' ');
                            out.push_str(&item.trailing.join(" "));
                        }
                        out.push('\n');
                        first = false;
                    }
                    for c in &g.dangling {
                        if c.blank_before && !first {
                            out.push('\n');
                        }
                        push_indent(out, INDENT);
                        out.push_str(&c.text);
                        out.push('\n');
                        first = false;
                    }
                    out.push(g.close);
                }
            }
            Node::Atom(s) => out.push_str(s),
        }
        if !file.trailing.is_empty() {
            out.push(' ');
            out.push_str(&file.trailing.join(" "));
        }
        out.push('\n');
    }
    for (i, c) in file.footer.iter().enumerate() {
        if c.blank_before && (i > 0 || file.value.is_some()) {
            out.push('\n');
        }
        out.push_str(&c.text);
        out.push('\n');
    }
}

/// `gap` with the spaces and tabs that end each of its lines dropped.
fn without_line_end_spaces(gap: &str) -> String {
    let mut out = String::with_capacity(gap.len());
    let mut lines = gap.split('\n').peekable();
    while let Some(line) = lines.next() {
        if lines.peek().is_some() {
            out.push_str(line.trim_end_matches([' ', '\t']));
            out.push('\n');
        } else {
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_comments_and_blank_lines_and_normalises_layout() {
        let text = "// head\n\nGraph(actors:[\n  Country(id:\"a\",name:\"A\"), // trailing\n\n\n  /* block */ Country(id: \"b\",\n name: \"B\")\n  // dangling\n])";
        let out = format(text).unwrap();
        assert_eq!(
            out,
            "// head\n\nGraph(\n    actors: [\n        Country(id: \"a\", name: \"A\"), // trailing\n\n        /* block */\n        Country(\n            id: \"b\",\n            name: \"B\",\n        ),\n        // dangling\n    ],\n)\n"
        );
        assert_eq!(format(&out).unwrap(), out);
    }

    #[test]
    fn breaks_long_lines_one_item_per_line() {
        let long = "x".repeat(90);
        let text = format!("Graph(actors: [Country(id: \"a\", name: \"{long}\")])");
        let out = format(&text).unwrap();
        assert!(out.contains("        Country(\n            id: \"a\",\n            name: \"x"), "{out}");
        assert_eq!(format(&out).unwrap(), out);
    }

    #[test]
    fn keeps_fields_the_author_grouped_while_they_fit() {
        let text = "Graph(\n    actors: [\n        Country(\n            id: \"a\", name: \"A\",\n            tags: [\"x\"],\n        ),\n    ],\n)\n";
        assert_eq!(format(text).unwrap(), text);
    }

    #[test]
    fn keeps_crlf_and_refuses_broken_input() {
        let text = "Graph(\r\n    actors: [],\r\n)\r\n";
        assert_eq!(format(text).unwrap(), text);
        assert!(format("Graph(actors: [").is_err());
        assert!(format("Graph(actors: [\"x])").is_err());
        assert!(format(&format!("Graph(actors: [{}])", "[".repeat(1000))).is_err());
    }

    #[test]
    fn line_breaks_inside_strings_are_kept_as_written() {
        // Found by the property tests: a CRLF file whose string holds a bare line feed had it
        // made CRLF, which changed the string.
        for (text, string, line_break) in [
            ("Graph(\r\n    actors: [Country(id: \"a\", name: \"A\nB\")],\r\n)\r\n", "\"A\nB\"", "\r\n"),
            ("Graph(\n    actors: [Country(id: \"a\", name: \"A\r\nB\")],\n)\n", "\"A\r\nB\"", "\n"),
        ] {
            let once = format(text).unwrap();
            assert!(once.contains(string), "{once:?}");
            assert!(once.ends_with(&format!("){line_break}")), "{once:?}");
            assert_eq!(format(&once).unwrap(), once);
        }
    }

    #[test]
    fn a_lone_carriage_return_is_refused_where_it_is() {
        let text = "// old Mac\rGraph(actors: [])\r";
        let e = format(text).unwrap_err();
        assert_eq!(e.offset, 10);
        assert!(e.message.contains("lone carriage return"), "{}", e.message);
    }

    #[test]
    fn formats_a_value_at_an_indent() {
        let v = format_value("Relation(\nsubject: \"a\", kind: \"k\", object: \"b\",\nnote: \"n\")", 8).unwrap();
        assert_eq!(
            v,
            "Relation(\n            subject: \"a\", kind: \"k\", object: \"b\",\n            note: \"n\",\n        )"
        );
        assert_eq!(format_value("Country(id: \"a\", name: \"A\")", 8).unwrap(), "Country(id: \"a\", name: \"A\")");
    }
}
