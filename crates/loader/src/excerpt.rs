//! What a message shows of a file: only the lines its labels touch, a long line cut to a window
//! around its labels, control characters escaped; and the real line and column of every piece,
//! so that positions read as they do in the file.
//!
//! A message about a 50 MB line shows a few hundred characters of it; a name holding an escape
//! sequence shows `\u{1b}`, never a raw control character that a terminal would obey.

use std::ops::Range;

use codespan_reporting::files::{Error, Files, Location};

/// Lines up to this many characters are shown whole.
const MAX_LINE: usize = 160;
/// Characters shown on each side of the labels of a line cut to a window.
const CONTEXT: usize = 60;
/// A label spanning more lines than this shows its first and last lines only.
const MAX_SPAN_LINES: usize = 12;
/// Messages, labels and help longer than this (in characters) are cut.
const MAX_TEXT: usize = 400;

/// The text shown for `c`, a control character (C0 but tab and line feed, DEL, C1) or an
/// invisible formatting character that a terminal could obey or that could reorder text
/// (bidirectional overrides and isolates): escaped as RON writes it, `\u{1b}`. `None` for any
/// other character, shown as it is.
pub fn escaped_char(c: char) -> Option<String> {
    let control =
        (c.is_control() && c != '\t' && c != '\n') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    control.then(|| format!("\\u{{{:x}}}", c as u32))
}

/// `text` with its control characters escaped (see [`escaped_char`]) and cut to `MAX_TEXT`
/// characters: how user data is shown in a message.
pub fn shown(text: &str) -> String {
    // Most of what messages show is short printable ASCII, shown as it is.
    if text.len() <= MAX_TEXT && text.bytes().all(|b| b == b'\t' || b == b'\n' || (b' '..=b'~').contains(&b)) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len().min(MAX_TEXT * 4));
    for (count, c) in text.chars().enumerate() {
        if count == MAX_TEXT {
            out.push('…');
            break;
        }
        match escaped_char(c) {
            Some(e) => out.push_str(&e),
            None => out.push(c),
        }
    }
    out
}

/// The name of a character that cannot be seen, or that looks like a plain space but is not
/// one to RON: `a non-breaking space (U+00A0)`. `None` for any other character.
pub(crate) fn invisible(c: char) -> Option<String> {
    let name = match c {
        '\u{FEFF}' => "a byte-order mark",
        '\u{A0}' => "a non-breaking space",
        '\u{202F}' => "a narrow non-breaking space",
        '\u{2007}' => "a figure space",
        '\u{3000}' => "an ideographic space",
        '\u{2000}'..='\u{200A}' => "a typographic space",
        '\u{200B}' => "a zero-width space",
        '\u{200C}' => "a zero-width non-joiner",
        '\u{200D}' => "a zero-width joiner",
        '\u{2060}' => "a word joiner",
        '\u{AD}' => "a soft hyphen",
        '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => "a text direction mark",
        '\u{2028}' => "a line separator",
        '\u{2029}' => "a paragraph separator",
        '\0' => "a NUL character",
        c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => "a control character",
        _ => return None,
    };
    Some(format!("{name} (U+{:04X})", c as u32))
}

/// Where every line of a file starts.
pub(crate) fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)).collect()
}

/// One line of an excerpt.
struct Line {
    /// The real 1-based line number.
    number: usize,
    /// Its range in the excerpt's text (without the line feed).
    range: Range<usize>,
    /// For every real character shown and for the end of the window: its real byte offset, the
    /// excerpt's byte offset where it is shown, and its real 1-based column.
    points: Vec<(usize, usize, usize)>,
}

/// The part of one file one message shows.
pub(crate) struct Excerpt {
    name: String,
    text: String,
    lines: Vec<Line>,
}

