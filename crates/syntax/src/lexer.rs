//! A small error-tolerant RON lexer: enough to split files into entries and to find fields.
//!
//! It never recurses and never fails: unterminated strings and comments become tokens that run
//! to the end of the input, flagged so callers can report them.

/// What a token is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Tok {
    /// `(`, `[` or `{`.
    Open(u8),
    /// `)`, `]` or `}`.
    Close(u8),
    /// `,`.
    Comma,
    /// `:`.
    Colon,
    /// An identifier (including `r#raw` ones), or a bare word such as `true`.
    Ident,
    /// A string, raw string, byte string or char literal; `terminated` is false at end of input.
    Str {
        /// Whether the literal is closed.
        terminated: bool,
    },
    /// A number.
    Number,
    /// `#`, `!` and any other single character.
    Other,
    /// A comment; `terminated` is false for a block comment left open.
    Comment {
        /// Whether the comment is closed.
        terminated: bool,
    },
}

/// A token and its byte range in the input.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Token {
    /// What the token is.
    pub kind: Tok,
    /// Byte offset of its first byte.
    pub start: usize,
    /// Byte offset just past its last byte.
    pub end: usize,
}

/// Iterates over the tokens of a text, skipping whitespace; comments are tokens.
pub struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
}

impl<'a> Lexer<'a> {
    #[cfg(test)]
    /// A lexer at the start of `src`.
    pub fn new(src: &'a str) -> Self {
        Self { src: src.as_bytes(), pos: 0 }
    }

    /// Starts at byte `pos` of `src`.
    pub fn at(src: &'a str, pos: usize) -> Self {
        Self { src: src.as_bytes(), pos }
    }

    fn peek(&self, offset: usize) -> Option<u8> {
        self.src.get(self.pos + offset).copied()
    }

    /// The next token that is not a comment, or a block comment left open: it runs to the end
    /// of the input, and callers report it.
    pub fn next_significant(&mut self) -> Option<Token> {
        loop {
            let t = self.next()?;
            if t.kind != (Tok::Comment { terminated: true }) {
                return Some(t);
            }
        }
    }

    fn string_body(&mut self, quote: u8) -> bool {
        // Jump from escape to escape: strings are most of a data file's bytes.
        while let Some(i) = memchr::memchr2(quote, b'\\', &self.src[self.pos.min(self.src.len())..]) {
            let c = self.src[self.pos + i];
            self.pos += i + 1;
            if c == quote {
                return true;
            }
            if self.peek(0).is_some() {
                self.pos += 1;
            }
        }
        self.pos = self.src.len();
        false
    }

    fn raw_string_body(&mut self, hashes: usize) -> bool {
        while let Some(c) = self.peek(0) {
            self.pos += 1;
            if c == b'"' && (0..hashes).all(|i| self.peek(i) == Some(b'#')) {
                self.pos += hashes;
                return true;
            }
        }
        false
    }

    fn char_literal(&mut self) -> Tok {
        // 'x', '\n', '\'', '\u{1F600}'; a lone quote is some other character.
        let save = self.pos;
        self.pos += 1;
        if self.string_body(b'\'') && self.pos - save <= 12 {
            Tok::Str { terminated: true }
        } else {
            self.pos = save + 1;
            Tok::Other
        }
    }
}

/// The length in bytes of the whitespace character `bytes` starts with, or 0: RON's whitespace,
/// which is Unicode's Pattern_White_Space (ASCII spaces, tabs, line ends, vertical tab and
/// form feed, and U+0085, U+200E, U+200F, U+2028, U+2029).
fn whitespace_len(bytes: &[u8]) -> usize {
    match bytes {
        [b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C, ..] => 1,
        [0xC2, 0x85, ..] => 2,
        [0xE2, 0x80, 0x8E | 0x8F | 0xA8 | 0xA9, ..] => 3,
        _ => 0,
    }
}

