//! Text made safe for XML 1.0: characters XML forbids are replaced.

use std::borrow::Cow;

/// Whether XML 1.0 allows `c` in a document (tab, line feed and carriage return are the only
/// control characters it allows; U+FFFE and U+FFFF are not characters).
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `text` with every character XML 1.0 forbids (most C0 controls, U+FFFE, U+FFFF) replaced by
/// U+FFFD; escaping of `<`, `&` and quotes is left to the XML writer.
pub fn safe(text: &str) -> Cow<'_, str> {
    if text.chars().all(allowed) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().map(|c| if allowed(c) { c } else { '\u{FFFD}' }).collect())
    }
}

/// An attribute value, XML-safe and escaped so that a parser gives back exactly `text`: `&`,
/// `<`, `>`, `"`, and the tab, line feed and carriage return that attribute-value
/// normalisation would otherwise turn into spaces.
pub fn attribute(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in safe(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

/// Adds an attribute to `element`, escaped by [`attribute`].
pub fn push(element: &mut quick_xml::events::BytesStart<'_>, name: &str, value: &str) {
    let value = attribute(value);
    element.push_attribute(quick_xml::events::attributes::Attribute {
        key: quick_xml::name::QName(name),
        value: Cow::Owned(value),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_characters_are_replaced_and_the_rest_kept() {
        assert_eq!(safe("bell\u{7} tab\t nl\n \u{1F642} \u{FFFF}"), "bell\u{FFFD} tab\t nl\n \u{1F642} \u{FFFD}");
        assert!(matches!(safe("plain <text> & more"), Cow::Borrowed(_)));
        assert_eq!(attribute("a\n\"b\" <&>\u{7}"), "a&#10;&quot;b&quot; &lt;&amp;&gt;\u{FFFD}");
    }
}
