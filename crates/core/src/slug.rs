//! Ids users type: lowercase slugs such as `russia` or `realist-2026`.

use crate::problem::{Problem, Site};

/// The longest id accepted.
pub const MAX_SLUG_LEN: usize = 64;

/// Whether `text` is a valid id: a lowercase ASCII letter, then letters, digits, `_` or `-`.
pub fn is_slug(text: &str) -> bool {
    let b = text.as_bytes();
    !b.is_empty()
        && b.len() <= MAX_SLUG_LEN
        && b[0].is_ascii_lowercase()
        && b.iter().all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_' || c == b'-')
}

/// Turns any text into the nearest slug (`"Tel Aviv"` -> `tel_aviv`), for help messages.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    let trimmed = out.trim_end_matches('_');
    let mut s =
        if trimmed.starts_with(|c: char| c.is_ascii_lowercase()) { trimmed.to_owned() } else { format!("x{trimmed}") };
    s.truncate(MAX_SLUG_LEN);
    s
}

/// A problem when `text` is not a valid id, `None` when it is.
pub(crate) fn check_slug(text: &str, site: Site, what: &str) -> Option<Problem> {
    if is_slug(text) {
        return None;
    }
    let shown: String = text.chars().take(80).collect();
    Some(Problem::error(site, format!("\"{shown}\" is not a valid {what} id")).with_code("invalid-id").with_help(format!(
        "ids are lowercase letters, digits, `_` and `-`, start with a letter and have at most {MAX_SLUG_LEN} characters: try \"{}\"",
        slugify(text)
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        for ok in ["russia", "realist-2026", "israel_hamas_war", "a"] {
            assert!(is_slug(ok), "{ok}");
        }
        for bad in ["", "Russia", "1st", "tel aviv", "_x", "é", &"a".repeat(65)] {
            assert!(!is_slug(bad), "{bad}");
        }
        assert_eq!(slugify("Tel Aviv"), "tel_aviv");
        assert_eq!(slugify("2025 war"), "x2025_war");
        assert!(is_slug(&slugify("!!!")));
    }
}
