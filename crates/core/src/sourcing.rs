//! Sourcing discipline: which facts of a graph rest on no quote. A relation rests on a quote
//! when it has one; a date rests on a quote when a quote of its own entry states it at its
//! precision ([`date_in_quote`]). Anything else needs background evidence that names it, with
//! its own source.

use crate::actor::Actor;
use crate::date::PartialDate;
use crate::evidence::Evidence;
use crate::graph::Graph;
use crate::problem::{EntryKind, FieldPath, Help, Problem, Site};
use crate::relation::{Origin, Relation};
use rayon::prelude::*;

/// Month names as English writes them, full and abbreviated, by month number.
const MONTHS: [&[&str]; 12] = [
    &["january", "jan"],
    &["february", "feb"],
    &["march", "mar"],
    &["april", "apr"],
    &["may"],
    &["june", "jun"],
    &["july", "jul"],
    &["august", "aug"],
    &["september", "sep", "sept"],
    &["october", "oct"],
    &["november", "nov"],
    &["december", "dec"],
];

/// Whether `text` states `date` at its precision, in a common English form:
/// - a year (`2025`): the year as a number of its own (not `1990s`, not `12025`);
/// - a month (`2025-06`): the month's name or its abbreviation, then the year, with at most
///   `of` or punctuation between (`June 2025`, `Jun. 2025`, `June of 2025`), or `2025-06`;
/// - a day (`2025-06-13`): day, month, year (`13 June 2025`, `13th of June, 2025`), month,
///   day, year (`June 13, 2025`, `June 13th 2025`), or `2025-06-13`.
///
/// Case and punctuation are ignored; words in between (`June 13 last year`) are not.
pub fn date_in_quote(text: &str, date: PartialDate) -> bool {
    let mut digits = [0; 5];
    let year = decimal(date.year_part(), &mut digits);
    // Every form holds the year as a number of its own: most quotes are ruled out here,
    // without splitting them into words (and without allocating: this runs for every dated
    // fact of a large dataset).
    if !contains_number(text, year) {
        return false;
    }
    let words = words(text);
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let is_year = |w: &str| w == year;
    let Some(month) = date.month_part() else {
        return words.iter().any(|w| is_year(w));
    };
    let iso = match date.day_part() {
        Some(day) => format!("{year}-{month:02}-{day:02}"),
        None => format!("{year}-{month:02}"),
    };
    if contains_number(text, &iso) {
        return true;
    }
    let is_month = |w: &str| MONTHS[usize::from(month) - 1].contains(&w);
    // The words with `of` left out, which any of the forms may hold.
    let words: Vec<&str> = words.iter().copied().filter(|w| *w != "of").collect();
    match date.day_part() {
        None => words.windows(2).any(|w| is_month(w[0]) && is_year(w[1])),
        Some(day) => {
            let is_day = |w: &str| day_number(w) == Some(day);
            words.windows(3).any(|w| {
                (is_day(w[0]) && is_month(w[1]) && is_year(w[2])) || (is_month(w[0]) && is_day(w[1]) && is_year(w[2]))
            })
        }
    }
}

/// `n` in decimal digits, written at the end of `digits`.
fn decimal(mut n: u16, digits: &mut [u8; 5]) -> &str {
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Only ASCII digits were written.
    std::str::from_utf8(&digits[at..]).unwrap_or_default()
}

/// The words of `text`, lower case: runs of letters and digits.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// The day a word names: `7`, `07`, `7th`, `1st`, `22nd`, `3rd`.
fn day_number(word: &str) -> Option<u8> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.is_empty() || digits.len() > 2 {
        return None;
    }
    digits.parse().ok()
}

/// Whether `text` holds `number` with no digit just before or after it.
fn contains_number(text: &str, number: &str) -> bool {
    let (bytes, digits) = (text.as_bytes(), number.as_bytes());
    let digit = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_digit);
    // A number of digits alone is one of the text's runs of digits: the runs starting with its
    // first digit are found by a search for one byte, which skips the rest of the text at
    // once (this runs for every dated fact of a large dataset).
    if let Some(&first) = digits.first().filter(|_| digits.iter().all(u8::is_ascii_digit)) {
        return memchr::memchr_iter(first, bytes)
            .any(|at| (at == 0 || !digit(at - 1)) && bytes[at..].starts_with(digits) && !digit(at + digits.len()));
    }
    text.match_indices(number).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + number.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

/// Every fact of `graph` that rests on no quote, as a warning (code `unsourced`) located at the
/// fact, in the order of the input: actors (their dates, their offices' dates), then relations
/// (the relation itself, its written dates; a bound taken from an event rests on the event's).
pub fn unsourced(graph: &Graph) -> Vec<Problem> {
    let mut found = Vec::new();
    visit(graph, &mut |problem| found.push(problem()));
    found
}