impl Iterator for Lexer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        // ASCII spaces at once; the bytes that may start another whitespace character looked at
        // whole.
        while let Some(&b) = self.src.get(self.pos) {
            match b {
                b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => self.pos += 1,
                0xC2 | 0xE2 => match whitespace_len(&self.src[self.pos..]) {
                    0 => break,
                    n => self.pos += n,
                },
                _ => break,
            }
        }
        let start = self.pos;
        let c = self.peek(0)?;
        let kind = match c {
            b'(' | b'[' | b'{' => {
                self.pos += 1;
                Tok::Open(c)
            }
            b')' | b']' | b'}' => {
                self.pos += 1;
                Tok::Close(c)
            }
            b',' => {
                self.pos += 1;
                Tok::Comma
            }
            b':' => {
                self.pos += 1;
                Tok::Colon
            }
            b'"' => {
                self.pos += 1;
                Tok::Str { terminated: self.string_body(b'"') }
            }
            b'\'' => self.char_literal(),
            b'/' if self.peek(1) == Some(b'/') => {
                while self.peek(0).is_some_and(|c| c != b'\n') {
                    self.pos += 1;
                }
                Tok::Comment { terminated: true }
            }
            b'/' if self.peek(1) == Some(b'*') => {
                self.pos += 2;
                let mut depth = 1usize;
                while depth > 0 {
                    match (self.peek(0), self.peek(1)) {
                        (None, _) => break,
                        (Some(b'/'), Some(b'*')) => {
                            depth += 1;
                            self.pos += 2;
                        }
                        (Some(b'*'), Some(b'/')) => {
                            depth -= 1;
                            self.pos += 2;
                        }
                        _ => self.pos += 1,
                    }
                }
                Tok::Comment { terminated: depth == 0 }
            }
            b'b' if self.peek(1) == Some(b'"') => {
                self.pos += 2;
                Tok::Str { terminated: self.string_body(b'"') }
            }
            b'r' | b'b' if raw_string_hashes(&self.src[self.pos..]).is_some() => {
                let (prefix, hashes) = raw_string_hashes(&self.src[self.pos..]).unwrap_or((0, 0));
                self.pos += prefix;
                Tok::Str { terminated: self.raw_string_body(hashes) }
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 => {
                if c == b'r' && self.peek(1) == Some(b'#') {
                    self.pos += 2;
                }
                // An ASCII letter, digit or `_` is never whitespace: only the others are looked at.
                while let Some(c) = self.peek(0) {
                    let more = c.is_ascii_alphanumeric()
                        || c == b'_'
                        || (c >= 0x80 && whitespace_len(&self.src[self.pos..]) == 0);
                    if !more {
                        break;
                    }
                    self.pos += 1;
                }
                Tok::Ident
            }
            c if c.is_ascii_digit() || c == b'-' || c == b'+' || c == b'.' => {
                self.pos += 1;
                while self
                    .peek(0)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c == b'+' || c == b'-')
                {
                    self.pos += 1;
                }
                Tok::Number
            }
            _ => {
                // One character, whole (keep UTF-8 boundaries).
                self.pos += 1;
                while self.peek(0).is_some_and(|c| (0x80..0xC0).contains(&c)) {
                    self.pos += 1;
                }
                Tok::Other
            }
        };
        Some(Token { kind, start, end: self.pos })
    }
}

/// The byte offset of the first carriage return not followed by a line feed (old Mac line
/// endings), which no RON reader takes for a line break: a `//` comment before it would run on
/// past it. `None` when there is none.
pub fn lone_carriage_return(text: &str) -> Option<usize> {
    // Run on every byte of every file read: a vectorized search.
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'\r', bytes).find(|&at| bytes.get(at + 1) != Some(&b'\n'))
}

/// `text` with every lone carriage return made a line feed: the same length, so every byte
/// offset still points at the same character.
pub fn lone_carriage_returns_as_line_feeds(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('\r') {
        out.push_str(&rest[..i]);
        out.push(if rest[i + 1..].starts_with('\n') { '\r' } else { '\n' });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
    out
}

/// For `r"`, `r#"`, `br##"` ...: the length of the prefix up to and including `"`, and the
/// number of `#`.
fn raw_string_hashes(s: &[u8]) -> Option<(usize, usize)> {
    let mut i = match s {
        [b'r', ..] => 1,
        [b'b', b'r', ..] => 2,
        _ => return None,
    };
    let hashes_start = i;
    while s.get(i) == Some(&b'#') {
        i += 1;
    }
    (s.get(i) == Some(&b'"')).then_some((i + 1, i - hashes_start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<Tok> {
        Lexer::new(s).map(|t| t.kind).collect()
    }

    #[test]
    fn strings_and_comments_hide_brackets() {
        let s = r##"A(x: "a)\"]", y: r#"(")"#, /* ( /* nested ] */ */ z: 'a') // ]"##;
        let toks = kinds(s);
        assert_eq!(toks.iter().filter(|t| matches!(t, Tok::Open(_))).count(), 1);
        assert_eq!(toks.iter().filter(|t| matches!(t, Tok::Close(_))).count(), 1);
        assert!(toks.iter().all(|t| !matches!(t, Tok::Str { terminated: false } | Tok::Comment { terminated: false })));
    }

    #[test]
    fn unterminated_tokens_run_to_the_end() {
        assert_eq!(kinds("\"abc"), vec![Tok::Str { terminated: false }]);
        assert_eq!(kinds("/* abc"), vec![Tok::Comment { terminated: false }]);
        assert_eq!(kinds("r#\"abc\""), vec![Tok::Str { terminated: false }]);
    }

    #[test]
    fn lone_carriage_returns_are_found_and_made_line_feeds() {
        assert_eq!(lone_carriage_return("a\r\nb\nc"), None);
        assert_eq!(lone_carriage_return("a\r\nb\rc"), Some(4));
        assert_eq!(lone_carriage_return("ab\r"), Some(2));
        let text = "// x\rGraph(\r\n)\r";
        let lf = lone_carriage_returns_as_line_feeds(text);
        assert_eq!(lf, "// x\nGraph(\r\n)\n");
        assert_eq!(lone_carriage_return(&lf), None);
    }

    proptest::proptest! {
        /// The search finds the first carriage return that no line feed follows, as a scan of
        /// every byte does.
        #[test]
        fn a_lone_carriage_return_is_the_first_one_a_scan_finds(text in "[\r\na]{0,80}") {
            let bytes = text.as_bytes();
            let scanned = (0..bytes.len()).find(|&i| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            proptest::prop_assert_eq!(lone_carriage_return(&text), scanned);
        }
    }

    #[test]
    fn never_splits_utf8() {
        for t in Lexer::new("é → « x »") {
            assert!("é → « x »".is_char_boundary(t.start) && "é → « x »".is_char_boundary(t.end));
        }
    }
}
