//! Did-you-mean suggestions for misspelt ids and kinds.

/// The candidates closest to `wanted`, best first, at most three.
///
/// Each candidate is `(key, text)`: `text` is compared with `wanted` and `key` is returned, so an
/// alias (`"Tehran"`) can suggest the id it belongs to (`"iran"`). Comparison ignores case.
/// A candidate qualifies when its optimal-string-alignment distance is small for its length
/// (swapped letters count once), or when one string, of at least three bytes, is a prefix of
/// the other.
///
/// For many look-ups in the same candidates, prepare them once with [`Candidates`].
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<&'a str> {
    Candidates::new(candidates).closest(wanted)
}

/// Candidates for [`closest`], prepared once (lowercased, measured) for many look-ups.
#[derive(Clone, Debug, Default)]
pub struct Candidates<'a> {
    /// `(key, lowercased text, length of the text in characters)`.
    items: Vec<(&'a str, String, usize)>,
}

/// How much of each string the similarity used for ranking looks at: enough for any real id or
/// name, and a bound on the cost of comparing a runaway string.
const RANKED_CHARS: usize = 128;

impl<'a> Candidates<'a> {
    /// Prepares `(key, text)` candidates.
    pub fn new(candidates: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let items = candidates
            .into_iter()
            .map(|(key, text)| {
                let lower = text.to_lowercase();
                let chars = lower.chars().count();
                (key, lower, chars)
            })
            .collect();
        Self { items }
    }

    /// The candidates closest to `wanted`, best first, at most three; see [`closest`].
    pub fn closest(&self, wanted: &str) -> Vec<&'a str> {
        let wanted_lc = wanted.to_lowercase();
        let wanted_chars = wanted_lc.chars().count();
        // One edit per three characters, at least one and at most three.
        let limit = wanted.chars().count().div_ceil(3).clamp(1, 3);
        let ranked = |s: &str| -> String { s.chars().take(RANKED_CHARS).collect() };
        let wanted_ranked = ranked(&wanted_lc);
        let mut scored: Vec<(usize, u32, &str)> = Vec::new();
        for (key, text_lc, text_chars) in &self.items {
            // Both at least three bytes: an empty alias is no prefix worth suggesting.
            let prefix = wanted_lc.len().min(text_lc.len()) >= 3
                && (text_lc.starts_with(&wanted_lc) || wanted_lc.starts_with(text_lc.as_str()));
            // A prefix counts as one edit (none when the strings are equal); otherwise the
            // distance is at least the difference in length, so longer differences are skipped
            // without computing it.
            let score = if prefix {
                usize::from(text_lc.len() != wanted_lc.len())
            } else if text_chars.abs_diff(wanted_chars) > limit {
                continue;
            } else {
                let distance = strsim::osa_distance(&wanted_lc, text_lc);
                if distance > limit {
                    continue;
                }
                distance
            };
            // Rank by distance, then by Jaro-Winkler similarity (scaled to an integer for a total
            // order), then by key for determinism.
            let similarity = (strsim::jaro_winkler(&wanted_ranked, &ranked(text_lc)) * 1e6) as u32;
            scored.push((score, u32::MAX - similarity, key));
        }
        scored.sort_unstable();
        // Only the nearest: a one-letter slip should not also suggest a two-letter one.
        if let Some(&(best, _, _)) = scored.first() {
            scored.retain(|&(score, _, _)| score == best);
        }
        let mut out: Vec<&str> = Vec::new();
        for (_, _, key) in scored {
            if !out.contains(&key) {
                out.push(key);
                if out.len() == 3 {
                    break;
                }
            }
        }
        out
    }
}

/// Formats suggestions as a help line: `did you mean "iran"?` or `did you mean "a" or "b"?`.
pub fn did_you_mean(suggestions: &[&str]) -> Option<String> {
    match suggestions {
        [] => None,
        [one] => Some(format!("did you mean \"{one}\"?")),
        [init @ .., last] => {
            let init: Vec<String> = init.iter().map(|s| format!("\"{s}\"")).collect();
            Some(format!("did you mean {} or \"{last}\"?", init.join(", ")))
        }
    }
}

