//! Evidence: the quotes an entry rests on, and the background knowledge (with its own source)
//! that backs what no quote states; and their check against the sources.

use std::collections::HashSet;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::id_index::IdIndex;

use crate::graph::SourceKey;
use crate::problem::{EntryKind, FieldPath, Help, Problem, Site};
use crate::quote::QuoteText;
use crate::relation::SourceKind;
use crate::suggest;

/// The facts of a relation that a `Background` may name in its `fields`.
pub const RELATION_FACTS: &[&str] =
    &["since", "until", "on", "since_event", "until_event", "status", "negated", "about", "place", "strength"];
/// The facts of an actor that a `Background` may name in its `fields`.
pub const ACTOR_FACTS: &[&str] = &["kind", "iso3", "country", "start", "end", "on", "place"];
/// The facts of an office that a `Background` may name in its `fields`.
pub const OFFICE_FACTS: &[&str] = &["title", "of", "since", "until"];

/// Evidence as written by a user.
#[derive(Clone, Debug, PartialEq)]
pub enum EvidenceSpec {
    /// A quote: verbatim words of a source.
    Quote {
        /// Source id.
        source: String,
        /// Verbatim words from the source.
        text: String,
    },
    /// Background knowledge: facts of the entry that no quote states, known from another source
    /// (a second reference, or general knowledge).
    Background {
        /// Source id.
        source: String,
        /// The facts it backs, by field name; empty: the whole entry.
        fields: Vec<String>,
        /// What is known, in words.
        note: Option<String>,
    },
}

impl EvidenceSpec {
    /// A quote of `source`.
    pub fn quote(source: impl Into<String>, text: impl Into<String>) -> Self {
        EvidenceSpec::Quote { source: source.into(), text: text.into() }
    }

    /// The id of the source cited.
    pub fn source(&self) -> &str {
        match self {
            EvidenceSpec::Quote { source, .. } | EvidenceSpec::Background { source, .. } => source,
        }
    }
}

/// Validated evidence.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Evidence {
    /// Verbatim words of a source.
    Quote {
        /// The source quoted.
        source: SourceKey,
        /// Verbatim words from it.
        text: Box<str>,
    },
    /// Background knowledge: facts of the entry no quote states, with the source they are
    /// known from.
    Background {
        /// Where it is known from.
        source: SourceKey,
        /// The facts it backs, by field name; empty: the whole entry.
        fields: Vec<Box<str>>,
        /// What is known, in words.
        note: Option<Box<str>>,
    },
}

impl Evidence {
    /// The source cited.
    pub fn source(&self) -> SourceKey {
        match self {
            Evidence::Quote { source, .. } | Evidence::Background { source, .. } => *source,
        }
    }

    /// The source cited, and whether by a quote.
    pub(crate) fn citation(&self) -> (SourceKey, bool) {
        (self.source(), self.quote().is_some())
    }

    /// The words quoted, for a quote.
    pub fn quote(&self) -> Option<&str> {
        match self {
            Evidence::Quote { text, .. } => Some(text),
            Evidence::Background { .. } => None,
        }
    }

    /// Whether this is background knowledge that backs `field` (or the whole entry).
    pub fn backs(&self, field: &str) -> bool {
        match self {
            Evidence::Background { fields, .. } => fields.is_empty() || fields.iter().any(|f| &**f == field),
            Evidence::Quote { .. } => false,
        }
    }

    /// Whether this is background knowledge for the whole entry (no `fields`).
    pub fn backs_whole(&self) -> bool {
        matches!(self, Evidence::Background { fields, .. } if fields.is_empty())
    }
}

/// What checking evidence needs to see of the sources, shared by the threads that check it.
#[derive(Clone, Copy)]
pub(crate) struct EvidenceContext<'a> {
    pub source_index: &'a IdIndex,
    pub source_texts: &'a [Option<Box<QuoteText>>],
    pub source_kinds: &'a [SourceKind],
    pub unreadable_sources: &'a HashSet<String>,
    /// Prepared on the first unknown source: the suggestions, and the list of declared ones.
    pub source_suggestions: &'a OnceLock<(suggest::Candidates<'a>, Option<String>)>,
    /// Set when evidence cites a source that does not exist.
    pub source_missed: &'a AtomicBool,
}

/// Where an entry's evidence list is: the entry, and the path of a field of its `j`-th item.
pub(crate) struct EvidenceAt {
    pub entry: EntryKind,
    pub index: usize,
    /// The office whose evidence it is, for an office's list.
    pub office: Option<usize>,
}

impl EvidenceAt {
    fn site(&self, j: usize, field: &'static str) -> Site {
        let path = match self.office {
            Some(k) => FieldPath::Nested("offices", k, "evidence", j, field),
            None => FieldPath::ItemField("evidence", j, field),
        };
        Site::new(self.entry, self.index, path)
    }
}