impl Excerpt {
    /// The lines of `text` (whose lines start at `starts`) that the `ranges` touch. A long line
    /// is cut to a window around its ranges, or around the first when they are far apart.
    pub(crate) fn new(name: &str, text: &str, starts: &[usize], ranges: &[Range<usize>]) -> Excerpt {
        let line_of = |offset: usize| starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let mut wanted: Vec<usize> = Vec::new();
        for r in ranges {
            let (first, last) = (line_of(r.start), line_of(r.end.saturating_sub(1).max(r.start)));
            if last - first < MAX_SPAN_LINES {
                wanted.extend(first..=last);
            } else {
                wanted.extend((first..first + 3).chain(last - 2..=last));
            }
        }
        wanted.sort_unstable();
        wanted.dedup();
        let mut excerpt = Excerpt { name: shown(name), text: String::new(), lines: Vec::with_capacity(wanted.len()) };
        for (k, &index) in wanted.iter().enumerate() {
            // As codespan shows a whole file: one line between two shown is shown too, and a
            // longer gap is a break (two empty lines here, which it shows as `·`).
            match k.checked_sub(1).map(|k| index - wanted[k]) {
                Some(2) => excerpt.push_numbered(text, starts, index - 1, &[]),
                Some(gap) if gap > 2 => {
                    for _ in 0..2 {
                        excerpt.push_empty(starts[index]);
                    }
                }
                _ => {}
            }
            let (start, end) = (starts[index], starts.get(index + 1).map_or(text.len(), |&next| next - 1));
            let labels: Vec<Range<usize>> = ranges
                .iter()
                .filter(|r| r.start <= end && r.end >= start)
                .map(|r| r.start.max(start)..r.end.min(end))
                .collect();
            excerpt.push_numbered(text, starts, index, &labels);
        }
        excerpt
    }

    /// Adds line `index` (0-based) of `text`, unlabelled.
    fn push_numbered(&mut self, text: &str, starts: &[usize], index: usize, labels: &[Range<usize>]) {
        let start = starts[index];
        let mut end = starts.get(index + 1).map_or(text.len(), |&next| next - 1);
        // A CRLF line break is not shown as a control character.
        if end > start && end < text.len() && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        self.push_line(text, index + 1, start..end, labels);
    }

    /// Adds an empty line standing for lines not shown, before the real offset `at`.
    fn push_empty(&mut self, at: usize) {
        if !self.lines.is_empty() {
            self.text.push('\n');
        }
        let here = self.text.len();
        // Numbered as the first line it stands for: codespan counts the digits of every line
        // number a label spans, and a zero has none.
        let number = self.lines.last().map_or(1, |l| l.number + 1);
        self.lines.push(Line { number, range: here..here, points: vec![(at, here, 1)] });
    }

    /// Adds the real line `line` (numbered `number`), cut to a window around `labels` (their
    /// parts on this line) when it is long.
    fn push_line(&mut self, text: &str, number: usize, line: Range<usize>, labels: &[Range<usize>]) {
        let content = &text[line.clone()];
        let window = if content.len() <= MAX_LINE {
            line.clone()
        } else {
            // Around every label of the line when they fit together in a window, else around the
            // first (the primary label comes first), whose place the message gives.
            let lo = labels.iter().map(|r| r.start).min().unwrap_or(line.start);
            let hi = labels.iter().map(|r| r.end).max().unwrap_or(lo);
            let (lo, hi) = match labels.first() {
                Some(first) if hi > char_forward(text, lo, MAX_LINE, line.end) => (first.start, first.end),
                _ => (lo, hi),
            };
            let hi = hi.min(char_forward(text, lo, MAX_LINE, line.end));
            char_back(text, lo, CONTEXT, line.start)..char_forward(text, hi, CONTEXT, line.end)
        };
        if !self.lines.is_empty() {
            self.text.push('\n');
        }
        let begin = self.text.len();
        if window.start > line.start {
            self.text.push('…');
        }
        let mut column = count_chars(&text[line.start..window.start]) + 1;
        let mut points = Vec::with_capacity(window.len() + 1);
        for (i, c) in text[window.clone()].char_indices() {
            points.push((window.start + i, self.text.len(), column));
            // In a snippet, invisible characters are shown too, so that a caret can point at one;
            // printable ASCII, most of a line, is shown as it is.
            let visible = match c {
                ' '..='~' => None,
                _ => escaped_char(c).or_else(|| invisible(c).map(|_| format!("\\u{{{:x}}}", c as u32))),
            };
            match visible {
                Some(e) => self.text.push_str(&e),
                None => self.text.push(c),
            }
            column += 1;
        }
        points.push((window.end, self.text.len(), column));
        if window.end < line.end {
            self.text.push('…');
        }
        self.lines.push(Line { number, range: begin..self.text.len(), points });
    }

