//! Quoting for DOT and Mermaid: any text, from any data file, survives as itself.
//!
//! graphviz-rust prints ids and attribute values verbatim, so every id and value goes through
//! [`quote`] before it enters the DOT syntax tree.

use graphviz_rust::dot_structures::Id;

/// The DOT quoted string (`"..."`) that Graphviz reads back as exactly `text`.
///
/// Every id and every attribute value is quoted, so DOT keywords (`node`, `edge`, `graph`,
/// `subgraph`, `strict`, `digraph`, in any letter case) are plain names. Inside the quotes:
/// - `\` becomes `\\` and `"` becomes `\"`;
/// - a line break (`\n`, `\r\n` or `\r`) becomes `\n`, Graphviz's centred line break;
/// - `&` becomes `&amp;`: Graphviz decodes HTML entities in labels, so `AT&amp;T` in a name
///   would otherwise be drawn as `AT&T`;
/// - any other control character (tab, NUL, escape, ...) becomes a space, and the two
///   characters XML forbids, U+FFFE and U+FFFF, become U+FFFD, so the SVG stays well-formed.
///
/// Everything else, `<b>`, emoji, right-to-left scripts, combining marks, is kept as it is:
/// DOT files are UTF-8 and Graphviz escapes what SVG needs.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    replace(text, &mut out, &QUOTED, |b, next| match b {
        b'\\' => Some((1, "\\\\")),
        b'"' => Some((1, "\\\"")),
        b'&' => Some((1, "&amp;")),
        b'\n' => Some((1, "\\n")),
        b'\r' => Some((if next == Some(b'\n') { 2 } else { 1 }, "\\n")),
        _ => None,
    });
    out.push('"');
    out
}

/// The bytes that may start a sequence to replace: control characters, the first byte of
/// U+0080 to U+009F and of U+FFFE and U+FFFF, and `extra`.
const fn starts(extra: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[0x7f] = true;
    table[0xc2] = true;
    table[0xef] = true;
    let mut i = 0;
    while i < extra.len() {
        table[extra[i] as usize] = true;
        i += 1;
    }
    table
}

/// What [`quote`] replaces starts with one of these bytes.
const QUOTED: [bool; 256] = starts(b"\\\"&");
/// What [`html`] replaces starts with one of these bytes.
const HTML: [bool; 256] = starts(b"&<>\"]");

/// Copies `text` to `out` with some characters replaced: `special` is given each byte of an
/// ASCII character marked in `starts` and the byte after it, and says how many bytes to
/// replace (1, or 2 for a `\r\n`) and by what. Then any other control character becomes a
/// space and U+FFFE and U+FFFF become U+FFFD. Text between replacements is copied in one
/// piece: most text has nothing to replace.
fn replace(
    text: &str,
    out: &mut String,
    starts: &[bool; 256],
    special: impl Fn(u8, Option<u8>) -> Option<(usize, &'static str)>,
) {
    let bytes = text.as_bytes();
    let (mut copied, mut i) = (0, 0);
    while i < bytes.len() {
        let b = bytes[i];
        if !starts[usize::from(b)] {
            i += 1;
            continue;
        }
        let next = bytes.get(i + 1).copied();
        // Every replaced sequence starts with an ASCII byte or the lead byte of a two- or
        // three-byte character, so `i` is at a character boundary when one is found.
        let found = match b {
            0x80.. => match (b, next, bytes.get(i + 2)) {
                // U+0080 to U+009F, the C1 control characters.
                (0xc2, Some(0x80..=0x9f), _) => Some((2, " ")),
                (0xef, Some(0xbf), Some(0xbe | 0xbf)) => Some((3, "\u{FFFD}")),
                _ => None,
            },
            _ => special(b, next).or_else(|| (b < 0x20 || b == 0x7f).then_some((1, " "))),
        };
        match found {
            Some((len, with)) => {
                out.push_str(&text[copied..i]);
                out.push_str(with);
                i += len;
                copied = i;
            }
            None => i += 1,
        }
    }
    out.push_str(&text[copied..]);
}

/// A graphviz-rust id holding `text` quoted with [`quote`].
pub fn id(text: &str) -> Id {
    Id::Escaped(quote(text))
}

/// Text for the inside of a Graphviz HTML-like label: `&`, `<`, `>`, `"` and `]` as entities, line
/// breaks as `<br/>`, other control characters as spaces, U+FFFE and U+FFFF (not XML) as U+FFFD.
///
/// `]` is written `&#93;` because Graphviz (2.43 at least) refuses a text item that is a lone
/// `]` ("non-space string used after </TABLE>"), as in a label line that starts with it.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    replace(text, &mut out, &HTML, |b, next| match b {
        b'&' => Some((1, "&amp;")),
        b'<' => Some((1, "&lt;")),
        b'>' => Some((1, "&gt;")),
        b'"' => Some((1, "&quot;")),
        b']' => Some((1, "&#93;")),
        b'\n' => Some((1, "<br/>")),
        b'\r' => Some((if next == Some(b'\n') { 2 } else { 1 }, "<br/>")),
        _ => None,
    });
    out
}

