//! Did-you-mean suggestions for misspelt ids and kinds.

/// The candidates closest to `wanted`, best first, at most three.
///
/// Each candidate is `(key, text)`: `text` is compared with `wanted` and `key` is returned, so an
/// alias (`"Tehran"`) can suggest the id it belongs to (`"iran"`). Comparison ignores case.
/// A candidate qualifies when its optimal-string-alignment distance is small for its length
/// (swapped letters count once), or when one string is a prefix of the other.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<&'a str> {
    let wanted_lc = wanted.to_lowercase();
    // One edit per three characters, at least one and at most three.
    let limit = wanted.chars().count().div_ceil(3).clamp(1, 3);
    let mut scored: Vec<(usize, u32, &str)> = Vec::new();
    for (key, text) in candidates {
        let text_lc = text.to_lowercase();
        let distance = strsim::osa_distance(&wanted_lc, &text_lc);
        let prefix = wanted_lc.len() >= 3 && (text_lc.starts_with(&wanted_lc) || wanted_lc.starts_with(&text_lc));
        if distance <= limit || prefix {
            // Rank by distance (a prefix counts as one edit), then by Jaro-Winkler similarity
            // (scaled to an integer for a total order), then by key for determinism.
            let score = if prefix { distance.min(1) } else { distance };
            let similarity = (strsim::jaro_winkler(&wanted_lc, &text_lc) * 1e6) as u32;
            scored.push((score, u32::MAX - similarity, key));
        }
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
    }

    #[test]
    fn formats_help() {
        assert_eq!(did_you_mean(&[]), None);
        assert_eq!(did_you_mean(&["iran"]).unwrap(), "did you mean \"iran\"?");
        assert_eq!(did_you_mean(&["a", "b", "c"]).unwrap(), "did you mean \"a\", \"b\" or \"c\"?");
        assert_eq!(one_of(["a", "b", "c"], 2), "\"a\", \"b\", ... (3 in all)");
    }
}