    /// Where the real byte range `range` is shown in the excerpt (clamped to what is shown).
    pub(crate) fn map(&self, range: &Range<usize>) -> Range<usize> {
        let at = |offset: usize| {
            let i = self.lines.partition_point(|l| l.points[0].0 <= offset).saturating_sub(1);
            let Some(line) = self.lines.get(i) else { return 0 };
            let j = line.points.partition_point(|p| p.0 < offset).min(line.points.len() - 1);
            line.points[j].1
        };
        let start = at(range.start);
        start..at(range.end).max(start)
    }

    fn line_at(&self, byte: usize) -> usize {
        self.lines.partition_point(|l| l.range.start <= byte).saturating_sub(1)
    }
}

/// The byte offset `n` characters after `from`, at most `limit`.
fn char_forward(text: &str, from: usize, n: usize, limit: usize) -> usize {
    text[from..limit].char_indices().nth(n).map_or(limit, |(i, _)| from + i)
}

/// The byte offset `n` characters before `from`, at least `limit`.
fn char_back(text: &str, from: usize, n: usize, limit: usize) -> usize {
    text[limit..from].char_indices().rev().nth(n.saturating_sub(1)).map_or(limit, |(i, _)| limit + i)
}

/// The number of characters of a valid UTF-8 text (the bytes that start one).
fn count_chars(text: &str) -> usize {
    text.bytes().filter(|&b| (b & 0xC0) != 0x80).count()
}

/// The excerpts of one message, as codespan reads files.
pub(crate) struct Excerpts(pub Vec<Excerpt>);

