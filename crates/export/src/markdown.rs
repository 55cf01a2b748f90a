//! A report annex in Markdown: a table of the relations (subject, kind, object, dates, status,
//! negation, confidence, place, quote, source, background knowledge), a table of the actors'
//! own evidence (when some have it) and a table of the sources cited.

use std::io::Write;

use diplograph_core::{Evidence, Graph};

use crate::{Error, Subgraph, cited_sources};

/// Text for a Markdown table cell: Markdown's punctuation escaped (`_` only where it could
/// start or end emphasis), line breaks as `<br>`.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let inside_word = |j: Option<usize>| j.and_then(|j| chars.get(j)).is_some_and(|c| c.is_alphanumeric());
        match c {
            '_' if inside_word(i.checked_sub(1)) && inside_word(Some(i + 1)) => out.push('_'),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {}
            '\n' => out.push_str("<br>"),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// The background knowledge of an evidence list, one per line: `since, until: note (source)`
/// (`whole entry` when it names no field).
fn background(graph: &Graph, evidence: &[Evidence]) -> String {
    let items: Vec<String> = evidence
        .iter()
        .filter_map(|e| match e {
            Evidence::Background { source, fields, note } => {
                let what = if fields.is_empty() { "whole entry".to_owned() } else { fields.join(", ") };
                let note = note.as_deref().map_or_else(String::new, |n| format!(": {n}"));
                Some(cell(&format!("{what}{note} ({})", graph.source(*source).id)))
            }
            Evidence::Quote { .. } => None,
        })
        .collect();
    items.join("<br>")
}

/// Writes the annex of `sub`: `## Relations` and `## Sources cited`.
pub fn markdown(graph: &Graph, sub: &Subgraph, out: &mut dyn Write) -> Result<(), Error> {
    let name = |k| {
        let a = graph.actor(k);
        format!("{} ({})", cell(&a.name), cell(&a.id))
    };
    writeln!(out, "## Relations\n")?;
    writeln!(
        out,
        "| Subject | Relation | Object | Since | Until | Status | Negated | Confidence | Place | Quote | Source | Background |"
    )?;
    writeln!(out, "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")?;
    for &key in &sub.relations {
        let r = graph.relation(key);
        let kind = graph.vocabulary().relation_kind(r.kind);
        // A date taken from an event names it: `2023-10-07 (7 October attack)`.
        let bound = |d: Option<diplograph_core::PartialDate>, event: Option<diplograph_core::ActorKey>| {
            let d = d.map(|d| d.to_string()).unwrap_or_default();
            match event {
                Some(e) => format!("{d} ({})", name(e)).trim_start().to_owned(),
                None => d,
            }
        };
        let quoted = || r.evidence.iter().filter(|e| e.quote().is_some());
        let quotes: Vec<String> = quoted().filter_map(|e| e.quote()).map(|q| format!("“{}”", cell(q))).collect();
        let sources: Vec<String> = quoted().map(|e| cell(&graph.source(e.source()).id)).collect();
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            name(r.subject),
            cell(&kind.label),
            name(r.object),
            bound(r.since, r.since_event),
            bound(r.until, r.until_event),
            r.status.map(|s| s.as_str()).unwrap_or_default(),
            if r.negated { "yes" } else { "no" },
            r.confidence.map(|c| c.to_string()).unwrap_or_default(),
            r.place.map(name).unwrap_or_default(),
            quotes.join("<br>"),
            sources.join("<br>"),
            background(graph, &r.evidence),
        )?;
    }
    let with_evidence: Vec<_> = sub.actors.iter().filter(|&&k| !graph.actor(k).evidence.is_empty()).collect();
    if !with_evidence.is_empty() {
        writeln!(out, "\n## Evidence for the actors\n")?;
        writeln!(out, "| Actor | Quote | Source | Background |")?;
        writeln!(out, "| --- | --- | --- | --- |")?;
        for &k in with_evidence {
            let evidence = &graph.actor(k).evidence;
            let quoted = || evidence.iter().filter(|e| e.quote().is_some());
            let quotes: Vec<String> = quoted().filter_map(|e| e.quote()).map(|q| format!("“{}”", cell(q))).collect();
            let sources: Vec<String> = quoted().map(|e| cell(&graph.source(e.source()).id)).collect();
            let row = [name(k), quotes.join("<br>"), sources.join("<br>"), background(graph, evidence)];
            writeln!(out, "| {} |", row.join(" | "))?;
        }
    }
    writeln!(out, "\n## Sources cited\n")?;
    writeln!(out, "| Id | Kind | Title | Publisher | Published | URL |")?;
    writeln!(out, "| --- | --- | --- | --- | --- | --- |")?;
    for key in cited_sources(graph, &sub.actors, &sub.relations) {
        let s = graph.source(key);
        let opt = |t: Option<&str>| t.map(cell).unwrap_or_default();
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            cell(&s.id),
            cell(s.kind.as_str()),
            opt(s.title.as_deref()),
            opt(s.publisher.as_deref()),
            s.published.map(|d| d.to_string()).unwrap_or_default(),
            opt(s.url.as_deref()),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn cells_escape_markdown_and_break_lines() {
        assert_eq!(super::cell("a|b *c* <i>\nd"), "a\\|b \\*c\\* \\<i\\><br>d");
        assert_eq!(super::cell("israel_hamas_war _x_"), "israel_hamas_war \\_x\\_");
    }
}