/// How many facts of `graph` rest on no quote: the length of [`unsourced`], without writing
/// a message for each (a large dataset of undocumented dates would hold millions).
pub fn unsourced_count(graph: &Graph) -> usize {
    let actors: usize = graph.actors().map(|(_, actor)| actor_unsourced(actor)).sum();
    // The relations on all cores: at a million relations this is most of the count.
    let relations: usize = graph.par_relations().map(|(_, relation)| stated_unsourced(relation)).sum();
    actors + relations
}

/// How many facts of `actor` rest on no quote.
pub(crate) fn actor_unsourced(actor: &Actor) -> usize {
    let mut count = 0;
    actor_facts(0, actor, &mut |_| count += 1);
    count
}

/// How many facts of a relation the data states rest on no quote (none for one derived from an
/// office).
pub(crate) fn stated_unsourced(relation: &Relation) -> usize {
    let mut count = 0;
    stated_relation_facts(relation, &mut |_| count += 1);
    count
}

/// Something that receives each fact resting on no quote, with the means to describe it.
type Found<'a> = dyn FnMut(&dyn Fn() -> Problem) + 'a;

/// Calls `found` for every fact of `graph` that rests on no quote, in the order of
/// [`unsourced`].
fn visit(graph: &Graph, found: &mut Found<'_>) {
    for (key, actor) in graph.actors() {
        actor_facts(key.index(), actor, found);
    }
    for (_, relation) in graph.relations() {
        stated_relation_facts(relation, found);
    }
}

/// [`relation_facts`] for a relation the data states (numbered in the input); none for the
/// relations derived from offices, whose facts are the offices'.
fn stated_relation_facts(relation: &Relation, found: &mut Found<'_>) {
    if let Origin::Stated(i) = relation.origin {
        relation_facts(i as usize, relation, found);
    }
}

/// Whether the date in `field` rests on one of `evidence`'s quotes, or is marked as background.
fn date_backed(evidence: &[Evidence], field: &str, date: PartialDate) -> bool {
    evidence.iter().any(|e| e.backs(field) || e.quote().is_some_and(|q| date_in_quote(q, date)))
}

/// A date that rests on no quote.
fn unsourced_date(site: Site, what: &str, date: PartialDate, field: &'static str) -> Problem {
    Problem::warning(site, format!("{what} {date} rests on no quote"))
        .with_code("unsourced")
        .with_label("no quote of this entry states it, and no background names it")
        .with_help(Help::MarkBackground { field: Some(field), date: Some(in_words(date)) })
}

/// A date as a quote would state it: `2025`, `June 2025`, `13 June 2025`.
fn in_words(date: PartialDate) -> String {
    let month = |m: u8| {
        let name = MONTHS[usize::from(m) - 1][0];
        let mut chars = name.chars();
        chars.next().map(|c| c.to_uppercase().chain(chars).collect::<String>()).unwrap_or_default()
    };
    match (date.month_part(), date.day_part()) {
        (None, _) => date.year_part().to_string(),
        (Some(m), None) => format!("{} {}", month(m), date.year_part()),
        (Some(m), Some(d)) => format!("{d} {} {}", month(m), date.year_part()),
    }
}