impl EvidenceContext<'_> {
    /// Checks an entry's evidence: each quote against its source (and the source's text), each
    /// background's source and the facts it names (`facts`, the entry's); what is valid is given
    /// back.
    pub fn check(
        &self,
        items: Vec<EvidenceSpec>,
        at: &EvidenceAt,
        facts: &[&str],
        problems: &mut Vec<Problem>,
    ) -> Vec<Evidence> {
        let mut evidence = Vec::with_capacity(items.len());
        for (j, item) in items.into_iter().enumerate() {
            match item {
                EvidenceSpec::Quote { source, text } => {
                    if let Some(e) = self.quote(source, text, at, j, problems) {
                        evidence.push(e);
                    }
                }
                EvidenceSpec::Background { source, fields, note } => {
                    for f in fields.iter().filter(|f| !facts.contains(&f.as_str())) {
                        let near = suggest::closest(f, facts.iter().map(|n| (*n, *n)));
                        let help = suggest::did_you_mean(&near).unwrap_or_else(|| {
                            format!(
                                "the facts it may name are {}; none: the whole entry",
                                suggest::one_of(facts.iter().copied(), 12)
                            )
                        });
                        problems.push(
                            Problem::error(at.site(j, "fields"), format!("no fact \"{f}\" to back here"))
                                .with_code("unknown-fact")
                                .with_help(help),
                        );
                    }
                    if let Some(s) = self.source(&source, at.site(j, "source"), problems) {
                        evidence.push(Evidence::Background {
                            source: SourceKey(s as u32),
                            fields: fields.into_iter().map(String::into_boxed_str).collect(),
                            note: note.map(String::into_boxed_str),
                        });
                    }
                }
            }
        }
        evidence
    }

    /// The `j`-th item, a quote: checked against its source's text.
    fn quote(
        &self,
        source: String,
        text: String,
        at: &EvidenceAt,
        j: usize,
        problems: &mut Vec<Problem>,
    ) -> Option<Evidence> {
        let text_at = at.site(j, "text");
        if text.trim().is_empty() {
            problems.push(
                Problem::error(text_at.clone(), "empty quote")
                    .with_code("empty-quote")
                    .with_help("copy the words of the source that support the relation"),
            );
        }
        let s = self.source(&source, at.site(j, "source"), problems)?;
        if self.source_kinds[s] == SourceKind::GeneralKnowledge {
            problems.push(
                Problem::error(
                    at.site(j, "source"),
                    format!("source \"{source}\" is general knowledge: it has no words to quote"),
                )
                .with_code("quote-of-general-knowledge")
                .with_help(Help::QuoteToBackground(source.clone())),
            );
        }
        if let Some(full) = &self.source_texts[s] {
            if !text.trim().is_empty() && !full.contains(&text) {
                let help = match full.closest(&text) {
                    Some(passage) => format!("the closest passage of the text is “{passage}”, where [-...-] is only in the quote and {{+...+}} only in the text; copy the words exactly as the source has them (whitespace, case and typographic quotes may differ)"),
                    None => "copy the words exactly as the source has them; whitespace, case and typographic quotes may differ".into(),
                };
                problems.push(
                    Problem::error(text_at, format!("this quote does not occur in the text of source \"{source}\""))
                        .with_code("quote-not-found")
                        .with_help(help),
                );
            }
        }
        Some(Evidence::Quote { source: SourceKey(s as u32), text: text.into_boxed_str() })
    }

    /// The index of the source `id`, or a problem at `at` (none for a source that could not be
    /// read, which is reported already).
    fn source(&self, id: &str, at: Site, problems: &mut Vec<Problem>) -> Option<usize> {
        if let Some(s) = self.source_index.get(id) {
            return Some(s);
        }
        if self.unreadable_sources.contains(id) {
            return None;
        }
        self.source_missed.store(true, Ordering::Relaxed);
        let (candidates, declared) = self.source_suggestions.get_or_init(|| {
            let mut known: Vec<&str> = self.source_index.ids().collect();
            known.sort_unstable();
            let declared = (!known.is_empty())
                .then(|| format!("declared sources: {}", suggest::one_of(known.iter().copied(), 12)));
            (suggest::Candidates::new(known.into_iter().map(|k| (k, k))), declared)
        });
        let help = suggest::did_you_mean(&candidates.closest(id))
            .or_else(|| declared.clone())
            .map_or_else(|| Help::DeclareSource(id.to_owned()), Help::Text);
        problems
            .push(Problem::error(at, format!("unknown source \"{id}\"")).with_code("unknown-source").with_help(help));
        None
    }
}
