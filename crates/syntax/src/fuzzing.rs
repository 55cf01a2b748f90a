//! Properties of the lexer and the outline that hold for every input, shared by the fuzz
//! targets (`fuzz/`) and the property tests: each panics when its property fails.

use crate::lexer::{Lexer, lone_carriage_return, lone_carriage_returns_as_line_feeds};
use crate::navigate::{list_items, struct_fields};
use crate::outline::outline;

/// Whether `range` lies inside `text` on character boundaries.
fn fits(text: &str, range: &std::ops::Range<usize>) -> bool {
    range.start <= range.end
        && range.end <= text.len()
        && text.is_char_boundary(range.start)
        && text.is_char_boundary(range.end)
}

/// The lexer covers `text` with tokens in order, each non-empty and on character boundaries;
/// the outline's form, sections, entries, errors and skipped stretches all lie inside `text`,
/// entries in order; every entry's fields and list items lie inside the entry.
pub fn lexer_and_outline(text: &str) {
    let mut at = 0;
    for t in Lexer::at(text, 0) {
        assert!(t.start >= at && t.start < t.end && fits(text, &(t.start..t.end)), "token {t:?} after {at}");
        at = t.end;
    }
    let o = outline(text);
    assert!(fits(text, &o.form_name) && fits(text, &o.body));
    for e in &o.errors {
        assert!(fits(text, &e.range), "error {e:?}");
        assert!(e.related.iter().all(|(r, _)| fits(text, r)));
    }
    assert!(o.skipped.iter().all(|s| fits(text, &s.range)));
    let mut end = 0;
    for section in &o.sections {
        assert!(fits(text, &section.name) && fits(text, &section.list));
        assert_eq!(section.entries.len(), section.sound.len());
        for entry in &section.entries {
            assert!(fits(text, entry) && entry.start >= end, "entry {entry:?} after {end}");
            end = entry.end;
            let inside = |r: &std::ops::Range<usize>| entry.start <= r.start && r.end <= entry.end && fits(text, r);
            if let Some(fields) = struct_fields(text, entry.clone()) {
                assert!(fields.iter().all(|(a, b, c)| inside(a) && inside(b) && inside(c)));
            }
            if let Some(items) = list_items(text, entry.clone()) {
                assert!(items.iter().all(inside));
            }
        }
    }
}

/// Lone carriage returns made line feeds leave none, and change nothing else.
pub fn line_endings(text: &str) {
    let lf = lone_carriage_returns_as_line_feeds(text);
    assert_eq!(lone_carriage_return(&lf), None);
    assert_eq!(lf.len(), text.len());
    for (a, b) in text.bytes().zip(lf.bytes()) {
        assert!(a == b || (a == b'\r' && b == b'\n'));
    }
}
