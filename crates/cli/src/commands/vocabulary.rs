//! `diplograph vocabulary`: the effective vocabulary, each kind with where it comes from.

use std::io::Write;

use anyhow::Result;
use diplograph_loader::{DEFAULT_VOCABULARY, DEFAULT_VOCABULARY_NAME, LoadOptions, Loaded, Location};
use serde::Serialize;

use crate::app::{Outcome, load};
use crate::config::{Format, Global};
use crate::output::{report_errors, stdout, write_json};

/// One kind as listed.
#[derive(Serialize)]
struct KindJson<'a> {
    id: &'a str,
    label: &'a str,
    /// `actor` kinds: the parent kind; `relation` kinds: polarity and direction.
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    polarity: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    directed: Option<bool>,
    /// `built-in`, or `FILE:LINE:COLUMN`.
    from: String,
}

#[derive(Serialize)]
struct VocabularyJson<'a> {
    actor_kinds: Vec<KindJson<'a>>,
    relation_kinds: Vec<KindJson<'a>>,
}

pub fn run(global: &Global, builtin: bool, format: Format) -> Result<Outcome> {
    let mut out = stdout();
    if builtin {
        out.write_all(DEFAULT_VOCABULARY.as_bytes())?;
        out.flush()?;
        return Ok(Outcome::Success);
    }
    let loaded = load(global, &LoadOptions::default(), true)?;
    let Some(vocabulary) = &loaded.vocabulary else {
        let shown = loaded.diagnostics.iter().filter(|d| d.is_error());
        let summary = "the vocabulary has errors; fix them (see `diplograph check`) and try again";
        report_errors(shown, &loaded.files, global.color, summary);
        return Ok(Outcome::Failure);
    };
    let from = |l: Option<&Location>| origin(&loaded, l);
    let actor_kinds: Vec<KindJson<'_>> = vocabulary
        .actor_kinds()
        .enumerate()
        .map(|(i, (_, k))| KindJson {
            id: &k.id,
            label: &k.label,
            parent: k.parent.map(|p| &*vocabulary.actor_kind(p).id),
            polarity: None,
            directed: None,
            from: from(loaded.locations.actor_kinds.get(i)),
        })
        .collect();
    let relation_kinds: Vec<KindJson<'_>> = vocabulary
        .relation_kinds()
        .enumerate()
        .map(|(i, (_, k))| KindJson {
            id: &k.id,
            label: &k.label,
            parent: None,
            polarity: Some(k.polarity.as_str()),
            directed: Some(k.directed),
            from: from(loaded.locations.relation_kinds.get(i)),
        })
        .collect();
    match format {
        Format::Json => write_json(&mut out, &VocabularyJson { actor_kinds, relation_kinds })?,
        Format::Text => {
            writeln!(out, "Actor kinds ({}):", actor_kinds.len())?;
            table(&mut out, &actor_kinds, |k| match k.parent {
                Some(p) => format!("{} (a kind of {p})", k.label),
                None => k.label.to_owned(),
            })?;
            writeln!(out, "\nRelation kinds ({}):", relation_kinds.len())?;
            table(&mut out, &relation_kinds, |k| {
                let how = if k.directed == Some(false) { "symmetric" } else { "directed" };
                format!("{} ({}, {how})", k.label, k.polarity.unwrap_or_default())
            })?;
        }
    }
    out.flush()?;
    Ok(Outcome::Success)
}

/// Writes one kind a line: id, description, origin, in columns.
fn table(out: &mut impl Write, kinds: &[KindJson<'_>], describe: impl Fn(&KindJson<'_>) -> String) -> Result<()> {
    let rows: Vec<(&str, String, &str)> = kinds.iter().map(|k| (k.id, describe(k), k.from.as_str())).collect();
    let id_width = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    let text_width = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0);
    for (id, text, from) in rows {
        writeln!(out, "  {id:<id_width$}  {text:<text_width$}  {from}")?;
    }
    Ok(())
}

/// Where a kind is defined: `built-in`, or its file, line and column.
fn origin(loaded: &Loaded, location: Option<&Location>) -> String {
    match location {
        Some(l) if loaded.files[l.file].name == DEFAULT_VOCABULARY_NAME => "built-in".into(),
        Some(l) => loaded.position(l),
        None => "?".into(),
    }
}