/// Text for a Mermaid label written between double quotes (`A["..."]`, `-->|"..."|`).
///
/// Mermaid reads `#name;` and `#number;` as entity codes. Every ASCII character that has a
/// meaning somewhere in Mermaid's syntax (quotes, brackets, `|`, `;`, `#`, `&`, `<`, `>`,
/// backtick, `\`, ...) is written as `#number;`, line breaks become `<br>`, other control
/// characters a space. Letters, digits, spaces, other punctuation and all non-ASCII
/// characters are kept.
pub fn mermaid(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("<br>");
            }
            c if c.is_control() => out.push(' '),
            c if c.is_ascii_alphanumeric()
                || matches!(c, ' ' | ',' | '.' | '-' | '_' | ':' | '/' | '\'' | '?' | '!') =>
            {
                out.push(c)
            }
            c if c.is_ascii() => {
                out.push('#');
                out.push_str(&u32::from(c).to_string());
                out.push(';');
            }
            c => out.push(c),
        }
    }
    out
}

/// A Mermaid node id for an actor slug: `a_` then the slug with `_` doubled and `-` as `_h`.
///
/// The prefix keeps Mermaid's words (`end`, `graph`, `subgraph`, `style`, `class`, ...) and
/// ids that start with `o` or `x` (read as edge ends after `--`) out of the way; the mapping is
/// one-to-one, so two slugs never share an id.
pub fn mermaid_id(slug: &str) -> String {
    let mut out = String::with_capacity(slug.len() + 2);
    out.push_str("a_");
    for c in slug.chars() {
        match c {
            '_' => out.push_str("__"),
            '-' => out.push_str("_h"),
            c if c.is_ascii_alphanumeric() => out.push(c),
            c => {
                // Not a slug character: encode it so the id stays a Mermaid word.
                out.push_str(&format!("_u{:x}_", u32::from(c)));
            }
        }
    }
    out
}

