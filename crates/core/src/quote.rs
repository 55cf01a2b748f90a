//! Matching quotes against a source's text, forgiving whitespace, case and typography.

/// A source text prepared for quote look-ups.
#[derive(Clone, Debug)]
pub struct QuoteText {
    normalized: String,
}

impl QuoteText {
    /// Prepares `text` for look-ups.
    pub fn new(text: &str) -> Self {
        Self { normalized: normalize(text) }
    }

    /// Whether `quote` occurs in the text, after normalising both.
    pub fn contains(&self, quote: &str) -> bool {
        self.normalized.contains(&normalize(quote))
    }
}

/// Lowercases, maps typographic quotes, apostrophes and dashes to ASCII, and collapses every run
/// of whitespace into one space.
pub fn normalize(text: &str) -> String {
    normalize_mapped(text, |_, _| {})
}

/// [`normalize`], calling `mapped(start, end)` with the byte range in `text` of the character
/// behind each byte pushed to the output (the space of a whitespace run maps to its first
/// whitespace character).
fn normalize_mapped(text: &str, mut mapped: impl FnMut(usize, usize)) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space: Option<(usize, usize)> = None;
    for (i, c) in text.char_indices() {
        let end = i + c.len_utf8();
        if c.is_whitespace() {
            if !out.is_empty() && pending_space.is_none() {
                pending_space = Some((i, end));
            }
            continue;
        }
        if let Some((s, e)) = pending_space.take() {
            out.push(' ');
            mapped(s, e);
        }
        let before = out.len();
        match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => out.push('\''),
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => out.push('"'),
            '\u{2010}'..='\u{2015}' | '\u{2212}' => out.push('-'),
            '\u{2026}' => out.push_str("..."),
            c => out.extend(c.to_lowercase()),
        }
        for _ in before..out.len() {
            mapped(i, end);
        }
    }
    out
}

/// Where `quote` occurs in `text`, matched as [`QuoteText::contains`] matches it: the byte
/// range in `text` from the first to the last character of the first match.
pub fn find(text: &str, quote: &str) -> Option<std::ops::Range<usize>> {
    let wanted = normalize(quote);
    if wanted.is_empty() {
        return None;
    }
    let mut spans = Vec::new();
    let normalized = normalize_mapped(text, |s, e| spans.push((s, e)));
    let at = normalized.find(&wanted)?;
    Some(spans[at].0..spans[at + wanted.len() - 1].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forgives_typography_whitespace_and_case() {
        let t = QuoteText::new("Russia\u{2019}s military and  financial resources \u{2014} including\nan election");
        assert!(t.contains("Russia's military and financial"));
        assert!(t.contains("RESOURCES - including an election"));
        assert!(!t.contains("Russia's naval resources"));
    }

    #[test]
    fn finds_where_a_quote_is() {
        let text = "Intro.  Russia\u{2019}s military and\n  financial \u{2014} resources.";
        let range = find(text, "russia's MILITARY and financial - resources").unwrap();
        assert_eq!(&text[range], "Russia\u{2019}s military and\n  financial \u{2014} resources");
        assert_eq!(find(text, "naval"), None);
        assert_eq!(find(text, "  "), None);
        let range = find("a … b", "a ... b").unwrap();
        assert_eq!(range, 0..7);
    }

    proptest::proptest! {
        /// A slice of a text, found, is found where it is (or earlier, at an equal match), and
        /// what is found is a match.
        #[test]
        fn found_quotes_match(text in "[a-cA-C \u{2019}'\n.]{0,40}", a in 0usize..40, len in 1usize..12) {
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            proptest::prop_assume!(a < chars.len());
            let start = chars[a].0;
            let end = chars.get(a + len).map_or(text.len(), |c| c.0);
            let quote = &text[start..end];
            proptest::prop_assume!(!normalize(quote).is_empty());
            let found = find(&text, quote);
            proptest::prop_assert!(found.is_some());
            let found = found.unwrap();
            proptest::prop_assert_eq!(normalize(&text[found.clone()]), normalize(quote).trim().to_owned());
        }
    }
}
