//! `same_as`: one actor defined in several datasets of a union, joined without editing any of
//! them. The definitions in the included datasets are left out and their id means the
//! including dataset's actor.

use std::collections::HashSet;

use diplograph_core::{GraphBuilder, Severity};

use crate::diagnostic::{Diagnostic, Label};
use crate::files::SourceFile;
use crate::manifest::{Layout, MANIFEST};
use crate::parse::{Parsed, ParsedFile};

/// The joins of a load: which actor definitions are left out, and which ids stand for others.
pub(crate) struct Joins {
    /// (file, actor id) of each definition left out.
    dropped: HashSet<(usize, String)>,
    /// (their id, our id) for ids that differ.
    aliases: Vec<(String, String)>,
}

impl Joins {
    /// Works out the joins the manifests declare, reporting in `diagnostics` (located in the
    /// manifests, which are `files[manifests..]`) a join to an actor no dataset defines, and one
    /// that joins nothing.
    pub fn new(
        layout: &Layout,
        files: &[SourceFile],
        parsed: &[ParsedFile],
        manifests: usize,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Joins {
        let mut joins = Joins { dropped: HashSet::new(), aliases: Vec::new() };
        if layout.joins.is_empty() {
            return joins;
        }
        // Every actor definition: (file, part, id).
        let data_files = parsed.len().min(manifests);
        let definitions: Vec<(usize, usize, &str)> = (0..data_files)
            .filter(|&f| !files[f].path.as_os_str().is_empty())
            .flat_map(|f| {
                let part = layout.part_of(&files[f].path);
                parsed[f].entries.iter().filter_map(move |e| match &e.parsed {
                    Parsed::Actor(a) => Some((f, part, a.id.as_str())),
                    _ => None,
                })
            })
            .collect();
        let included = |by: usize, part: usize| layout.parts.get(part).is_some_and(|p| p.within.contains(&by));
        for join in &layout.joins {
            let theirs: Vec<&(usize, usize, &str)> =
                definitions.iter().filter(|(_, part, id)| *id == join.theirs && included(join.part, *part)).collect();
            let ours_here = definitions.iter().any(|(_, part, id)| *id == join.ours && *part == join.part);
            let mut kept_one = false;
            for (file, _, id) in &theirs {
                if join.theirs == join.ours && !ours_here && !kept_one {
                    // The first included definition stands for all.
                    kept_one = true;
                    continue;
                }
                joins.dropped.insert((*file, (*id).to_owned()));
            }
            let (m, range) = join.at.clone();
            let label = |message: &str| Label { file: manifests + m, range: range.clone(), message: message.into() };
            if theirs.is_empty() {
                diagnostics.push(Diagnostic {
                    severity: Severity::Warning,
                    primary: Some(label("joins nothing")),
                    help: Some("same_as joins an actor of an included dataset (`\"their_id\": \"our_id\"`); check the id or remove the line".into()),
                    ..Diagnostic::error(format!("no included dataset defines an actor \"{}\"", join.theirs))
                        .with_code("join-unknown")
                });
            }
            let ours_kept = definitions
                .iter()
                .any(|(file, _, id)| *id == join.ours && !joins.dropped.contains(&(*file, join.ours.clone())));
            let joins_nothing_to_itself = theirs.is_empty() && join.theirs == join.ours;
            if !ours_kept && !joins_nothing_to_itself {
                diagnostics.push(Diagnostic {
                    primary: Some(label("joined to an actor that does not exist")),
                    help: Some(format!(
                        "define \"{}\" in this dataset, or join \"{}\" to an actor it has",
                        join.ours, join.theirs
                    )),
                    ..Diagnostic::error(format!(
                        "same_as joins \"{}\" to \"{}\", which no dataset defines",
                        join.theirs, join.ours
                    ))
                    .with_code("join-missing")
                });
            }
            if join.theirs != join.ours {
                joins.aliases.push((join.theirs.clone(), join.ours.clone()));
            }
        }
        joins
    }

    /// Tells the builder which ids stand for which actors.
    pub fn declare(&self, builder: &mut GraphBuilder) {
        for (theirs, ours) in &self.aliases {
            builder.join(theirs.clone(), ours.clone());
        }
    }

    /// Whether the definition of actor `id` in `file` is left out.
    pub fn drops(&self, file: usize, id: &str) -> bool {
        !self.dropped.is_empty() && self.dropped.contains(&(file, id.to_owned()))
    }
}

/// Says how to settle a kind the dataset defines again over the built-in vocabulary, and an
/// actor defined in two datasets of a union.
pub(crate) fn explain_conflicts(layout: &Layout, files: &[SourceFile], diagnostics: &mut [Diagnostic]) {
    let builtin = |file: usize| files.get(file).is_some_and(|f| f.path.as_os_str().is_empty());
    for d in diagnostics.iter_mut() {
        let kind = ["actor kind \"", "relation kind \""].iter().find_map(|p| d.message.strip_prefix(p));
        let Some(id) = kind.and_then(|m| m.strip_suffix("\" is defined twice")) else { continue };
        if d.secondary.first().is_some_and(|l| builtin(l.file)) {
            d.help = Some(format!(
                "the built-in vocabulary has \"{id}\" already: use it as it is (remove this one) or give this one another id; to use only your own kinds, write `Dataset(builtin_vocabulary: false)` in {MANIFEST}"
            ));
        }
    }
    if layout.parts.len() < 2 {
        return;
    }
    let part =
        |file: usize| files.get(file).filter(|f| !f.path.as_os_str().is_empty()).map(|f| layout.part_of(&f.path));
    for d in diagnostics.iter_mut() {
        let Some(id) = d.message.strip_prefix("actor \"").and_then(|m| m.strip_suffix("\" is defined twice")) else {
            continue;
        };
        let (Some(again), Some(first)) = (d.primary.as_ref(), d.secondary.first()) else { continue };
        if part(again.file).is_some() && part(again.file) != part(first.file) {
            d.help = Some(format!(
                "two datasets define \"{id}\"; if they mean the same actor, say so in the including dataset's diplograph.ron: `same_as: {{\"{id}\": \"{id}\"}}`; otherwise rename one"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;

    use crate::{LoadOptions, Loaded, load};

    fn write(root: &Path, files: &[(&str, &str)]) {
        for (name, text) in files {
            let path = root.join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
    }

    fn check(root: &Path) -> (Loaded, String) {
        let loaded = load(root, &LoadOptions::default()).unwrap();
        let report = loaded.render(false);
        (loaded, report)
    }

    const ACTORS: &str =
        r#"Graph(actors: [Country(id: "russia", name: "Russia"), Country(id: "turkey", name: "Turkey")])"#;

    #[test]
    fn a_vocabulary_file_extends_the_built_in_one() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            &[
                ("actors.ron", ACTORS),
                (
                    "vocabulary.ron",
                    r#"Vocabulary(relation_kinds: [RelationKind(id: "provokes", polarity: "hostile")])"#,
                ),
                (
                    "relations.ron",
                    r#"Graph(relations: [
    Relation(subject: "russia", kind: "provokes", object: "turkey"),
    Relation(subject: "russia", kind: "rivalry", object: "turkey"),
])"#,
                ),
            ],
        );
        let (loaded, report) = check(dir.path());
        assert_eq!(loaded.error_count(), 0, "{report}");
        let graph = loaded.graph.unwrap();
        assert!(graph.vocabulary().relation_kind_id("provokes").is_some());
        assert!(graph.vocabulary().relation_kind_id("strategic_partnership").is_some());
    }

    #[test]
    fn a_kind_defined_again_names_both_places_and_replacing_is_explicit() {
        let dir = tempfile::tempdir().unwrap();
        let vocabulary =
            "Vocabulary(\n    relation_kinds: [\n        RelationKind(id: \"war\", polarity: \"hostile\"),\n    ],\n)";
        write(dir.path(), &[("actors.ron", ACTORS), ("vocabulary.ron", vocabulary)]);
        let (loaded, report) = check(dir.path());
        assert_eq!(loaded.error_count(), 2, "{report}");
        assert!(report.contains("relation kind \"war\" is defined twice"), "{report}");
        assert!(report.contains("vocabulary.ron:3:26"), "{report}");
        assert!(report.contains("<built-in vocabulary>:"), "{report}");
        assert!(report.contains("builtin_vocabulary: false"), "{report}");

        // Replaced: only the dataset's kinds; the forms' root kinds and holds_office must be there.
        write(dir.path(), &[("diplograph.ron", "Dataset(builtin_vocabulary: false)")]);
        let (loaded, report) = check(dir.path());
        assert!(loaded.graph.is_none());
        assert!(report.contains("actor kind \"country\"") || report.contains("country"), "{report}");
        assert!(!report.contains("<built-in vocabulary>"), "{report}");
        let full = "Vocabulary(actor_kinds: [ActorKind(id: \"country\"), ActorKind(id: \"person\"), ActorKind(id: \"organization\"), ActorKind(id: \"event\")],
            relation_kinds: [RelationKind(id: \"war\", polarity: \"hostile\"), RelationKind(id: \"holds_office\", polarity: \"neutral\")])";
        write(dir.path(), &[("vocabulary.ron", full)]);
        let (loaded, report) = check(dir.path());
        assert_eq!(loaded.error_count(), 0, "{report}");
        assert_eq!(loaded.graph.unwrap().vocabulary().relation_kinds().len(), 2);
    }

    /// Two datasets: `mine` includes `theirs`, which knows Turkey as `turkiye`.
    fn union(manifest: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            &[
                ("mine/actors.ron", ACTORS),
                ("mine/diplograph.ron", manifest),
                (
                    "theirs/data.ron",
                    r#"Graph(
    actors: [Country(id: "russia", name: "Russian Federation"), Country(id: "turkiye", name: "Türkiye"), Country(id: "syria", name: "Syria")],
    relations: [
        Relation(subject: "turkiye", kind: "rivalry", object: "russia"),
        Relation(subject: "russia", kind: "military_support", object: "syria"),
    ],
)"#,
                ),
            ],
        );
        dir
    }

    #[test]
    fn same_as_joins_actors_of_an_included_dataset_without_editing_it() {
        let dir = union(r#"Dataset(include: ["../theirs"], same_as: {"russia": "russia", "turkiye": "turkey"})"#);
        let before = fs::read_to_string(dir.path().join("theirs/data.ron")).unwrap();
        let (loaded, report) = check(&dir.path().join("mine"));
        assert_eq!(loaded.error_count(), 0, "{report}");
        let graph = loaded.graph.unwrap();
        let ids: Vec<&str> = graph.actors().map(|(_, a)| &*a.id).collect();
        assert_eq!(ids, ["russia", "turkey", "syria"]);
        assert_eq!(&*graph.actor_by_id("russia").unwrap().name, "Russia", "ours is kept");
        let (turkey, russia) = (graph.actor_key("turkey").unwrap(), graph.actor_key("russia").unwrap());
        assert_eq!(graph.between(turkey, russia).len(), 1);
        assert_eq!(fs::read_to_string(dir.path().join("theirs/data.ron")).unwrap(), before);
    }

    #[test]
    fn an_actor_in_two_datasets_is_a_conflict_naming_both_places() {
        let dir = union(r#"Dataset(include: ["../theirs"], same_as: {"turkiye": "turkey"})"#);
        let (loaded, report) = check(&dir.path().join("mine"));
        assert_eq!(loaded.error_count(), 1, "{report}");
        assert!(report.contains("actor \"russia\" is defined twice"), "{report}");
        assert!(report.contains("mine/../theirs/data.ron:2:"), "{report}");
        assert!(report.contains("mine/actors.ron:1:"), "{report}");
        assert!(report.contains("same_as: {\"russia\": \"russia\"}"), "{report}");
    }

    #[test]
    fn a_join_to_nothing_is_located_in_the_manifest() {
        let dir = union(
            r#"Dataset(
    include: ["../theirs"],
    same_as: {"russia": "russia", "turkiye": "turkei", "iran": "iran"},
)"#,
        );
        let (loaded, report) = check(&dir.path().join("mine"));
        assert_eq!(loaded.error_count(), 2, "{report}");
        assert!(report.contains("same_as joins \"turkiye\" to \"turkei\", which no dataset defines"), "{report}");
        assert!(report.contains("mine/diplograph.ron:3:"), "{report}");
        assert!(report.contains("unknown actor \"turkiye\""), "{report}");
        assert_eq!(report.matches("warning: no included dataset defines an actor \"iran\"").count(), 1, "{report}");
        let dir = union("Dataset(include: [\"../elsewhere\"])");
        let (_, report) = check(&dir.path().join("mine"));
        assert!(report.contains("the included dataset"), "{report}");
        assert!(report.contains("mine/diplograph.ron:1:19"), "{report}");
    }
}