/// The dates of the `i`-th actor and of its offices.
fn actor_facts(i: usize, actor: &Actor, found: &mut Found<'_>) {
    let at = |f| Site::new(EntryKind::Actor, i, FieldPath::Field(f));
    let dates: [(&'static str, Option<PartialDate>); 2] = match actor.on {
        Some(on) => [("on", Some(on)), ("end", None)],
        None => [("start", actor.start), ("end", actor.end)],
    };
    for (field, date) in dates {
        if let Some(d) = date.filter(|&d| !date_backed(&actor.evidence, field, d)) {
            found(&|| unsourced_date(at(field), &format!("\"{}\" {field}", actor.id), d, field));
        }
    }
    for (j, office) in actor.offices.iter().enumerate() {
        for (field, date) in [("since", office.since), ("until", office.until)] {
            if let Some(d) = date.filter(|&d| !date_backed(&office.evidence, field, d)) {
                found(&|| {
                    let site = Site::new(EntryKind::Actor, i, FieldPath::ItemField("offices", j, field));
                    let what = format!("\"{}\" office \"{}\" {field}", actor.id, office.title);
                    unsourced_date(site, &what, d, field)
                });
            }
        }
    }
}

/// The `i`-th relation itself and its written dates.
fn relation_facts(i: usize, relation: &Relation, found: &mut Found<'_>) {
    let evidence = &relation.evidence;
    let at = |f| Site::new(EntryKind::Relation, i, f);
    if !evidence.iter().any(|e| e.quote().is_some() || e.backs_whole()) {
        found(&|| {
            Problem::warning(at(FieldPath::Whole), "relation rests on no quote")
                .with_code("unsourced")
                .with_label("no quote, and no background for the whole relation")
                .with_help(Help::MarkBackground { field: None, date: None })
        });
    }
    let dates: [(&'static str, Option<PartialDate>); 2] = match relation.on {
        Some(on) => [("on", Some(on)), ("until", None)],
        None => [
            ("since", relation.since.filter(|_| relation.since_event.is_none())),
            ("until", relation.until.filter(|_| relation.until_event.is_none())),
        ],
    };
    for (field, date) in dates {
        if let Some(d) = date.filter(|&d| !date_backed(evidence, field, d)) {
            found(&|| unsourced_date(at(FieldPath::Field(field)), field, d, field));
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn every_year_is_written_as_rust_writes_it() {
        let mut digits = [0; 5];
        for n in 0..=u16::MAX {
            assert_eq!(decimal(n, &mut digits), n.to_string());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Counting finds what listing finds, on random graphs of dated relations.
        #[test]
        fn the_count_is_the_length_of_the_list((n, rels) in crate::query::testing::graph(6, 12)) {
            let graph = crate::query::testing::build(n, &rels);
            prop_assert_eq!(unsourced_count(&graph), unsourced(&graph).len());
            let dated = rels.iter().map(|r| usize::from(r.since.is_some()) + usize::from(r.until.is_some())).sum::<usize>();
            // Each relation has no evidence: it and each of its dates rest on no quote.
            prop_assert_eq!(unsourced_count(&graph), rels.len() + dated);
        }
    }

    proptest! {
        /// A number of digits is found exactly where a search for it, with no digit beside
        /// the match, finds it.
        #[test]
        fn a_number_is_found_as_a_search_finds_it(text in "[0-9a ’é-]{0,24}", number in "[0-9]{1,4}") {
            let searched = text.match_indices(number.as_str()).any(|(at, _)| {
                let digit = |b: Option<&u8>| b.is_some_and(u8::is_ascii_digit);
                !digit(text.as_bytes()[..at].last()) && !digit(text.as_bytes().get(at + number.len()))
            });
            prop_assert_eq!(contains_number(&text, &number), searched);
        }
    }

    fn states(text: &str, date: &str) -> bool {
        date_in_quote(text, PartialDate::parse(date).unwrap())
    }

    #[test]
    fn a_year_is_a_number_of_its_own() {
        assert!(states("In 2025, Moscow and Tehran signed", "2025"));
        assert!(states("the 2026 State Duma election", "2026"));
        assert!(states("since mid-2022", "2022"));
        assert!(states("2025’s treaty", "2025"));
        assert!(!states("the 1990s", "1990"));
        assert!(!states("12025 people", "2025"));
        assert!(!states("20250 people", "2025"));
        assert!(!states("last year", "2025"));
        assert!(!states("In 2024, ...", "2025"));
    }

    #[test]
    fn a_month_needs_its_name_and_the_year() {
        assert!(states("in June 2025 Israel struck", "2025-06"));
        assert!(states("in Jun. 2025", "2025-06"));
        assert!(states("in june of 2025", "2025-06"));
        assert!(states("September, 2015", "2015-09"));
        assert!(states("Sept 2015", "2015-09"));
        assert!(states("on 2015-09", "2015-09"));
        assert!(states("13 June 2025", "2025-06"), "a day states its month");
        assert!(!states("in 2025", "2025-06"), "the year alone is not the month");
        assert!(!states("in June, and in 2025", "2025-06"));
        assert!(!states("in July 2025", "2025-06"));
        assert!(!states("on 2015-091", "2015-09"));
        assert!(!states("in May 2025", "2025-06"));
        assert!(states("in May 2025", "2025-05"));
    }

    #[test]
    fn a_day_needs_day_month_and_year_in_an_english_order() {
        for text in [
            "on 17 January 2025",
            "on 17th January 2025",
            "on the 17th of January, 2025",
            "on January 17, 2025",
            "on January 17th 2025",
            "on Jan. 17, 2025",
            "JANUARY 17 2025",
            "dated 2025-01-17",
        ] {
            assert!(states(text, "2025-01-17"), "{text}");
        }
        for text in [
            "in January 2025",
            "on 17 January",
            "on January 17 last year",
            "on 18 January 2025",
            "on 17 February 2025",
            "on 17 January 2024",
            "2025-01-177",
            "in 2025",
        ] {
            assert!(!states(text, "2025-01-17"), "{text}");
        }
        assert!(states("October 7, 2023", "2023-10-07"));
        assert!(states("7 Oct 2023", "2023-10-07"));
        assert!(states("on 07 October 2023", "2023-10-07"));
    }

    #[test]
    fn dates_are_written_as_a_quote_would_state_them() {
        let w = |d: &str| in_words(PartialDate::parse(d).unwrap());
        assert_eq!(w("2025"), "2025");
        assert_eq!(w("2015-09"), "September 2015");
        assert_eq!(w("2025-01-17"), "17 January 2025");
    }
}
