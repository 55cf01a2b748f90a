//! A reader of the plain subset of RON that clean data files are written in, made for speed: a
//! serde deserializer over the bytes of one entry, giving exactly the value ron gives for the
//! same text, and refusing everything else.
//!
//! The shapes and their field names are the serde shapes of the format ([`crate::raw`]); only the
//! reading of tokens is written here. It reads entries such as
//! `Relation(subject: "a", kind: "war", object: "b", confidence: 0.9, evidence: [Quote(...)])`:
//! named structs, variants holding a struct (`Country(id: ...)`), optional fields written bare,
//! lists, strings with the simple escapes (`\"`, `\\`, `\n`, `\r`, `\t`, `\'`, `\0`), booleans
//! and decimal numbers, separated by ASCII whitespace and line comments. Anything else (a block
//! comment, `Some(...)` or `None`, raw strings, other escapes, non-ASCII whitespace, a missing or unknown
//! field, a number ron would read differently) is refused, and the entry is then read by ron:
//! this reader never decides what text means, it only skips ron's generality where the text
//! needs none of it. Tested against ron on random entries, on every data file of the project
//! and on mutated ones.

use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};

/// Reads a `T` written at the start of `text`; the value and the length of text it spans (up to
/// and including its closing `)`), or `None` when the text is not plainly in the subset.
pub(crate) fn read<T: DeserializeOwned>(text: &str) -> Option<(T, usize)> {
    let mut reader = Reader { bytes: text.as_bytes(), text, at: 0, unnamed: false };
    let value = T::deserialize(&mut reader).ok()?;
    Some((value, reader.at))
}

/// Why the reader stopped: nothing to say, the entry goes to ron.
#[derive(Debug)]
pub(crate) struct Refused;

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not plain")
    }
}

impl std::error::Error for Refused {}

impl de::Error for Refused {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Refused
    }
}

type Result<T> = std::result::Result<T, Refused>;

struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    /// The next struct is the content of a variant (`Country(...)`): its name was the variant's.
    unnamed: bool,
}

/// The bytes that continue an identifier: ASCII letters and digits, and `_`.
static IDENT: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    table
};