impl<'a> Files<'a> for Excerpts {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, Error> {
        Ok(&self.0.get(id).ok_or(Error::FileMissing)?.name)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, Error> {
        Ok(&self.0.get(id).ok_or(Error::FileMissing)?.text)
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, Error> {
        Ok(self.0.get(id).ok_or(Error::FileMissing)?.line_at(byte_index))
    }

    fn line_number(&'a self, id: usize, line_index: usize) -> Result<usize, Error> {
        let e = self.0.get(id).ok_or(Error::FileMissing)?;
        Ok(e.lines.get(line_index).map_or(line_index + 1, |l| l.number))
    }

    fn location(&'a self, id: usize, byte_index: usize) -> Result<Location, Error> {
        let e = self.0.get(id).ok_or(Error::FileMissing)?;
        let Some(line) = e.lines.get(e.line_at(byte_index)) else {
            return Ok(Location { line_number: 1, column_number: 1 });
        };
        let i = line.points.partition_point(|p| p.1 <= byte_index).saturating_sub(1);
        Ok(Location { line_number: line.number, column_number: line.points[i].2 })
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, Error> {
        let e = self.0.get(id).ok_or(Error::FileMissing)?;
        let line = e.lines.get(line_index).ok_or(Error::LineTooLarge { given: line_index, max: e.lines.len() })?;
        // With its line feed, as codespan expects, except the last.
        let end = if line_index + 1 < e.lines.len() { line.range.end + 1 } else { line.range.end };
        Ok(line.range.start..end)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn printable_ascii_is_shown_as_it_is() {
        for c in ' '..='~' {
            assert_eq!((escaped_char(c), invisible(c)), (None, None), "{c:?}");
        }
    }

    proptest! {
        /// Text is shown character by character, each escaped if it must be, cut after
        /// `MAX_TEXT` characters: printable ASCII the same as any other.
        #[test]
        fn shown_escapes_each_character_and_cuts(
            text in "[ -~\t\n]{0,420}|[ -~\u{7f}]{0,420}|[ -~\t\n\u{0}-\u{1f}\u{7f}\u{85}\u{a0}\u{202e}é]{0,420}"
        ) {
            let mut expected: String =
                text.chars().take(MAX_TEXT).map(|c| escaped_char(c).unwrap_or_else(|| c.to_string())).collect();
            if text.chars().count() > MAX_TEXT {
                expected.push('…');
            }
            prop_assert_eq!(shown(&text), expected);
        }
    }

    fn excerpt(text: &str, ranges: &[Range<usize>]) -> Excerpt {
        Excerpt::new("f.ron", text, &line_starts(text), ranges)
    }

    #[test]
    fn control_characters_are_escaped_and_long_texts_cut() {
        assert_eq!(shown("a\u{1b}]0;x\u{7}b\tc\u{202E}"), "a\\u{1b}]0;x\\u{7}b\tc\\u{202e}");
        assert_eq!(shown(&"é".repeat(1000)).chars().count(), MAX_TEXT + 1);
        assert_eq!(shown("plain, “typographic” text"), "plain, “typographic” text");
    }

    #[test]
    fn invisible_characters_are_named() {
        assert_eq!(invisible('\u{A0}').as_deref(), Some("a non-breaking space (U+00A0)"));
        assert_eq!(invisible('\u{FEFF}').as_deref(), Some("a byte-order mark (U+FEFF)"));
        assert_eq!(invisible('\0').as_deref(), Some("a NUL character (U+0000)"));
        assert_eq!(invisible('\u{1b}').as_deref(), Some("a control character (U+001B)"));
        assert_eq!(invisible(' '), None);
        assert_eq!(invisible('é'), None);
    }

    #[test]
    fn only_the_lines_labelled_are_shown_with_their_real_numbers_and_columns() {
        let text = "one\ntwo \u{1b}[2J x\nthree\r\nfour";
        let at = text.find('x').unwrap();
        let e = excerpt(text, std::slice::from_ref(&(at..at + 1)));
        assert_eq!(e.text, "two \\u{1b}[2J x");
        let files = Excerpts(vec![e]);
        let mapped = files.0[0].map(&(at..at + 1));
        assert_eq!(&files.0[0].text[mapped.clone()], "x");
        assert_eq!(files.location(0, mapped.start).unwrap(), Location { line_number: 2, column_number: 10 });
        let three = text.find("three").unwrap();
        let e = excerpt(text, &[three..three + 5, 0..1]);
        assert_eq!(e.text, "one\ntwo \\u{1b}[2J x\nthree");
        assert_eq!(Excerpts(vec![e]).line_number(0, 2).unwrap(), 3);
    }

    #[test]
    fn a_long_line_shows_a_window_around_its_label() {
        let text = format!("{}HERE{}", "a".repeat(50_000), "b".repeat(50_000));
        let at = text.find("HERE").unwrap();
        let e = excerpt(&text, std::slice::from_ref(&(at..at + 4)));
        assert!(e.text.len() < 2 * CONTEXT + 20, "{}", e.text.len());
        assert!(e.text.starts_with('…') && e.text.ends_with('…'));
        let mapped = e.map(&(at..at + 4));
        assert_eq!(&e.text[mapped.clone()], "HERE");
        let files = Excerpts(vec![e]);
        assert_eq!(files.location(0, mapped.start).unwrap(), Location { line_number: 1, column_number: 50_001 });
    }

    #[test]
    fn labels_far_apart_on_a_long_line_show_the_first() {
        let text = format!("{}FIRST{}SECOND{}", "a".repeat(500), "b".repeat(5_000), "c".repeat(500));
        let (first, second) = (text.find("FIRST").unwrap(), text.find("SECOND").unwrap());
        let e = excerpt(&text, &[first..first + 5, second..second + 6]);
        let mapped = e.map(&(first..first + 5));
        assert_eq!(&e.text[mapped.clone()], "FIRST");
        assert_eq!(Excerpts(vec![e]).location(0, mapped.start).unwrap().column_number, 501);
    }

    #[test]
    fn a_label_over_many_lines_shows_its_ends() {
        let text: String = (1..=100).map(|i| format!("line {i}\n")).collect();
        let e = excerpt(&text, std::slice::from_ref(&(0..text.len() - 1)));
        assert_eq!(e.text, "line 1\nline 2\nline 3\n\n\nline 98\nline 99\nline 100");
    }
}
