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
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => out.push('\''),
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => out.push('"'),
            '\u{2010}'..='\u{2015}' | '\u{2212}' => out.push('-'),
            '\u{2026}' => out.push_str("..."),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
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
}