/// Whether `b` continues an identifier: an ASCII letter or digit, or `_`.
pub(crate) fn is_ident_byte(b: u8) -> bool {
    IDENT[usize::from(b)]
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// Skips ASCII whitespace and line comments (as ron does); a block comment, a line comment
    /// that ends the text or any other whitespace is left in place, and then refused by
    /// whatever expects a token.
    #[inline]
    fn skip_ws(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.at += 1,
                Some(b'/') if self.bytes.get(self.at + 1) == Some(&b'/') => {
                    match memchr::memchr(b'\n', &self.bytes[self.at..]) {
                        Some(end) => self.at += end + 1,
                        None => return,
                    }
                }
                _ => return,
            }
        }
    }

    #[inline]
    fn expect(&mut self, byte: u8) -> Result<()> {
        self.skip_ws();
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(Refused)
        }
    }

    /// An ASCII identifier that ron would read as the same one: not followed by a byte that
    /// could continue it (a non-ASCII letter) or make it raw (`r#`).
    #[inline]
    fn ident(&mut self) -> Result<&'a str> {
        self.skip_ws();
        let start = self.at;
        let rest = &self.bytes[start..];
        match rest.first() {
            Some(&b) if b.is_ascii_alphabetic() || b == b'_' => {}
            _ => return Err(Refused),
        }
        let len = rest.iter().position(|&b| !is_ident_byte(b)).unwrap_or(rest.len());
        match rest.get(len) {
            Some(&b) if b >= 0x80 || b == b'#' || b == b'"' => Err(Refused),
            _ => {
                self.at += len;
                Ok(&self.text[start..self.at])
            }
        }
    }

    /// A string in double quotes, borrowed when it has no escape.
    fn string(&mut self) -> Result<Str<'a>> {
        self.expect(b'"')?;
        let start = self.at;
        let rest = &self.bytes[start..];
        let end = memchr::memchr2(b'"', b'\\', rest).ok_or(Refused)?;
        if rest[end] == b'"' {
            self.at = start + end + 1;
            return Ok(Str::Borrowed(&self.text[start..start + end]));
        }
        let mut owned = String::with_capacity(end + 16);
        let mut at = start;
        loop {
            let rest = &self.bytes[at..];
            let next = memchr::memchr2(b'"', b'\\', rest).ok_or(Refused)?;
            owned.push_str(&self.text[at..at + next]);
            at += next;
            if self.bytes[at] == b'"' {
                self.at = at + 1;
                return Ok(Str::Owned(owned));
            }
            owned.push(match self.bytes.get(at + 1) {
                Some(b'"') => '"',
                Some(b'\\') => '\\',
                Some(b'\'') => '\'',
                Some(b'n') => '\n',
                Some(b'r') => '\r',
                Some(b't') => '\t',
                Some(b'0') => '\0',
                // Line continuations, `\x`, `\u{...}`, and what ron refuses.
                _ => return Err(Refused),
            });
            at += 2;
        }
    }

    /// A decimal number as ron reads a float: the run of characters ron takes for one, when it
    /// has none of ron's special cases (underscores, `..`, a suffix).
    fn number(&mut self) -> Result<f64> {
        self.skip_ws();
        let start = self.at;
        match self.peek() {
            Some(b'0'..=b'9') => {}
            Some(b'-') if self.bytes.get(start + 1).is_some_and(u8::is_ascii_digit) => {}
            _ => return Err(Refused),
        }
        while let Some(b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-' | b'_') = self.peek() {
            self.at += 1;
        }
        let run = &self.text[start..self.at];
        if run.contains('_') || run.contains("..") || self.peek().is_some_and(|b| is_ident_byte(b) || b >= 0x80) {
            return Err(Refused);
        }
        run.parse().map_err(|_| Refused)
    }

    /// `true` or `false`, as a whole identifier.
    fn boolean(&mut self) -> Result<bool> {
        match self.ident()? {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(Refused),
        }
    }

    /// After an item of a struct or list: `,` then the closing byte or another item, or the
    /// closing byte. Whether an item follows.
    #[inline]
    fn more(&mut self, close: u8, first: &mut bool) -> Result<bool> {
        self.skip_ws();
        if !std::mem::take(first) {
            match self.peek() {
                Some(b',') => {
                    self.at += 1;
                    self.skip_ws();
                }
                Some(b) if b == close => {}
                _ => return Err(Refused),
            }
        }
        if self.peek() == Some(close) {
            self.at += 1;
            Ok(false)
        } else {
            Ok(true)
        }
    }
}

/// A string read, borrowed from the text when it had no escape.
enum Str<'a> {
    Borrowed(&'a str),
    Owned(String),
}

impl<'de> de::Deserializer<'de> for &mut Reader<'_> {
    type Error = Refused;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(Refused)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_bool(self.boolean()?)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_f64(self.number()?)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.string()? {
            Str::Borrowed(s) => visitor.visit_str(s),
            Str::Owned(s) => visitor.visit_string(s),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    /// A bare value is `Some` of it (ron's implicit `Some`); `Some(...)` and `None` are refused.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip_ws();
        match self.peek() {
            Some(b'N' | b'S') | None => Err(Refused),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'[')?;
        visitor.visit_seq(Items { reader: self, first: true })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        if !std::mem::take(&mut self.unnamed) && self.ident()? != name {
            return Err(Refused);
        }
        // No space between a name and its `(`.
        if self.peek() != Some(b'(') {
            return Err(Refused);
        }
        self.at += 1;
        visitor.visit_map(Fields { reader: self, first: true })
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_enum(self)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_str(self.ident()?)
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 char bytes byte_buf unit unit_struct
        newtype_struct tuple tuple_struct map ignored_any
    }
}

/// The items of a list, after its `[`.
struct Items<'r, 'a> {
    reader: &'r mut Reader<'a>,
    first: bool,
}

impl<'de> SeqAccess<'de> for Items<'_, '_> {
    type Error = Refused;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.reader.more(b']', &mut self.first)? { seed.deserialize(&mut *self.reader).map(Some) } else { Ok(None) }
    }
}

/// The fields of a struct, after its `(`.
struct Fields<'r, 'a> {
    reader: &'r mut Reader<'a>,
    first: bool,
}

impl<'de> MapAccess<'de> for Fields<'_, '_> {
    type Error = Refused;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.reader.more(b')', &mut self.first)? {
            return Ok(None);
        }
        let key = seed.deserialize(&mut *self.reader)?;
        self.reader.expect(b':')?;
        Ok(Some(key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.reader)
    }
}

