//! Matching quotes against a source's text, forgiving whitespace, case and typography; and, for
//! a quote that does not occur, the closest passage of the text with the differing words marked.

use rustc_hash::FxHashMap;
use similar::{Algorithm, DiffOp, capture_diff_slices};

/// A source text prepared for quote look-ups.
#[derive(Clone, Debug)]
pub struct QuoteText {
    normalized: String,
    original: String,
}

impl QuoteText {
    /// Prepares `text` for look-ups.
    pub fn new(text: &str) -> Self {
        Self { normalized: normalize(text), original: text.to_owned() }
    }

    /// Whether `quote` occurs in the text, after normalising both.
    pub fn contains(&self, quote: &str) -> bool {
        self.normalized.contains(&normalize(quote))
    }

    /// The passage of the text closest to `quote`, word for word, as the text writes it, with
    /// the words that differ marked as a word diff does: `[-word-]` only in the quote,
    /// `{+word+}` only in the text. `None` when no word of the quote is in the text.
    ///
    /// The passage is the stretch of as many words as the quote that shares the most words with
    /// it (the first such stretch); the marks come from a diff of the two word sequences.
    pub fn closest(&self, quote: &str) -> Option<String> {
        let words: Vec<&str> = self.original.split_whitespace().collect();
        let keys: Vec<String> = words.iter().map(|w| word_key(w)).collect();
        let wanted: Vec<String> = quote.split_whitespace().map(word_key).collect();
        let n = wanted.len().min(keys.len());
        if n == 0 {
            return None;
        }
        let best = best_window(&keys, &wanted);
        if best.0 == 0 {
            return None;
        }
        // The best window, with room on both sides for words the quote left out or added;
        // words only in the text at either end are then trimmed.
        let slack = n / 2 + 1;
        let start = best.1.saturating_sub(slack);
        let end = (best.1 + n + slack).min(keys.len());
        let window = &keys[start..end];
        let quoted: Vec<&str> = quote.split_whitespace().collect();
        let mut ops = capture_diff_slices(Algorithm::Myers, &wanted, window);
        while matches!(ops.last(), Some(DiffOp::Insert { .. })) {
            ops.pop();
        }
        let leading = ops.iter().take_while(|op| matches!(op, DiffOp::Insert { .. })).count();
        let mut ops = ops.split_off(leading);
        // A replacement at either end takes no more of the text than the quote has words there.
        if let Some(DiffOp::Replace { old_len, new_len, .. }) = ops.last_mut() {
            *new_len = (*new_len).min(*old_len);
        }
        if let Some(DiffOp::Replace { old_len, new_index, new_len, .. }) = ops.first_mut() {
            if *new_len > *old_len {
                *new_index += *new_len - *old_len;
                *new_len = *old_len;
            }
        }
        let text = |from: usize, len: usize| words[start + from..start + from + len].join(" ");
        let said = |from: usize, len: usize| quoted[from..from + len].join(" ");
        let mut out: Vec<String> = Vec::new();
        for op in &ops {
            match *op {
                DiffOp::Equal { new_index, len, .. } => out.push(text(new_index, len)),
                DiffOp::Delete { old_index, old_len, .. } => out.push(format!("[-{}-]", said(old_index, old_len))),
                DiffOp::Insert { new_index, new_len, .. } => out.push(format!("{{+{}+}}", text(new_index, new_len))),
                DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                    out.push(format!("[-{}-]", said(old_index, old_len)));
                    out.push(format!("{{+{}+}}", text(new_index, new_len)));
                }
            }
        }
        Some(out.join(" "))
    }
}