/// Reverses [`quote`] as Graphviz's DOT reader and escString do (for tests).
#[cfg(test)]
pub fn unquote(quoted: &str) -> String {
    let inner = &quoted[1..quoted.len() - 1];
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out.replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn quotes_every_special_character() {
        assert_eq!(quote("plain"), r#""plain""#);
        assert_eq!(quote(r#"say "hi""#), r#""say \"hi\"""#);
        assert_eq!(quote(r"C:\new\table"), r#""C:\\new\\table""#);
        assert_eq!(quote("two\nlines"), r#""two\nlines""#);
        assert_eq!(quote("dos\r\nmac\rend"), r#""dos\nmac\nend""#);
        assert_eq!(quote("tab\there\0nul\x1b"), r#""tab here nul ""#);
        assert_eq!(quote("AT&T &amp;"), r#""AT&amp;T &amp;amp;""#);
        assert_eq!(quote("<b>bold</b>"), r#""<b>bold</b>""#);
        assert_eq!(quote("\\\""), r#""\\\"""#, "a backslash before a quote must not escape it");
        assert_eq!(quote("ends with \\"), r#""ends with \\""#, "a final backslash must not eat the closing quote");
        assert_eq!(quote(""), r#""""#);
        assert_eq!(quote("\u{FFFE}\u{FFFF}"), "\"\u{FFFD}\u{FFFD}\"", "not XML characters");
    }

    #[test]
    fn keeps_unicode_and_keywords() {
        for text in ["🇺🇦 Україна", "ישראל", "إيران", "日本", "e\u{301}", "\u{202e}rtl override"]
        {
            assert_eq!(quote(text), format!("\"{text}\""));
        }
        for keyword in ["node", "edge", "graph", "digraph", "subgraph", "strict", "NODE", "Strict"] {
            assert_eq!(quote(keyword), format!("\"{keyword}\""));
        }
    }

    #[test]
    fn html_escapes_markup() {
        assert_eq!(html(r#"<b>"A&B"</b>"#), "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;");
        assert_eq!(html("a\nb\r\nc\td"), "a<br/>b<br/>c d");
        // `]` right after a line break breaks Graphviz's HTML labels.
        assert_eq!(html("N\n]"), "N<br/>&#93;");
        assert_eq!(html("🇺🇦 ישראל"), "🇺🇦 ישראל");
        assert_eq!(html("\u{FFFE}\u{FFFF}"), "\u{FFFD}\u{FFFD}");
    }

    #[test]
    fn mermaid_escapes_syntax_and_keeps_letters() {
        assert_eq!(mermaid("Hamas"), "Hamas");
        assert_eq!(
            mermaid(r#"say "hi" | end; #1 <b>&`[x]`\"#),
            "say #34;hi#34; #124; end#59; #35;1 #60;b#62;#38;#96;#91;x#93;#96;#92;"
        );
        assert_eq!(mermaid("a\nb\r\nc"), "a<br>b<br>c");
        assert_eq!(mermaid("🇺🇦 ישראל"), "🇺🇦 ישראל");
    }

    #[test]
    fn mermaid_ids_are_prefixed_and_distinct() {
        assert_eq!(mermaid_id("end"), "a_end");
        assert_eq!(mermaid_id("realist-2026"), "a_realist_h2026");
        assert_ne!(mermaid_id("a-b"), mermaid_id("a_b"));
        assert_ne!(mermaid_id("a_hb"), mermaid_id("a-b"));
    }

    /// The quoting written character by character, as the specification reads.
    fn quote_by_chars(text: &str) -> String {
        let mut out = String::from('"');
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' => out.push_str("\\\\"),
                '"' => out.push_str("\\\""),
                '&' => out.push_str("&amp;"),
                '\n' => out.push_str("\\n"),
                '\r' => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    out.push_str("\\n");
                }
                c if c.is_control() => out.push(' '),
                '\u{FFFE}' | '\u{FFFF}' => out.push(char::REPLACEMENT_CHARACTER),
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    /// The HTML escaping written character by character.
    fn html_by_chars(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                ']' => out.push_str("&#93;"),
                '\r' | '\n' => {
                    if c == '\r' && chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    out.push_str("<br/>");
                }
                c if c.is_control() => out.push(' '),
                '\u{FFFE}' | '\u{FFFF}' => out.push(char::REPLACEMENT_CHARACTER),
                c => out.push(c),
            }
        }
        out
    }

    /// Text made of the characters the escaping treats apart, characters whose UTF-8 bytes
    /// resemble theirs, and any others.
    fn tricky() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            prop::sample::select(vec![
                "\\", "\"", "&", "<", ">", "]", "\n", "\r", "\r\n", "\t", "\0", "\x7f", "\u{80}", "\u{9f}", "\u{a0}",
                "\u{c2}", "\u{FFFD}", "\u{FFFE}", "\u{FFFF}", "\u{EFBF}", "\u{3fbf}", "x", " ",
            ])
            .prop_map(str::to_owned),
            any::<char>().prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..24).prop_map(|p| p.concat())
    }

    proptest! {
        #[test]
        fn quote_and_html_are_the_character_by_character_escaping(text in tricky(), any_text in any::<String>()) {
            for t in [&text, &any_text] {
                prop_assert_eq!(quote(t), quote_by_chars(t));
                prop_assert_eq!(html(t), html_by_chars(t));
            }
        }

        #[test]
        fn quote_round_trips(text in any::<String>()) {
            let q = quote(&text);
            let expected: String = text
                .replace("\r\n", "\n")
                .replace('\r', "\n")
                .chars()
                .map(|c| match c {
                    '\n' => c,
                    c if c.is_control() => ' ',
                    '\u{FFFE}' | '\u{FFFF}' => char::REPLACEMENT_CHARACTER,
                    c => c,
                })
                .collect();
            prop_assert_eq!(unquote(&q), expected);
            // No unescaped quote inside, no raw line break: one DOT token.
            let inner = &q[1..q.len() - 1];
            let mut escaped = false;
            for c in inner.chars() {
                prop_assert!(escaped || c != '"', "bare quote in {}", q);
                prop_assert!(!c.is_control(), "control character in {}", q);
                escaped = !escaped && c == '\\';
            }
            prop_assert!(!escaped, "dangling backslash in {}", q);
        }

        #[test]
        fn mermaid_ids_are_words_and_one_to_one(a in "[a-z][a-z0-9_-]{0,20}", b in "[a-z][a-z0-9_-]{0,20}") {
            let (ia, ib) = (mermaid_id(&a), mermaid_id(&b));
            prop_assert!(ia.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
            prop_assert_eq!(a == b, ia == ib);
        }

        #[test]
        fn mermaid_labels_have_no_syntax(text in any::<String>()) {
            let m = mermaid(&text);
            for bad in ['"', '|', '[', ']', '(', ')', '{', '}', '<', '>', '`', '\\', '\n', '\r'] {
                let without_br = m.replace("<br>", "");
                prop_assert!(!without_br.contains(bad), "{:?} in {:?}", bad, m);
            }
        }
    }
}