/// An entry such as `Country(id: ...)`: the variant's name, then its struct without a name.
impl<'de> EnumAccess<'de> for &mut Reader<'_> {
    type Error = Refused;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let name = self.ident()?;
        let value = seed.deserialize(de::value::StrDeserializer::<Refused>::new(name))?;
        Ok((value, self))
    }
}

impl<'de> VariantAccess<'de> for &mut Reader<'_> {
    type Error = Refused;

    fn unit_variant(self) -> Result<()> {
        Err(Refused)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        self.unnamed = true;
        let value = seed.deserialize(&mut *self);
        // Only a struct takes the flag; anything else is refused and must not leave it set.
        if std::mem::take(&mut self.unnamed) {
            return Err(Refused);
        }
        value
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value> {
        Err(Refused)
    }

    fn struct_variant<V: Visitor<'de>>(self, _: &'static [&'static str], _: V) -> Result<V::Value> {
        Err(Refused)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use proptest::prelude::*;
    use serde::Deserialize;

    use super::*;
    use crate::fuzzing::{agrees, agrees_as_any};
    use crate::raw::{ActorRaw, RelationKindRaw, RelationRaw, SourceRaw};

    /// Every byte offset of `text` where an identifier starts.
    fn ident_starts(text: &str) -> Vec<usize> {
        let bytes = text.as_bytes();
        (0..bytes.len())
            .filter(|&i| bytes[i].is_ascii_alphabetic() && (i == 0 || !is_ident_byte(bytes[i - 1])))
            .collect()
    }

    /// Every file below `dir`, as text.
    fn texts_below(dir: &Path) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_owned()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let bytes = std::fs::read(&path).unwrap();
                    out.push((path.display().to_string(), String::from_utf8_lossy(&bytes).into_owned()));
                }
            }
        }
        out.sort();
        out
    }

    fn project(dir: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(dir)
    }

    #[test]
    fn every_entry_of_the_project_data_reads_as_ron_reads_it() {
        for (name, text) in texts_below(&project("data")).into_iter().chain(texts_below(&project("tests/data"))) {
            for at in ident_starts(&text) {
                let n = agrees_as_any(&text[at..]);
                assert!(n <= 1, "{name}:{at} read as {n} kinds of entry");
            }
        }
        // The shipped data is plain: every entry of it is read here, not by ron.
        for (name, text) in texts_below(&project("data")) {
            for section in crate::outline::outline(&text).sections {
                for range in section.entries {
                    assert_eq!(agrees_as_any(&text[range.clone()]), 1, "{name}: {}", &text[range]);
                }
            }
        }
    }

    #[test]
    fn the_plain_subset_and_its_edges() {
        let relation = |fields: &str| format!("Relation(subject: \"a\", kind: \"k\", object: \"b\"{fields})");
        for plain in [
            relation(""),
            relation(","),
            relation(", confidence: 0.5"),
            relation(", confidence: -1e3 "),
            relation(", negated: true, about: [], evidence: [Quote(source: \"s\", text: \"t\"),]"),
            relation(", note: \"a \\\"quoted\\\" word, a \\\\ and\\na line\\t\\r\\0\\'\""),
            relation(", note: \"raw\nnewline é\""),
            "Relation(\r\n\tsubject:\"a\",kind:\"k\",object:\"b\",\n)".into(),
            "Relation( // c\n  subject: \"a\", // \"x\n kind: \"k\", object: \"b\" //\n)".into(),
        ] {
            assert!(agrees::<RelationRaw>(&plain), "{plain:?} should be read");
        }
        for unusual in [
            relation(", confidence: 1_0"),
            relation(", confidence: 1f64"),
            relation(", confidence: inf"),
            relation(", confidence: +1"),
            relation(", confidence: .5"),
            relation(", since: Some(\"2020\")"),
            relation(", since: None"),
            relation(", since: r\"2020\""),
            relation(", note: \"a\\\n  b\""),
            relation(", note: \"\\u{e9}\""),
            relation(", note: \"\\x41\""),
            relation(" /* c */"),
            relation(" // c"),
            relation(",\u{200E}"),
            relation(", r#note: \"n\""),
            relation(", nté: \"n\""),
            relation(", note: \"n\", note: \"m\""),
            relation(", evidence: [(source: \"s\", text: \"t\")]"),
            relation(", evidence: [Quote (source: \"s\", text: \"t\")]"),
            "Relation (subject: \"a\", kind: \"k\", object: \"b\")".into(),
            "Relation(subject: \"a\", kind: \"k\")".into(),
            "Relation(subject: \"a\" kind: \"k\", object: \"b\")".into(),
            "Relation(, subject: \"a\", kind: \"k\", object: \"b\")".into(),
            "Relationship(subject: \"a\", kind: \"k\", object: \"b\")".into(),
        ] {
            assert!(!agrees::<RelationRaw>(&unusual), "{unusual:?} should be left to ron");
        }
        assert!(agrees::<ActorRaw>("Country(id: \"a\", name: \"A\", aliases: [\"B\", \"C\",],)"));
        assert!(agrees::<ActorRaw>("Person(id: \"p\", name: \"P\", offices: [Office(title: \"t\", of: \"a\")])"));
        assert!(!agrees::<ActorRaw>("Country (id: \"a\", name: \"A\")"));
        assert!(!agrees::<ActorRaw>("Nation(id: \"a\", name: \"A\")"));
        assert!(!agrees::<ActorRaw>("Country"));
        assert!(agrees::<RelationKindRaw>("RelationKind(id: \"k\", directed: false, subjects: [\"country\"])"));
        assert!(!agrees::<RelationKindRaw>("RelationKind(id: \"k\", directed: Some(false))"));
    }

    /// A piece of text and whether it is in the plain subset.
    type Piece = (String, bool);

    fn space() -> impl Strategy<Value = Piece> {
        prop_oneof![
            4 => prop::sample::select(vec!["", " ", "\n    ", "\t", "\r\n  ", " // c, )\n"]).prop_map(|s| (s.to_owned(), true)),
            1 => prop::sample::select(vec![" /* c */ ", "// c", "\u{200E}", "\u{2028}", "\u{0B}", "\u{85}"])
                .prop_map(|s| (s.to_owned(), false)),
        ]
    }

    fn string() -> impl Strategy<Value = Piece> {
        let char = prop::sample::select(vec![
            ("a", true),
            ("Z", true),
            (" ", true),
            ("é", true),
            ("“", true),
            ("\n", true),
            ("/*", true),
            (",", true),
            (")", true),
            ("\\\"", true),
            ("\\\\", true),
            ("\\n", true),
            ("\\t", true),
            ("\\r", true),
            ("\\0", true),
            ("\\'", true),
            ("'", true),
            ("\\u{e9}", false),
            ("\\x41", false),
            ("\\\n   ", false),
            ("\\q", false),
            ("\\", false),
        ]);
        (prop::collection::vec(char, 0..8), 0..12u8).prop_map(|(chars, form)| {
            let body: String = chars.iter().map(|(c, _)| *c).collect();
            let plain = chars.iter().all(|(_, p)| *p);
            match form {
                0 => (format!("r\"{}\"", body.replace(['"', '\\'], "")), false),
                1 => (format!("Some(\"{body}\")"), false),
                2 => ("None".into(), false),
                3 => (format!("\"{body}"), false),
                _ => (format!("\"{body}\""), plain),
            }
        })
    }

    fn number() -> impl Strategy<Value = Piece> {
        prop::sample::select(vec![
            ("0.5", true),
            ("1", true),
            ("1.0", true),
            ("-0.25", true),
            ("0", true),
            ("-0", true),
            ("1e3", true),
            ("2.5E-1", true),
            ("100", true),
            ("0.95", true),
            ("1_000.0", false),
            ("1.", false),
            (".5", false),
            ("+1", false),
            ("inf", false),
            ("NaN", false),
            ("-inf", false),
            ("1f64", false),
            ("0x10", false),
            ("1..2", false),
            ("1e", false),
            ("--1", false),
            ("1.5.5", false),
            ("\"0.5\"", false),
            ("Some(0.5)", false),
            ("1e999", false),
            ("1é", false),
        ])
        .prop_map(|(s, p)| (s.to_owned(), p))
    }

    fn boolean() -> impl Strategy<Value = Piece> {
        prop::sample::select(vec![
            ("true", true),
            ("false", true),
            ("True", false),
            ("truex", false),
            ("1", false),
            ("\"true\"", false),
        ])
        .prop_map(|(s, p)| (s.to_owned(), p))
    }

    /// A list of pieces: `[a, b]`, with spaces and perhaps a trailing comma.
    fn list(item: BoxedStrategy<Piece>) -> impl Strategy<Value = Piece> {
        (prop::collection::vec((space(), item, space()), 0..3), any::<bool>(), 0..10u8).prop_map(
            |(items, trailing, form)| {
                let mut plain = form > 0;
                let mut out = String::from(if form == 0 { "(" } else { "[" });
                for (i, ((s1, p1), (item, p2), (s2, p3))) in items.iter().enumerate() {
                    plain &= p1 & p2 & p3;
                    out.push_str(s1);
                    out.push_str(item);
                    out.push_str(s2);
                    if i + 1 < items.len() || trailing {
                        out.push(',');
                    }
                }
                out.push(if form == 0 { ')' } else { ']' });
                (out, plain)
            },
        )
    }

    /// A struct written `Name(field: value, ...)` from the fields given, some of them perhaps
    /// dropped or written twice, perhaps with an unknown one; plain when every piece is, every
    /// required field is there once and no field is unknown.
    fn structure(
        name: &'static str,
        fields: Vec<(&'static str, bool, BoxedStrategy<Piece>)>,
    ) -> impl Strategy<Value = Piece> {
        let n = fields.len();
        let values: Vec<_> = fields.iter().map(|(_, _, v)| v.clone()).collect();
        (
            values,
            prop::collection::vec(any::<bool>(), n),
            prop::collection::vec((space(), space()), n + 1),
            Just(fields.iter().map(|(f, required, _)| (*f, *required)).collect::<Vec<_>>()),
            0..20u8,
            any::<prop::sample::Index>(),
            any::<bool>(),
        )
            .prop_map(move |(values, keep, spaces, names, odd, which, trailing)| {
                let mut plain = true;
                let mut parts: Vec<String> = Vec::new();
                for (i, ((field, required), (value, p))) in names.iter().zip(values).enumerate() {
                    let kept = *required || keep[i];
                    if !kept {
                        continue;
                    }
                    let ((s1, p1), (s2, p2)) = &spaces[i];
                    plain &= p && *p1 && *p2;
                    parts.push(format!("{s1}{field}:{s2}{value}"));
                }
                match odd {
                    // A required field left out, one written twice, an unknown one, a missing
                    // comma, a space before `(`.
                    0 => {
                        if let Some(i) = names.iter().position(|(_, r)| *r) {
                            let name = names[i].0;
                            parts.retain(|p| !p.trim_start().starts_with(&format!("{name}:")));
                            plain = false;
                        }
                    }
                    1 if !parts.is_empty() => {
                        let twice = parts[which.index(parts.len())].clone();
                        parts.push(twice);
                        plain = false;
                    }
                    2 => {
                        parts.push("colour: \"red\"".into());
                        plain = false;
                    }
                    _ => {}
                }
                let (end, p) = &spaces[n].0;
                plain &= p;
                let mut body = parts.join(",");
                if odd == 3 {
                    body = body.replacen(',', " ", 1);
                    plain &= parts.len() < 2;
                }
                let open = if odd == 4 {
                    plain = false;
                    " ("
                } else {
                    "("
                };
                let comma = if trailing && !parts.is_empty() { "," } else { "" };
                (format!("{name}{open}{body}{comma}{end})"), plain)
            })
    }

    fn s() -> BoxedStrategy<Piece> {
        string().boxed()
    }

    fn strings() -> BoxedStrategy<Piece> {
        list(string().boxed()).boxed()
    }

    /// Evidence items: quotes and background knowledge, mixed in one list.
    fn evidence() -> BoxedStrategy<Piece> {
        let quote = structure("Quote", vec![("source", true, s()), ("text", true, s())]).boxed();
        let background =
            structure("Background", vec![("source", true, s()), ("fields", false, strings()), ("note", false, s())])
                .boxed();
        list(prop_oneof![quote, background].boxed()).boxed()
    }

    fn relation() -> impl Strategy<Value = Piece> {
        structure(
            "Relation",
            vec![
                ("id", false, s()),
                ("subject", true, s()),
                ("kind", true, s()),
                ("object", true, s()),
                ("since", false, s()),
                ("until", false, s()),
                ("negated", false, boolean().boxed()),
                ("about", false, strings()),
                ("confidence", false, number().boxed()),
                ("evidence", false, evidence()),
                ("note", false, s()),
            ],
        )
    }

    fn actor() -> impl Strategy<Value = Piece> {
        let office = structure(
            "Office",
            vec![("title", true, s()), ("of", true, s()), ("since", false, s()), ("evidence", false, evidence())],
        )
        .boxed();
        let offices = list(office).boxed();
        prop_oneof![
            structure(
                "Country",
                vec![("id", true, s()), ("name", true, s()), ("aliases", false, strings()), ("iso3", false, s())]
            ),
            structure(
                "Person",
                vec![
                    ("id", true, s()),
                    ("name", true, s()),
                    ("offices", false, offices.clone()),
                    ("tags", false, strings())
                ]
            ),
            structure(
                "Actor",
                vec![
                    ("id", true, s()),
                    ("name", true, s()),
                    ("kind", true, s()),
                    ("offices", false, offices),
                    ("start", false, s()),
                    ("evidence", false, evidence())
                ]
            ),
        ]
    }

    fn relation_kind() -> impl Strategy<Value = Piece> {
        let directed = prop_oneof![boolean(), Just(("Some(true)".to_owned(), false)), Just(("None".to_owned(), false))];
        structure(
            "RelationKind",
            vec![
                ("id", true, s()),
                ("directed", false, directed.boxed()),
                ("subjects", false, strings()),
                ("cameo", false, s()),
            ],
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1500))]

        /// Random entries, plain or not: the plain reader reads every plain one, and what it
        /// reads, ron reads the same.
        #[test]
        fn random_entries_read_as_ron_reads_them(
            (relation, plain_relation) in relation(),
            (actor, plain_actor) in actor(),
            (kind, plain_kind) in relation_kind(),
            source in structure(
                "Source",
                vec![("id", true, s()), ("kind", false, s()), ("title", false, s()), ("url", false, s())],
            ),
            after in prop::sample::select(vec!["", ",", " ]", "\n)"]),
        ) {
            prop_assert!(agrees::<RelationRaw>(&format!("{relation}{after}")) || !plain_relation, "{}", relation);
            prop_assert!(agrees::<ActorRaw>(&format!("{actor}{after}")) || !plain_actor, "{}", actor);
            prop_assert!(agrees::<RelationKindRaw>(&kind) || !plain_kind, "{}", kind);
            prop_assert!(agrees::<SourceRaw>(&source.0) || !source.1, "{}", source.0);
        }
    }

    fn seed_entries() -> &'static [String] {
        static ENTRIES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        ENTRIES.get_or_init(|| {
            let mut out = Vec::new();
            for (_, text) in texts_below(&project("data")).into_iter().chain(texts_below(&project("tests/data"))) {
                for section in crate::outline::outline(&text).sections {
                    out.extend(section.entries.iter().map(|r| text[r.clone()].to_owned()));
                }
            }
            out
        })
    }

    /// The nearest character boundary at or before `at` (taken modulo the length).
    fn boundary(text: &str, at: usize) -> usize {
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// The entries of the project's data, mutated: whatever the plain reader reads, ron
        /// reads the same.
        #[test]
        fn mutated_entries_read_as_ron_reads_them(
            entry in any::<prop::sample::Index>(),
            edits in prop::collection::vec((any::<usize>(), 0usize..12, prop::sample::select(vec![
                "", ",", ")", "]", "(", "[", "\"", "\\", "\\\"", "\\n", "\\u{41}", "/*", "*/", "//", "\n", " ",
                "r#\"", "\"#", "'", "#", "é", "_", "0", "1.5", "-", "e", ".", "true", "None", "Some(", ":",
                "Quote(", "Office(", "note: \"n\", ", "confidence: 0.5, ", "\u{200E}", "\u{2028}", "\u{0B}",
                "Background(", "fields: [\"since\"], ",
            ])), 1..4),
        ) {
            let entries = seed_entries();
            let mut text = entry.get(entries).clone();
            for (at, len, insert) in edits {
                let start = boundary(&text, at);
                let end = boundary(&text, start + len).max(start);
                text.replace_range(start..end, insert);
            }
            agrees_as_any(&text);
        }

        /// Any text at all.
        #[test]
        fn any_text_reads_as_ron_reads_it(text in "(Relation|Country|Quote|Background)?\\PC{0,40}") {
            agrees_as_any(&text);
        }
    }

    #[test]
    fn a_value_of_another_shape_is_refused() {
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        enum Unit {
            A,
        }
        assert!(read::<Unit>("A").is_none());
        assert!(read::<u32>("1").is_none());
        assert!(read::<(String,)>("(\"a\")").is_none());
    }
}
