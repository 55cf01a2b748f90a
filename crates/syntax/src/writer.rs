//! RON text for values written by edits: strings with correct escapes, quotes, new entries.

use crate::raw::ron_options;

/// A RON string literal for `s`: quotes, backslashes and control characters escaped; every
/// other character, non-ASCII included, written as is.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The value of a RON string literal (plain or raw), or `None` when `literal` is not one.
pub fn unstring(literal: &str) -> Option<String> {
    if !(literal.starts_with('"') || literal.starts_with('r')) {
        return None;
    }
    ron_options().from_str::<String>(literal).ok()
}

/// A list of strings: `["a", "b"]`.
pub fn string_list<S: AsRef<str>>(items: &[S]) -> String {
    format!("[{}]", items.iter().map(|s| string(s.as_ref())).collect::<Vec<_>>().join(", "))
}

/// An evidence quote: `Quote(source: "id", text: "...")`.
pub fn quote(source: &str, text: &str) -> String {
    format!("Quote(source: {}, text: {})", string(source), string(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn escapes_what_ron_needs() {
        assert_eq!(string("a \"b\" \\ c\nd"), r#""a \"b\" \\ c\nd""#);
        assert_eq!(string("Russia’s «x» 日本"), "\"Russia’s «x» 日本\"");
        assert_eq!(unstring(r#"r"raw \n""#).as_deref(), Some("raw \\n"));
        assert_eq!(unstring("12"), None);
    }

    proptest! {
        #[test]
        fn strings_round_trip_through_the_parser(s in any::<String>()) {
            prop_assert_eq!(unstring(&string(&s)), Some(s));
        }

        #[test]
        fn quotes_round_trip_through_the_parser(source in "[a-z][a-z0-9_-]{0,10}", text in any::<String>()) {
            #[derive(serde::Deserialize, PartialEq, Debug)]
            #[serde(rename = "Quote")]
            struct Q { source: String, text: String }
            let parsed: Q = ron_options().from_str(&quote(&source, &text)).unwrap();
            prop_assert_eq!(parsed, Q { source, text });
        }
    }
}