/// The window of `wanted.len()` words of `keys` (all of them when shorter) that holds the most
/// words of `wanted`, counted as multisets: (how many, where it starts); the first of the best.
fn best_window(keys: &[String], wanted: &[String]) -> (i32, usize) {
    let n = wanted.len().min(keys.len());
    // Sliding window of n words: how many of the quote's words (as a multiset) it holds.
    // Words are numbered; those not in the quote share the number `usize::MAX`.
    let mut ids: FxHashMap<&str, usize> = FxHashMap::default();
    for w in wanted {
        let next = ids.len();
        ids.entry(w.as_str()).or_insert(next);
    }
    let mut need = vec![0i32; ids.len()];
    for w in wanted {
        need[ids[w.as_str()]] += 1;
    }
    let text_ids: Vec<usize> = keys.iter().map(|k| ids.get(k.as_str()).copied().unwrap_or(usize::MAX)).collect();
    let mut have = vec![0i32; ids.len()];
    let mut shared = 0i32;
    let mut best = (0, 0);
    for (i, &id) in text_ids.iter().enumerate() {
        if id != usize::MAX {
            have[id] += 1;
            if have[id] <= need[id] {
                shared += 1;
            }
        }
        if i >= n {
            let out = text_ids[i - n];
            if out != usize::MAX {
                if have[out] <= need[out] {
                    shared -= 1;
                }
                have[out] -= 1;
            }
        }
        if i + 1 >= n && shared > best.0 {
            best = (shared, i + 1 - n);
        }
    }
    best
}

/// A word as compared for the closest passage: normalised, without the punctuation around it
/// (a quote may end where the text has a full stop).
fn word_key(word: &str) -> String {
    let n = normalize(word);
    let trimmed = n.trim_matches(|c: char| !c.is_alphanumeric());
    if trimmed.is_empty() { n } else { trimmed.to_owned() }
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

    proptest::proptest! {
        /// The sliding window finds the best window a brute-force count over every window finds.
        #[test]
        fn the_best_window_is_the_brute_force_one(
            text in proptest::collection::vec(0u8..6, 0..40),
            quote in proptest::collection::vec(0u8..6, 1..8),
        ) {
            let keys: Vec<String> = text.iter().map(|w| format!("w{w}")).collect();
            let wanted: Vec<String> = quote.iter().map(|w| format!("w{w}")).collect();
            let n = wanted.len().min(keys.len());
            let mut brute = (0, 0);
            for start in 0..=keys.len() - n {
                let mut pool = wanted.clone();
                let mut shared = 0;
                for k in &keys[start..start + n] {
                    if let Some(p) = pool.iter().position(|w| w == k) {
                        pool.swap_remove(p);
                        shared += 1;
                    }
                }
                if shared > brute.0 {
                    brute = (shared, start);
                }
            }
            proptest::prop_assert_eq!(best_window(&keys, &wanted), brute);
        }
    }

    #[test]
    fn the_closest_passage_marks_the_words_that_differ() {
        let t = QuoteText::new(
            "In 2025, Moscow and Tehran signed a strategic partnership agreement. It stopped short of mutual defense guarantees.",
        );
        assert_eq!(
            t.closest("Moscow and Tehran concluded a strategic partnership").as_deref(),
            Some("Moscow and Tehran [-concluded-] {+signed+} a strategic partnership")
        );
        // Case and typography are forgiven in the comparison; the passage is the text's.
        assert_eq!(
            t.closest("it stopped short of MUTUAL defence guarantees").as_deref(),
            Some("It stopped short of mutual [-defence-] {+defense+} guarantees.")
        );
        assert_eq!(
            t.closest("agreement stopped short of mutual defence pacts").as_deref(),
            Some("agreement. {+It+} stopped short of mutual [-defence pacts-] {+defense guarantees.+}")
        );
        assert_eq!(t.closest("nothing here matches"), None);
        assert_eq!(t.closest("   "), None);
        // A quote longer than the text is compared with the whole text.
        let short = QuoteText::new("Moscow and Tehran");
        assert_eq!(short.closest("Moscow and Tehran signed").as_deref(), Some("Moscow and Tehran [-signed-]"));
    }
}
