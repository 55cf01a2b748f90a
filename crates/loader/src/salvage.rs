//! Ids salvaged from text that could not be read, so that what refers to them is not reported
//! again as unknown.
//!
//! Two readings, both lexical: [`entry_id`] finds the `id` of one broken entry; [`scan_ids`]
//! finds every `id: "..."` in a stretch of text that was not even split into entries (after an
//! error the outline could not get past), line by line, so that it does not depend on the
//! pairing of quotes that a broken string upsets.

use std::ops::Range;

use crate::lexer::{Lexer, Tok, Token};
use crate::outline::Section;

/// The text of a string token (`"a\"b"`, `r#"x"#`), unescaped; `None` for byte strings and
/// characters.
fn unescape(token: &str) -> Option<String> {
    ron::from_str::<String>(token).ok()
}

/// The `id` of the entry at `range`, read without serde, for an entry serde rejected or could not
/// be given: its range and its value.
///
/// The id is the string right after the outermost `id:`, when that string is terminated and is
/// followed by the end of the value (`,` or a closing bracket) or by the next field (`name:`, a
/// missing comma). Anything else (`id: "iran, name: "Iran"`, with a quote missing) gives `None`,
/// never a garbled id.
pub(crate) fn entry_id(text: &str, range: Range<usize>) -> Option<(Range<usize>, String)> {
    let mut lexer = Lexer::at(&text[..range.end], range.start);
    // The last five tokens with their bracket depth; the pattern is `id : "..." <follower>`.
    let mut window: [Option<(Token, usize)>; 5] = [None; 5];
    let mut depth = 0usize;
    let mut best: Option<(usize, Range<usize>, String)> = None;
    let mut remaining_after_end = window.len();
    loop {
        let next = lexer.next_significant();
        if next.is_none() {
            if remaining_after_end == 0 {
                break;
            }
            remaining_after_end -= 1;
        }
        window.rotate_left(1);
        window[4] = next.map(|t| (t, depth));
        if let Some(t) = next {
            match t.kind {
                Tok::Open(_) => depth += 1,
                Tok::Close(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        let [Some((name, at)), Some((colon, _)), Some((value, _)), follower, after] = window else {
            continue;
        };
        let kind = |t: Option<(Token, usize)>| t.map(|(t, _)| t.kind);
        let ends_value = match kind(follower) {
            None | Some(Tok::Comma | Tok::Close(_)) => true,
            Some(Tok::Ident) => kind(after) == Some(Tok::Colon),
            _ => false,
        };
        if name.kind == Tok::Ident
            && &text[name.start..name.end] == "id"
            && colon.kind == Tok::Colon
            && value.kind == (Tok::Str { terminated: true })
            && ends_value
            && best.as_ref().is_none_or(|(d, _, _)| at < *d)
        {
            if let Some(id) = unescape(&text[value.start..value.end]).filter(|id| !id.contains('\n')) {
                best = Some((at, value.start..value.end, id));
            }
        }
    }
    best.map(|(_, range, id)| (range, id))
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// Every `id: "..."` in `range` of `text`: its section (the one given, changed by any
/// `actors:`-like section name met on the way), its range and its value.
pub(crate) fn scan_ids(
    text: &str,
    range: Range<usize>,
    mut section: Option<Section>,
) -> Vec<(Option<Section>, Range<usize>, String)> {
    let bytes = text.as_bytes();
    let end = range.end.min(bytes.len());
    let skip_blanks = |mut i: usize| {
        while i < end && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    let mut found = Vec::new();
    let mut i = range.start;
    while i < end {
        let b = bytes[i];
        if !(b.is_ascii_alphabetic() || b == b'_') || (i > 0 && is_word_byte(bytes[i - 1])) {
            i += 1;
            continue;
        }
        let start = i;
        while i < end && is_word_byte(bytes[i]) {
            i += 1;
        }
        let word = &text[start..i];
        let colon = skip_blanks(i);
        if colon >= end || bytes[colon] != b':' {
            continue;
        }
        if word != "id" {
            if let Some(s) = Section::named(word) {
                section = Some(s);
            }
            continue;
        }
        let value = skip_blanks(colon + 1);
        let Some(t) = Lexer::at(&text[..end], value).next() else {
            break;
        };
        if t.kind == (Tok::Str { terminated: true }) {
            if let Some(id) = unescape(&text[t.start..t.end]).filter(|id| !id.contains('\n')) {
                found.push((section, t.start..t.end, id));
                i = t.end;
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str) -> Option<String> {
        entry_id(text, 0..text.len()).map(|(_, id)| id)
    }

    #[test]
    fn finds_the_id_of_a_broken_entry() {
        assert_eq!(id(r#"Country(id: "iran", nmae: "Iran")"#).as_deref(), Some("iran"));
        // A missing comma after the id.
        assert_eq!(id(r#"Country(id: "iran" name: "Iran")"#).as_deref(), Some("iran"));
        // Doubled brackets, raw and escaped strings.
        assert_eq!(id(r#"Country((id: "b", name: "B"))"#).as_deref(), Some("b"));
        assert_eq!(id(r##"Country(id: r#"raw"#, name: "R")"##).as_deref(), Some("raw"));
        assert_eq!(id(r#"Country(id: "a\u{62}c", name: "R")"#).as_deref(), Some("abc"));
        // The outermost id wins over one nested deeper.
        assert_eq!(id(r#"Actor(x: (id: "inner"), id: "outer")"#).as_deref(), Some("outer"));
        // A broken entry that ends right after its id.
        assert_eq!(id(r#"Country(id: "iraq""#).as_deref(), Some("iraq"));
    }

    #[test]
    fn never_returns_a_garbled_id() {
        // A quote missing after the id: its string runs into the next field.
        assert_eq!(id(r#"Country(id: "iran, name: "Iran")"#), None);
        assert_eq!(id(r#"Country(id: "iran"#), None);
        assert_eq!(id(r#"Country(id: iran, name: "Iran")"#), None);
        assert_eq!(id(r#"Country(id: b"iran", name: "Iran")"#), None);
        assert_eq!(id(r#"Country(id: "a" + "b")"#), None);
        assert_eq!(id("Country(id: \"a\nb\")"), None);
    }

    #[test]
    fn scans_ids_line_by_line_and_follows_sections() {
        // The quote missing after "Iran" shifts the pairing of every later quote.
        let text =
            "Country(id: \"iran\", name: \"Iran),\n  Country(id: \"iraq\"),\n relations: [Relation(id: \"r\")]\n";
        let found: Vec<(Option<Section>, String)> =
            scan_ids(text, 0..text.len(), Some(Section::Actors)).into_iter().map(|(s, _, id)| (s, id)).collect();
        assert_eq!(
            found,
            vec![
                (Some(Section::Actors), "iran".to_owned()),
                (Some(Section::Actors), "iraq".to_owned()),
                (Some(Section::Relations), "r".to_owned()),
            ]
        );
        assert!(scan_ids("paid: \"x\", idx: \"y\"", 0..19, None).is_empty());
    }
}