/// Formats a list of valid names for a help line, in the order given, eliding past `max`.
pub fn one_of<'a>(names: impl IntoIterator<Item = &'a str>, max: usize) -> String {
    let names: Vec<&str> = names.into_iter().collect();
    let shown: Vec<String> = names.iter().take(max).map(|n| format!("\"{n}\"")).collect();
    let mut out = shown.join(", ");
    if names.len() > max {
        out.push_str(&format!(", ... ({} in all)", names.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_and_aliases() {
        let c = [("iran", "iran"), ("iraq", "iraq"), ("israel", "israel"), ("iran", "Tehran")];
        assert_eq!(closest("iram", c), vec!["iran", "iraq"]);
        assert_eq!(closest("irn", c), vec!["iran"]);
        assert_eq!(closest("tehrn", c), vec!["iran"]);
        assert_eq!(closest("isreal", c), vec!["israel"]);
        assert!(closest("venezuela", c).is_empty());
        // A short or empty text is no prefix of what is wanted.
        assert!(closest("rusia", [("x", ""), ("y", "ru")]).is_empty());
    }

    /// The search done plainly: every distance computed in full, on whole strings.
    fn reference<'a>(wanted: &str, candidates: &[(&'a str, &'a str)]) -> Vec<&'a str> {
        let wanted_lc = wanted.to_lowercase();
        let limit = wanted.chars().count().div_ceil(3).clamp(1, 3);
        let mut scored: Vec<(usize, u32, &str)> = Vec::new();
        for &(key, text) in candidates {
            let text_lc = text.to_lowercase();
            let distance = strsim::osa_distance(&wanted_lc, &text_lc);
            let prefix = wanted_lc.len().min(text_lc.len()) >= 3
                && (text_lc.starts_with(&wanted_lc) || wanted_lc.starts_with(&text_lc));
            if distance <= limit || prefix {
                let score = if prefix { distance.min(1) } else { distance };
                let similarity = (strsim::jaro_winkler(&wanted_lc, &text_lc) * 1e6) as u32;
                scored.push((score, u32::MAX - similarity, key));
            }
        }
        scored.sort_unstable();
        if let Some(&(best, _, _)) = scored.first() {
            scored.retain(|&(score, _, _)| score == best);
        }
        let mut out: Vec<&str> = Vec::new();
        for (_, _, key) in scored {
            if !out.contains(&key) && out.len() < 3 {
                out.push(key);
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn prepared_candidates_agree_with_the_plain_search(
            wanted in "[abcAB\u{e9}\u{c9}]{0,8}",
            texts in proptest::collection::vec("[abcAB\u{e9}\u{c9}]{0,8}", 0..12),
        ) {
            let candidates: Vec<(&str, &str)> = texts.iter().map(|t| (t.as_str(), t.as_str())).collect();
            proptest::prop_assert_eq!(Candidates::new(candidates.iter().copied()).closest(&wanted), reference(&wanted, &candidates));
        }
    }

    #[test]
    fn a_runaway_string_is_compared_quickly_and_still_matches_its_prefix() {
        let long = format!("iran{}", "x".repeat(50_000));
        let c = [("iran", "iran"), ("iraq", "iraq")];
        assert_eq!(closest(&long, c), vec!["iran"]);
        assert!(closest(&"y".repeat(50_000), c).is_empty());
    }

    #[test]
    fn formats_help() {
        assert_eq!(did_you_mean(&[]), None);
        assert_eq!(did_you_mean(&["iran"]).unwrap(), "did you mean \"iran\"?");
        assert_eq!(did_you_mean(&["a", "b", "c"]).unwrap(), "did you mean \"a\", \"b\" or \"c\"?");
        assert_eq!(one_of(["a", "b", "c"], 2), "\"a\", \"b\", ... (3 in all)");
    }
}
