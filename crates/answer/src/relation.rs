//! One relation with its evidence: each quote with its source and, where the source's text is
//! held, the passage around the quote.

use diplograph_core::{Evidence, Graph, Origin, RelationKey};
use serde::Serialize;

use crate::error::{Error, actor_key};
use crate::shapes::{RelationJson, SourceJson};

/// How much text is shown on each side of a quote found in its source, in characters.
const CONTEXT: usize = 320;

/// The relation at `address`: its id, or `SUBJECT/KIND/OBJECT` with `#N` (from 1, in data order)
/// when several match, as the editing commands write it.
pub fn find(graph: &Graph, address: &str) -> Result<RelationKey, Error> {
    if let Some(k) = graph.relation_key(address) {
        return Ok(k);
    }
    let (triple, n) = match address.rsplit_once('#') {
        Some((t, n)) => (t, n.parse::<usize>().ok().filter(|&n| n > 0)),
        None => (address, Some(1)),
    };
    let parts: Vec<&str> = triple.split('/').collect();
    let unknown = || Error::Invalid(format!("no relation \"{address}\" in the data"));
    let ([subject, kind, object], Some(n)) = (parts.as_slice(), n) else {
        return Err(unknown());
    };
    let (subject, object) = (actor_key(graph, subject)?, actor_key(graph, object)?);
    graph
        .outgoing(subject)
        .filter(|(_, r)| {
            r.object == object
                && matches!(r.origin, Origin::Stated(_))
                && &*graph.vocabulary().relation_kind(r.kind).id == *kind
        })
        .map(|(k, _)| k)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .nth(n - 1)
        .ok_or_else(unknown)
}

/// A quote found in its source's text: the passage around it.
#[derive(Serialize)]
pub struct PassageJson {
    /// The text before the quote (up to a few hundred characters, from a line start when near).
    pub before: String,
    /// The words of the source that the quote matches.
    pub quote: String,
    /// The text after it.
    pub after: String,
}

/// A quote with its source.
#[derive(Serialize)]
pub struct QuoteJson<'a> {
    /// The source.
    pub source: SourceJson<'a>,
    /// The quote as written in the data.
    pub text: &'a str,
    /// Whether the dataset holds the source's text.
    pub text_held: bool,
    /// The passage of the source's text where the quote is, when held and found.
    pub passage: Option<PassageJson>,
}

/// The answer for one relation.
#[derive(Serialize)]
pub struct RelationPage<'a> {
    /// The relation.
    pub relation: RelationJson<'a>,
    /// `file:line:col` of its entry, when known.
    pub defined_at: Option<String>,
    /// Its quotes, with their sources and passages.
    pub quotes: Vec<QuoteJson<'a>>,
    /// Its background knowledge, with the sources it is known from.
    pub background: Vec<BackgroundJson<'a>>,
}

/// Background knowledge with its source.
#[derive(Serialize)]
pub struct BackgroundJson<'a> {
    /// The source.
    pub source: SourceJson<'a>,
    /// The facts it backs, by field name (empty: the whole relation).
    pub fields: Vec<&'a str>,
    /// What is known, in words.
    pub note: Option<&'a str>,
}

/// The relation `key` with its evidence; `text_of(source id)` gives a source's full text when
/// the dataset holds it.
pub fn page<'a>(
    graph: &'a Graph,
    key: RelationKey,
    defined_at: Option<String>,
    text_of: &dyn Fn(&str) -> Option<String>,
) -> RelationPage<'a> {
    let r = graph.relation(key);
    let quotes = r
        .evidence
        .iter()
        .filter_map(|e| {
            let quote = e.quote()?;
            let s = graph.source(e.source());
            let text = text_of(&s.id);
            Some(QuoteJson {
                source: SourceJson::new(s),
                text: quote,
                text_held: text.is_some(),
                passage: text.and_then(|t| passage(&t, quote)),
            })
        })
        .collect();
    let background = r
        .evidence
        .iter()
        .filter_map(|e| match e {
            Evidence::Background { source, fields, note } => Some(BackgroundJson {
                source: SourceJson::new(graph.source(*source)),
                fields: fields.iter().map(|f| &**f).collect(),
                note: note.as_deref(),
            }),
            Evidence::Quote { .. } => None,
        })
        .collect();
    RelationPage { relation: RelationJson::new(graph, r), defined_at, quotes, background }
}

/// The passage of `text` around `quote`.
fn passage(text: &str, quote: &str) -> Option<PassageJson> {
    let found = diplograph_core::find_quote(text, quote)?;
    let before = &text[..found.start];
    let start = before.char_indices().rev().nth(CONTEXT - 1).map_or(0, |(i, _)| i);
    // From a line start when one is near, else from a word start; up to a word end.
    let start = match before[start..].find('\n') {
        Some(n) if n < CONTEXT / 2 => start + n + 1,
        _ if start == 0 => 0,
        _ => before[start..].find(' ').map_or(start, |n| start + n + 1),
    };
    let after = &text[found.end..];
    let end = after.char_indices().nth(CONTEXT).map_or(after.len(), |(i, _)| i);
    let end = if end == after.len() { end } else { after[..end].rfind(' ').unwrap_or(end) };
    Some(PassageJson {
        before: text[start..found.start].to_owned(),
        quote: text[found.clone()].to_owned(),
        after: after[..end].to_owned(),
    })
}
