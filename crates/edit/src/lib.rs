//! Lossless editing of a dataset: add, set, remove and rename entries by splicing the text.
//!
//! An edit never re-prints a file. It locates the entries it changes with the outline
//! ([`diplograph_syntax::outline`]), computes byte-range replacements (`splice`), applies them to the
//! text in memory, validates the whole resulting dataset ([`diplograph_loader::load_with`]) and only then
//! offers a [`Changeset`] that can be shown as a diff or written atomically. Every byte outside
//! the entries an edit touches stays as it was: comments, blank lines, order and layout.
//!
//! ```
//! use diplograph_edit::{Assignment, Editor};
//! # let dir = tempfile::tempdir().unwrap();
//! # std::fs::write(dir.path().join("a.ron"), "// Countries.\nGraph(\n    actors: [\n        Country(id: \"iran\", name: \"Iran\"),\n    ],\n)\n").unwrap();
//! let mut editor = Editor::open(dir.path(), &Default::default()).unwrap();
//! editor.set("iran", &[Assignment::parse("iso3=IRN").unwrap()]).unwrap();
//! let change = editor.finish().unwrap().unwrap();
//! assert!(change.files[0].after.starts_with("// Countries.\n"));
//! assert!(change.files[0].after.contains(r#"Country(id: "iran", name: "Iran", iso3: "IRN"),"#));
//! ```

mod address;
mod error;
pub mod format;
#[cfg(any(test, feature = "fuzzing"))]
pub mod fuzzing;
mod import;
mod splice;
mod table;
#[cfg(test)]
mod tests;
mod write;

use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};

use diplograph_core::text::plural;
use diplograph_core::{Vocabulary, is_slug, suggest};

use address::{ActorRef, Entry, RelationAddress, actor_refs, scan};
pub use error::Error;
pub use import::{Import, RowProblems};
pub use table::{Cell, Row, Table};
pub use write::{Changeset, FileChange, unified_diff, write_files};

use diplograph_loader::{LoadOptions, Loaded, display_name, load, load_with};
use diplograph_syntax::navigate::{FieldSpan, list_items, struct_fields};
use diplograph_syntax::outline::{FileForm, Section, outline};
use diplograph_syntax::schema::{self, FieldType, rank};
use diplograph_syntax::writer::{quote, string, unstring};
use splice::{Splice, apply, indent_of, insert_after, insert_before, insert_into_empty, opener, remove};

/// How an assignment changes a field.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum AssignOp {
    /// `FIELD=VALUE`: set the value (an empty value removes the field).
    Set,
    /// `FIELD+=VALUE`: add an item to a list.
    Add,
    /// `FIELD-=VALUE`: remove an item from a list.
    Remove,
}

/// One `FIELD=VALUE`, `FIELD+=VALUE` or `FIELD-=VALUE`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Assignment {
    /// The field name.
    pub field: String,
    /// What to do.
    pub op: AssignOp,
    /// The value as typed (evidence: `SOURCE:quote`).
    pub value: String,
}

impl Assignment {
    /// Parses `FIELD=VALUE`, `FIELD+=VALUE` or `FIELD-=VALUE`.
    pub fn parse(s: &str) -> Result<Self, Error> {
        let Some(eq) = s.find('=') else {
            return Err(Error::Edit(format!("\"{s}\" is not FIELD=VALUE (or FIELD+=VALUE, FIELD-=VALUE)")));
        };
        let (mut field, value) = (&s[..eq], &s[eq + 1..]);
        let op = if let Some(f) = field.strip_suffix('+') {
            field = f;
            AssignOp::Add
        } else if let Some(f) = field.strip_suffix('-') {
            field = f;
            AssignOp::Remove
        } else {
            AssignOp::Set
        };
        if field.is_empty() || !field.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
            return Err(Error::Edit(format!("\"{field}\" is not a field name, in \"{s}\"")));
        }
        Ok(Self { field: field.to_owned(), op, value: value.to_owned() })
    }

    /// A `FIELD=VALUE` assignment.
    pub fn set(field: &str, value: &str) -> Self {
        Self { field: field.to_owned(), op: AssignOp::Set, value: value.to_owned() }
    }

    /// A `FIELD+=VALUE` assignment.
    pub fn add(field: &str, value: &str) -> Self {
        Self { field: field.to_owned(), op: AssignOp::Add, value: value.to_owned() }
    }
}

/// Splits `SOURCE:quote` into the source id and the quote.
pub(crate) fn parse_evidence(value: &str) -> Result<(String, String), Error> {
    match value.split_once(':') {
        Some((s, q)) if is_slug(s.trim()) && !q.trim().is_empty() => {
            let q = q.trim();
            let q = q.strip_prefix('"').and_then(|q| q.strip_suffix('"')).unwrap_or(q);
            Ok((s.trim().to_owned(), q.to_owned()))
        }
        _ => Err(Error::Edit(format!(
            "\"{value}\" is not evidence; write SOURCE:\"the words quoted\", for example realist-2026:\"Moscow and Tehran signed\""
        ))),
    }
}

/// A validated entry target: what `set`, `rm` and `rename` act on.
#[derive(Clone, PartialEq, Eq, Debug)]
pub(crate) enum Target {
    /// An actor, by id.
    Actor(String),
    /// A relation.
    Relation(RelationAddress),
    /// A source, by id.
    Source(String),
    /// An actor or relation kind of the dataset's vocabulary, by id.
    Kind(String),
}

impl Target {
    /// Parses `ID`, `actor:ID`, `relation:ID`, `source:ID`, `kind:ID` or `SUBJECT/KIND/OBJECT[#N]`. A plain
    /// `ID` is an actor's or a relation's, else a source's.
    pub fn parse(s: &str) -> Result<Self, Error> {
        if let Some(id) = s.strip_prefix("source:") {
            return Ok(Target::Source(id.to_owned()));
        }
        if let Some(id) = s.strip_prefix("kind:") {
            return Ok(Target::Kind(id.to_owned()));
        }
        if let Some(id) = s.strip_prefix("actor:") {
            return Ok(Target::Actor(id.to_owned()));
        }
        if let Some(r) = s.strip_prefix("relation:") {
            return Ok(Target::Relation(RelationAddress::parse(r)?));
        }
        RelationAddress::parse(s).map(|a| match a {
            RelationAddress::Id(id) => Target::Actor(id),
            other => Target::Relation(other),
        })
    }
}

#[derive(Clone, Debug)]
struct EditFile {
    path: PathBuf,
    name: String,
    original: Option<String>,
    text: String,
    had_bom: bool,
    crlf: bool,
}

/// What an edit is done on: the dataset's texts, changed in memory until [`Editor::finish`].
#[derive(Debug)]
pub struct Editor {
    root: PathBuf,
    files: Vec<EditFile>,
    vocabulary: Option<Vocabulary>,
    before: Loaded,
    options: LoadOptions,
    report: Vec<String>,
}

/// The result of [`Editor::finish`]: a valid change, or the dataset it would give and its
/// errors.
pub type Checked = Result<Changeset, Box<Loaded>>;

impl Editor {
    /// Reads the dataset at `root` (a directory or one `.ron` file).
    ///
    /// A directory without data files yet is an empty dataset: entries added to it with a new
    /// file (`--file`) are its first.
    pub fn open(root: &Path, options: &LoadOptions) -> Result<Self, Error> {
        let before = match load(root, options) {
            Err(diplograph_loader::Error::NoFiles(_)) if root.is_dir() => diplograph_loader::load_texts(&[], options),
            other => other?,
        };
        let mut files = Vec::new();
        for (i, f) in before.files[..before.data_files].iter().enumerate() {
            if f.text.contains('\u{FFFD}') && std::str::from_utf8(&fs::read(&f.path).unwrap_or_default()).is_err() {
                return Err(Error::Edit(format!("{} is not valid UTF-8; fix it before editing", f.name)));
            }
            // Its text was read with line feeds for its lone carriage returns: written back, the
            // file would change everywhere.
            let lone_cr = |d: &diplograph_loader::Diagnostic| {
                d.message == diplograph_loader::LONE_CARRIAGE_RETURN && d.primary.as_ref().is_some_and(|l| l.file == i)
            };
            if before.diagnostics.iter().any(lone_cr) {
                return Err(Error::Edit(format!(
                    "{} ends lines with a lone carriage return (CR, old Mac line endings); convert its line endings to LF \
                     (for example with `mac2unix FILE`) before editing",
                    f.name
                )));
            }
            files.push(EditFile {
                path: f.path.clone(),
                name: f.name.clone(),
                original: Some(f.text.clone()),
                text: f.text.clone(),
                had_bom: f.had_bom,
                crlf: f.text.contains("\r\n"),
            });
        }
        let vocabulary = before.vocabulary.clone();
        Ok(Self { root: root.to_owned(), files, vocabulary, before, options: options.clone(), report: Vec::new() })
    }

    /// The dataset as it was read.
    pub fn before(&self) -> &Loaded {
        &self.before
    }

    /// What the edit did so far, one line per change, for the user.
    pub fn report(&self) -> &[String] {
        &self.report
    }

    /// Every entry as the texts stand now.
    pub(crate) fn entries(&self) -> Vec<Entry> {
        scan(self.files.iter().map(|f| f.text.as_str()))
    }

    fn names(&self) -> Vec<&str> {
        self.files.iter().map(|f| f.name.as_str()).collect()
    }

    fn texts(&self) -> Vec<&str> {
        self.files.iter().map(|f| f.text.as_str()).collect()
    }

    /// `file:line:column` of an entry.
    pub(crate) fn position(&self, e: &Entry) -> String {
        address::position(&self.names(), &self.texts(), e)
    }

    /// Finds the entry a target names.
    pub(crate) fn find(&self, target: &Target) -> Result<Entry, Error> {
        let entries = self.entries();
        match target {
            Target::Actor(id) => {
                let actor = entries.iter().find(|e| e.section == Section::Actors && e.id.as_deref() == Some(id));
                let relation = entries.iter().find(|e| e.section == Section::Relations && e.id.as_deref() == Some(id));
                match (actor, relation) {
                    (Some(_), Some(_)) => Err(Error::Edit(format!(
                        "\"{id}\" is both an actor and a relation id; write actor:{id} or relation:{id}"
                    ))),
                    (Some(a), None) => Ok(a.clone()),
                    (None, Some(r)) => Ok(r.clone()),
                    (None, None)
                        if entries.iter().any(|e| e.section == Section::Sources && e.id.as_deref() == Some(id)) =>
                    {
                        self.find(&Target::Source(id.clone()))
                    }
                    (None, None) => {
                        let mut candidates: Vec<(&str, &str)> = Vec::new();
                        for e in &entries {
                            if let Some(i) = e.id.as_deref() {
                                if matches!(e.section, Section::Actors | Section::Relations) {
                                    candidates.push((i, i));
                                }
                            }
                        }
                        let near = suggest::closest(id, candidates);
                        let hint = suggest::did_you_mean(&near).unwrap_or_else(|| {
                            "run `diplograph list` to see the actors; address a relation as SUBJECT/KIND/OBJECT".into()
                        });
                        Err(Error::Edit(format!("no actor or relation \"{id}\" in the data; {hint}")))
                    }
                }
            }
            Target::Relation(RelationAddress::Id(id)) => entries
                .iter()
                .find(|e| e.section == Section::Relations && e.id.as_deref() == Some(id))
                .cloned()
                .ok_or_else(|| Error::Edit(format!("no relation \"{id}\" in the data"))),
            Target::Relation(a) => address::find_relation(&entries, a, &self.names(), &self.texts()).cloned(),
            Target::Kind(id) => {
                let kinds: Vec<&Entry> = entries
                    .iter()
                    .filter(|e| matches!(e.section, Section::ActorKinds | Section::RelationKinds))
                    .filter(|e| e.id.as_deref() == Some(id))
                    .collect();
                let built_in = self
                    .vocabulary
                    .as_ref()
                    .is_some_and(|v| v.actor_kind_id(id).is_some() || v.relation_kind_id(id).is_some());
                match kinds.as_slice() {
                    [one] => Ok((*one).clone()),
                    [] if built_in => Err(Error::Edit(format!(
                        "kind \"{id}\" is built in, not the dataset's: define a kind of your own with `diplograph add kind`"
                    ))),
                    [] => Err(Error::Edit(format!(
                        "no kind \"{id}\" in the dataset's vocabulary; `diplograph vocabulary` lists the kinds"
                    ))),
                    _ => Err(Error::Edit(format!(
                        "\"{id}\" is both an actor kind and a relation kind; fix the vocabulary by hand"
                    ))),
                }
            }
            Target::Source(id) => entries
                .iter()
                .find(|e| e.section == Section::Sources && e.id.as_deref() == Some(id))
                .cloned()
                .ok_or_else(|| {
                    let ids = entries.iter().filter(|e| e.section == Section::Sources).filter_map(|e| e.id.as_deref());
                    let near = suggest::closest(id, ids.map(|i| (i, i)));
                    let hint = suggest::did_you_mean(&near)
                        .unwrap_or_else(|| "the sources are in the files' `sources` lists".into());
                    Error::Edit(format!("no source \"{id}\" in the data; {hint}"))
                }),
        }
    }

    /// Applies splices to file `file`, writing new lines in the file's own line ending.
    fn splice(&mut self, file: usize, mut splices: Vec<Splice>) {
        let f = &mut self.files[file];
        if f.crlf {
            for s in &mut splices {
                s.text = s.text.replace('\n', "\r\n");
            }
        }
        f.text = apply(&f.text, &splices);
    }

    /// The entry of file `file` starting at byte `start`, as the text stands now.
    fn entry_at(&self, file: usize, start: usize) -> Option<Entry> {
        self.entries().into_iter().find(|e| e.file == file && e.range.start == start)
    }

    /// Applies `FIELD=VALUE` assignments to an entry.
    pub fn set(&mut self, target: &str, assignments: &[Assignment]) -> Result<(), Error> {
        let entry = self.find(&Target::parse(target)?)?;
        for a in assignments {
            if a.field == "id" && entry.section == Section::Actors {
                return Err(Error::Edit(format!(
                    "an actor's id is changed with `diplograph rename {} NEW`, which also updates every reference",
                    entry.id.as_deref().unwrap_or("ID")
                )));
            }
        }
        let label = self.label(&entry);
        let start = entry.range.start;
        for a in assignments {
            let e =
                self.entry_at(entry.file, start).ok_or_else(|| Error::Edit("the entry moved while editing".into()))?;
            let splices = assign(&self.files[entry.file].text, e.range.clone(), &e.form, a)?;
            self.splice(entry.file, splices);
        }
        let fields: Vec<String> = assignments.iter().map(describe).collect();
        self.report.push(format!("changed {label}: {}", fields.join(", ")));
        Ok(())
    }

    fn label(&self, e: &Entry) -> String {
        match e.section {
            Section::Relations => match &e.id {
                Some(id) => format!("relation \"{id}\" ({})", address::triple_text(e)),
                None => format!("relation {}", address::triple_text(e)),
            },
            Section::ActorKinds => format!("actor kind \"{}\"", e.id.as_deref().unwrap_or("?")),
            Section::RelationKinds => format!("relation kind \"{}\"", e.id.as_deref().unwrap_or("?")),
            _ => format!("{} \"{}\"", e.form.to_lowercase(), e.id.as_deref().unwrap_or("?")),
        }
    }

    /// Adds an actor of vocabulary kind `kind`. The form (`Country`, `Person`, ...) follows
    /// from the kind; `assignments` set further fields.
    pub fn add_actor(
        &mut self,
        kind: &str,
        id: &str,
        name: &str,
        assignments: &[Assignment],
        file: Option<&Path>,
    ) -> Result<(), Error> {
        slug(id)?;
        let entries = self.entries();
        if let Some(e) = entries.iter().find(|e| e.section == Section::Actors && e.id.as_deref() == Some(id)) {
            return Err(Error::Edit(format!("actor \"{id}\" already exists, at {}", self.position(e))));
        }
        let (form, sub) = self.form_of(kind)?;
        let mut text = if form == "Actor" {
            format!("Actor(\nkind: {}, id: {}, name: {},\n)", string(kind), string(id), string(name))
        } else {
            format!("{form}(\nid: {}, name: {},\n)", string(id), string(name))
        };
        let mut all = Vec::new();
        if sub {
            all.push(Assignment::set("kind", kind));
        }
        all.extend_from_slice(assignments);
        for a in &all {
            if a.field == "id" || (a.field == "name" && a.op == AssignOp::Set) {
                return Err(Error::Edit(format!("give the {} as an argument, not with --set", a.field)));
            }
            let range = 0..text.len();
            text = apply(&text, &assign(&text, range, form, a)?);
        }
        let target = self.target_file(Section::Actors, file, |e| {
            let ekind = e.kind.clone().unwrap_or_else(|| e.form.to_lowercase());
            if ekind == kind {
                3
            } else if e.form == form {
                2
            } else {
                1
            }
        })?;
        let name = self.insert_entry(target, Section::Actors, &text)?;
        self.report.push(format!("added {} \"{id}\" to {name}", form.to_lowercase()));
        Ok(())
    }

    /// Adds a source; `assignments` set its fields (`title`, `publisher`, `published`, `url`).
    /// With `text`, the source's full text is kept in the dataset, in `sources/ID.txt` beside
    /// the file the source goes to, and the source's `text` names it: every quote citing the
    /// source is then checked against it.
    pub fn add_source(
        &mut self,
        id: &str,
        assignments: &[Assignment],
        text: Option<&str>,
        file: Option<&Path>,
    ) -> Result<(), Error> {
        slug(id)?;
        let entries = self.entries();
        if let Some(e) = entries.iter().find(|e| e.section == Section::Sources && e.id.as_deref() == Some(id)) {
            return Err(Error::Edit(format!("source \"{id}\" already exists, at {}", self.position(e))));
        }
        let mut entry = format!("Source(\nid: {},\n)", string(id));
        let mut all = assignments.to_vec();
        let relative = format!("sources/{id}.txt");
        if text.is_some() {
            all.push(Assignment::set("text", &relative));
        }
        for a in &all {
            if a.field == "id" {
                return Err(Error::Edit("give the id as an argument, not with --set".into()));
            }
            let range = 0..entry.len();
            entry = apply(&entry, &assign(&entry, range, "Source", a)?);
        }
        let target = self.target_file(Section::Sources, file, |_| 1)?;
        if let Some(text) = text {
            let dir = self.files[target].path.parent().map(Path::to_owned).unwrap_or_default();
            let path = dir.join(&relative);
            if path.exists() || self.files.iter().any(|f| f.path == path) {
                return Err(Error::Edit(format!(
                    "{} exists already; name the source differently, or write `text: \"{relative}\"` by hand",
                    path.display()
                )));
            }
            let name = display_name(&self.root, &path);
            self.files.push(EditFile {
                path,
                name,
                original: None,
                text: text.to_owned(),
                had_bom: false,
                crlf: false,
            });
        }
        let name = self.insert_entry(target, Section::Sources, &entry)?;
        let kept = if text.is_some() { format!(", its text in {relative}") } else { String::new() };
        self.report.push(format!("added source \"{id}\" to {name}{kept}"));
        Ok(())
    }

    /// Adds a kind to the dataset's vocabulary: an `ActorKind` when `relation` is false, else a
    /// `RelationKind`; `assignments` set its fields (`label`, `parent`, `polarity`, ...). It goes
    /// to the file that already holds kinds of its sort, else to a `Vocabulary` file, else to a
    /// new `vocabulary.ron`, or to `file`.
    pub fn add_kind(
        &mut self,
        relation: bool,
        id: &str,
        assignments: &[Assignment],
        file: Option<&Path>,
    ) -> Result<(), Error> {
        slug(id)?;
        let (form, section) =
            if relation { ("RelationKind", Section::RelationKinds) } else { ("ActorKind", Section::ActorKinds) };
        let known = self
            .vocabulary
            .as_ref()
            .is_some_and(|v| if relation { v.relation_kind_id(id).is_some() } else { v.actor_kind_id(id).is_some() });
        if known {
            return Err(Error::Edit(format!(
                "the vocabulary has a kind \"{id}\" already; `diplograph vocabulary` says where"
            )));
        }
        let mut entry = format!("{form}(\nid: {},\n)", string(id));
        for a in assignments {
            if a.field == "id" {
                return Err(Error::Edit("give the id as an argument, not with --set".into()));
            }
            let range = 0..entry.len();
            entry = apply(&entry, &assign(&entry, range, form, a)?);
        }
        let target = match file {
            Some(_) => self.target_file(section, file, |_| 1)?,
            None => match (0..self.files.len())
                .find(|&i| self.own(i) && outline(&self.files[i].text).form == Some(FileForm::Vocabulary))
            {
                Some(i) if !self.entries().iter().any(|e| e.section == section && self.own(e.file)) => i,
                _ => self.target_file(section, None, |_| 1)?,
            },
        };
        let name = self.insert_entry(target, section, &entry)?;
        let what = if relation { "relation kind" } else { "actor kind" };
        self.report.push(format!("added {what} \"{id}\" to {name}"));
        Ok(())
    }

    /// The form for an actor kind, and whether the kind must be written (a sub-kind).
    fn form_of(&self, kind: &str) -> Result<(&'static str, bool), Error> {
        let Some(v) = &self.vocabulary else {
            return Err(Error::Edit("the vocabulary has errors; fix them first (see `diplograph check`)".into()));
        };
        let Some(k) = v.actor_kind_id(kind) else {
            let names: Vec<&str> = v.actor_kinds().map(|(_, k)| &*k.id).collect();
            let near = suggest::closest(kind, names.iter().map(|n| (*n, *n)));
            let hint = suggest::did_you_mean(&near)
                .unwrap_or_else(|| format!("the kinds are {}", suggest::one_of(names.iter().copied(), 40)));
            return Err(Error::Edit(format!("unknown actor kind \"{kind}\"; {hint}")));
        };
        let roots = v.roots();
        for (root, form) in [
            (roots.country, "Country"),
            (roots.person, "Person"),
            (roots.organization, "Organization"),
            (roots.event, "Event"),
        ] {
            if v.is_a(k, root) {
                return Ok((form, k != root));
            }
        }
        Ok(("Actor", false))
    }

    /// Adds a relation `subject -kind-> object`; `assignments` set further fields.
    pub fn add_relation(
        &mut self,
        subject: &str,
        kind: &str,
        object: &str,
        assignments: &[Assignment],
        file: Option<&Path>,
    ) -> Result<(), Error> {
        let mut text =
            format!("Relation(\nsubject: {}, kind: {}, object: {},\n)", string(subject), string(kind), string(object));
        for a in assignments {
            if matches!(a.field.as_str(), "subject" | "kind" | "object") {
                return Err(Error::Edit(format!("give the {} as an argument", a.field)));
            }
            let range = 0..text.len();
            text = apply(&text, &assign(&text, range, "Relation", a)?);
        }
        let target = self.target_file(Section::Relations, file, |e| {
            let Some((s, k, o)) = &e.triple else { return 0 };
            let pair = (s == subject && o == object) || (s == object && o == subject);
            let one = [s, o].iter().any(|x| *x == subject || *x == object);
            if pair {
                4
            } else if one {
                3
            } else if k == kind {
                2
            } else {
                1
            }
        })?;
        let name = self.insert_entry(target, Section::Relations, &text)?;
        self.report.push(format!("added relation {subject}/{kind}/{object} to {name}"));
        Ok(())
    }

    /// The file a new entry goes to: `--file` when given (created when new), else the file
    /// whose entries of `section` score best (summed), else a new file in the data directory.
    fn target_file(
        &mut self,
        section: Section,
        file: Option<&Path>,
        score: impl Fn(&Entry) -> usize,
    ) -> Result<usize, Error> {
        if let Some(path) = file {
            return self.file_for_path(path, section);
        }
        // Only the dataset's own files are candidates: those of the datasets it includes are
        // never edited.
        let entries: Vec<Entry> = self.entries().into_iter().filter(|e| self.own(e.file)).collect();
        // Only the best class of match counts: a file with one exact match beats one with
        // many weak ones.
        let best = entries.iter().filter(|e| e.section == section).map(&score).max().unwrap_or(0);
        let mut counts = vec![0usize; self.files.len()];
        for e in entries.iter().filter(|e| e.section == section && score(e) == best && best > 0) {
            counts[e.file] += 1;
        }
        match counts.iter().enumerate().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0))) {
            Some((i, &n)) if n > 0 => Ok(i),
            _ => {
                if self.root.is_file() {
                    return Ok(0);
                }
                // The first file with this section, if only an empty one; else a new file, in
                // the folder named after the section when there is one (as `init` makes).
                if let Some(i) = (0..self.files.len()).find(|&i| {
                    self.own(i) && outline(&self.files[i].text).sections.iter().any(|s| s.section == section)
                }) {
                    return Ok(i);
                }
                if matches!(section, Section::ActorKinds | Section::RelationKinds) {
                    let path = self.root.join("vocabulary.ron");
                    return self.file_for_path(&path, section);
                }
                let folder = self.root.join(section.name());
                let path = if folder.is_dir() {
                    folder.join(format!("{}.ron", section.name()))
                } else {
                    self.root.join(format!("{}.ron", section.name()))
                };
                self.file_for_path(&path, section)
            }
        }
    }

    /// Whether file `i` is the dataset's own, not one of a dataset it includes.
    fn own(&self, i: usize) -> bool {
        within(&self.root, &self.files[i].path)
    }

    fn file_for_path(&mut self, path: &Path, _section: Section) -> Result<usize, Error> {
        if path.extension().is_none_or(|e| e != "ron") {
            return Err(Error::Edit(format!("{} is not a .ron file", path.display())));
        }
        let canon = |p: &Path| fs::canonicalize(p).ok();
        let target = match canon(path) {
            Some(c) => c,
            None => {
                let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
                let dir = canon(parent).ok_or_else(|| {
                    Error::Edit(format!("the directory of {} does not exist; create it first", path.display()))
                })?;
                dir.join(path.file_name().unwrap_or_default())
            }
        };
        for (i, f) in self.files.iter().enumerate() {
            if canon(&f.path).as_deref() == Some(target.as_path()) {
                return Ok(i);
            }
        }
        let root = canon(&self.root).unwrap_or_else(|| self.root.clone());
        let rel = target.strip_prefix(&root).map_err(|_| {
            Error::Edit(format!(
                "{} is outside the data directory {}; new files must be inside it to be read",
                path.display(),
                self.root.display()
            ))
        })?;
        if rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.')) {
            return Err(Error::Edit(format!(
                "{} would be skipped: names starting with `.` are not read",
                path.display()
            )));
        }
        let path = self.root.join(rel);
        let name = display_name(&self.root, &path);
        self.files.push(EditFile { path, name, original: None, text: String::new(), had_bom: false, crlf: false });
        Ok(self.files.len() - 1)
    }

    /// Appends an entry (unformatted text) to `section` of file `file`; returns the file name.
    fn insert_entry(&mut self, file: usize, section: Section, entry: &str) -> Result<String, Error> {
        self.insert_entries(file, section, &[entry])
    }

    /// Appends entries (unformatted texts) to `section` of file `file`, in order, as one splice;
    /// returns the file name.
    fn insert_entries(&mut self, file: usize, section: Section, entries: &[&str]) -> Result<String, Error> {
        let name = self.files[file].name.clone();
        let text = self.files[file].text.clone();
        let fmt = |indent: usize| -> Result<String, Error> {
            let mut all = Vec::with_capacity(entries.len());
            for entry in entries {
                all.push(
                    format::format_value(entry, indent)
                        .map_err(|e| Error::Edit(format!("internal error rendering an entry: {e}")))?,
                );
            }
            Ok(all.join(&format!(",\n{}", " ".repeat(indent))))
        };
        let vocabulary = matches!(section, Section::ActorKinds | Section::RelationKinds);
        let (form, form_name) =
            if vocabulary { (FileForm::Vocabulary, "Vocabulary") } else { (FileForm::Graph, "Graph") };
        if text.trim().is_empty() {
            let body = format!("{form_name}(\n    {}: [\n        {},\n    ],\n)\n", section.name(), fmt(8)?);
            self.splice(file, vec![Splice::replace(0..text.len(), body)]);
            return Ok(name);
        }
        let o = outline(&text);
        if o.form != Some(form) {
            return Err(Error::Edit(format!("{name} holds no `{form_name}(...)`; pick another file with --file")));
        }
        if !o.errors.is_empty() || o.truncated {
            return Err(Error::Edit(format!("{name} has syntax errors; fix them first (see `diplograph check`)")));
        }
        let splices = match o.sections.iter().find(|s| s.section == section) {
            Some(s) => match s.entries.last() {
                Some(last) => {
                    let indent = indent_of(&text, last.start).len();
                    insert_after(&text, last.clone(), &fmt(indent)?)
                }
                None => {
                    let indent = indent_of(&text, s.list.start).len() + 4;
                    vec![insert_into_empty(&text, s.list.start, s.list.end - 1, &fmt(indent)?, true)]
                }
            },
            None => {
                let fields = struct_fields(&text, o.body.clone()).unwrap_or_default();
                let indent = match fields.first() {
                    Some((n, _, _)) => indent_of(&text, n.start).len(),
                    None => indent_of(&text, o.body.start).len() + 4,
                };
                let pad = " ".repeat(indent);
                let item = format!("{}: [\n{pad}    {},\n{pad}]", section.name(), fmt(indent + 4)?);
                let order = [
                    Section::Sources,
                    Section::Actors,
                    Section::Relations,
                    Section::ActorKinds,
                    Section::RelationKinds,
                ];
                let r = |s: &str| order.iter().position(|x| x.name() == s).unwrap_or(usize::MAX);
                let mine = r(section.name());
                let anchor = fields.iter().rfind(|(n, _, _)| r(&text[n.clone()]) < mine);
                match (anchor, fields.first()) {
                    (Some((_, whole, _)), _) => insert_after(&text, whole.clone(), &item),
                    (None, Some((_, whole, _))) => vec![insert_before(&text, whole.clone(), &item)],
                    (None, None) => {
                        let open = opener(&text, o.body.clone()).map_or(o.body.start, |t| t.start);
                        vec![insert_into_empty(&text, open, o.body.end - 1, &item, true)]
                    }
                }
            }
        };
        self.splice(file, splices);
        Ok(name)
    }

    /// Removes an entry. An actor still named by other entries is refused, listing them;
    /// with `cascade`, relations whose subject or object it is are removed too, and mentions in
    /// `about` and `place` of other relations are dropped. Other references (a person's
    /// `country`, an office's `of`, an event's `place`) always refuse: they need a decision.
    pub fn remove(&mut self, target: &str, cascade: bool) -> Result<(), Error> {
        let entry = self.find(&Target::parse(target)?)?;
        if entry.section == Section::Sources {
            return self.remove_source(&entry, cascade);
        }
        if entry.section != Section::Actors {
            let label = self.label(&entry);
            let at = self.position(&entry);
            self.remove_entries(&[entry]);
            self.report.push(format!("removed {label} (was at {at})"));
            return Ok(());
        }
        let id = entry.id.clone().unwrap_or_default();
        let entries = self.entries();
        let mut relations = Vec::new();
        let mut mentions = Vec::new();
        let mut blocking = Vec::new();
        for e in &entries {
            if e.range == entry.range && e.file == entry.file {
                continue;
            }
            let text = &self.files[e.file].text;
            let refs: Vec<ActorRef> = actor_refs(text, e).into_iter().filter(|r| r.id == id).collect();
            if refs.is_empty() {
                continue;
            }
            if e.section == Section::Relations && refs.iter().any(|r| matches!(r.field, "subject" | "object")) {
                relations.push(e.clone());
            } else if e.section == Section::Relations {
                mentions.push((e.clone(), refs));
            } else {
                blocking.push((e.clone(), refs));
            }
        }
        let line = |e: &Entry, what: &str| format!("  {} {what} at {}", self.label(e), self.position(e));
        let referred = !(relations.is_empty() && mentions.is_empty());
        if !blocking.is_empty() || (referred && !cascade) {
            let mut lines = Vec::new();
            for e in &relations {
                lines.push(line(e, "links it"));
            }
            for (e, refs) in mentions.iter().chain(&blocking) {
                let fields: Vec<&str> = refs.iter().map(|r| r.field).collect();
                lines.push(line(e, &format!("names it in `{}`", fields.join("`, `"))));
            }
            let how = if blocking.is_empty() {
                "remove or change them first, or pass --cascade to remove the relations and drop the mentions"
            } else {
                "change or remove the entries that are not relations first (--cascade removes only relations)"
            };
            return Err(Error::Refused(format!(
                "actor \"{id}\" is still referred to by {} entr{}:\n{}\n{how}",
                lines.len(),
                if lines.len() == 1 { "y" } else { "ies" },
                lines.join("\n")
            )));
        }
        let mut report = vec![format!("removed {} (was at {})", self.label(&entry), self.position(&entry))];
        for e in &relations {
            report.push(format!("removed {} (was at {})", self.label(e), self.position(e)));
        }
        for (e, refs) in &mentions {
            for r in refs {
                report.push(format!("dropped \"{id}\" from `{}` of {}", r.field, self.label(e)));
            }
        }
        // Every change is made last first in its file, one splice at a time: a change never
        // moves what comes before it, so the positions of the entries still to change hold,
        // and neighbouring removals never overlap.
        let mut ops: Vec<(usize, usize, bool)> = mentions.iter().map(|(e, _)| (e.file, e.range.start, false)).collect();
        ops.extend(relations.iter().map(|e| (e.file, e.range.start, true)));
        ops.push((entry.file, entry.range.start, true));
        ops.sort_unstable_by_key(|&(file, start, _)| std::cmp::Reverse((file, start)));
        for (file, start, whole) in ops {
            if whole {
                self.remove_at(file, start);
                continue;
            }
            while let Some(now) = self.entry_at(file, start) {
                let text = self.files[file].text.clone();
                let Some(r) = actor_refs(&text, &now).into_iter().filter(|r| r.id == id).max_by_key(|r| r.range.start)
                else {
                    break;
                };
                let fields = struct_fields(&text, now.range.clone()).unwrap_or_default();
                let splice = match &r.item {
                    Some((item, previous, count)) if *count > 1 => remove(&text, item.clone(), previous.clone()),
                    _ => {
                        let Some(i) = fields.iter().position(|(n, _, _)| text[n.clone()] == *r.field) else { break };
                        remove(&text, fields[i].1.clone(), (i > 0).then(|| fields[i - 1].1.clone()))
                    }
                };
                self.splice(file, vec![splice]);
            }
        }
        self.report.extend(report);
        Ok(())
    }

    /// The quotes citing source `id` in the relation `e` as the texts stand: the text of each.
    fn quotes_citing(&self, e: &Entry, id: &str) -> Vec<String> {
        let text = &self.files[e.file].text;
        let fields = struct_fields(text, e.range.clone()).unwrap_or_default();
        let Some((_, _, value)) = fields.iter().find(|(n, _, _)| &text[n.clone()] == "evidence") else {
            return Vec::new();
        };
        let mut found = Vec::new();
        for item in list_items(text, value.clone()).unwrap_or_default() {
            let parts = struct_fields(text, item).unwrap_or_default();
            let get = |name: &str| {
                parts.iter().find(|(n, _, _)| &text[n.clone()] == name).and_then(|(_, _, v)| unstring(&text[v.clone()]))
            };
            if get("source").as_deref() == Some(id) {
                found.push(get("text").unwrap_or_default());
            }
        }
        found
    }

    /// Removes a source. One that quotes cite is refused, listing the relations; with
    /// `cascade`, the quotes that cite it go too. Its text file is left where it is.
    fn remove_source(&mut self, entry: &Entry, cascade: bool) -> Result<(), Error> {
        let id = entry.id.clone().unwrap_or_default();
        let citing: Vec<(Entry, Vec<String>)> = self
            .entries()
            .into_iter()
            .filter(|e| e.section == Section::Relations)
            .map(|e| {
                let quotes = self.quotes_citing(&e, &id);
                (e, quotes)
            })
            .filter(|(_, q)| !q.is_empty())
            .collect();
        let count: usize = citing.iter().map(|(_, q)| q.len()).sum();
        if count > 0 && !cascade {
            let lines: Vec<String> = citing
                .iter()
                .map(|(e, q)| format!("  {} cites it {} time(s), at {}", self.label(e), q.len(), self.position(e)))
                .collect();
            return Err(Error::Refused(format!(
                "source \"{id}\" is cited by {}:\n{}\nremove the quotes first, or pass --cascade to remove them with the source",
                plural(count, "quote"),
                lines.join("\n")
            )));
        }
        let mut report = vec![format!("removed {} (was at {})", self.label(entry), self.position(entry))];
        let mut ops: Vec<(usize, usize, Vec<String>)> =
            citing.iter().map(|(e, q)| (e.file, e.range.start, q.clone())).collect();
        ops.push((entry.file, entry.range.start, Vec::new()));
        // Last first in each file: a change never moves what comes before it.
        ops.sort_unstable_by_key(|(file, start, _)| std::cmp::Reverse((*file, *start)));
        for (file, start, quotes) in ops {
            if quotes.is_empty() {
                self.remove_at(file, start);
                continue;
            }
            for quote in quotes {
                let e =
                    self.entry_at(file, start).ok_or_else(|| Error::Edit("the entry moved while editing".into()))?;
                let drop =
                    Assignment { field: "evidence".into(), op: AssignOp::Remove, value: format!("{id}:{quote}") };
                let splices = assign(&self.files[file].text, e.range.clone(), &e.form, &drop)?;
                report.push(format!("dropped a quote citing \"{id}\" from {}", self.label(&e)));
                self.splice(file, splices);
            }
        }
        self.report.extend(report);
        Ok(())
    }

    /// Removes entries (of any files), last first in each file (see [`Editor::remove_at`]).
    fn remove_entries(&mut self, doomed: &[Entry]) {
        let mut order: Vec<(usize, usize)> = doomed.iter().map(|e| (e.file, e.range.start)).collect();
        order.sort_unstable_by(|a, b| b.cmp(a));
        for (file, start) in order {
            self.remove_at(file, start);
        }
    }

    /// Removes the entry of file `file` that starts at byte `start`. Removing an entry changes
    /// nothing before the start of the entry ahead of it in its list.
    fn remove_at(&mut self, file: usize, start: usize) {
        let text = self.files[file].text.clone();
        let o = outline(&text);
        for s in &o.sections {
            if let Some(i) = s.entries.iter().position(|r| r.start == start) {
                let previous = (i > 0).then(|| s.entries[i - 1].clone());
                let splice = remove(&text, s.entries[i].clone(), previous);
                self.splice(file, vec![splice]);
                return;
            }
        }
    }

    /// Renames actor `old` to `new` everywhere: its id, and every relation, office and field
    /// that names it. The old id becomes an alias unless `keep_alias` is false.
    pub fn rename(&mut self, old: &str, new: &str, keep_alias: bool) -> Result<(), Error> {
        let entries = self.entries();
        let actor = address::find_actor(&entries, old)?.clone();
        if !is_slug(new) {
            return Err(Error::Edit(format!(
                "\"{new}\" is not a valid id: use lowercase letters, digits, `_` and `-`, starting with a letter"
            )));
        }
        if let Some(e) = entries.iter().find(|e| e.section == Section::Actors && e.id.as_deref() == Some(new)) {
            return Err(Error::Edit(format!("actor \"{new}\" already exists, at {}", self.position(e))));
        }
        let mut count = 0usize;
        let mut files_touched = Vec::new();
        for file in 0..self.files.len() {
            let text = self.files[file].text.clone();
            let mut splices = Vec::new();
            for e in entries.iter().filter(|e| e.file == file) {
                if e.range == actor.range && e.file == actor.file {
                    if let Some((_, _, v)) = struct_fields(&text, e.range.clone())
                        .unwrap_or_default()
                        .into_iter()
                        .find(|(n, _, _)| &text[n.clone()] == "id")
                    {
                        splices.push(Splice::replace(v, string(new)));
                    }
                    if keep_alias {
                        let has = aliases(&text, e.range.clone()).iter().any(|a| a == old);
                        if !has {
                            splices.extend(assign(&text, e.range.clone(), &e.form, &Assignment::add("aliases", old))?);
                        }
                    }
                    continue;
                }
                for r in actor_refs(&text, e).into_iter().filter(|r| r.id == old) {
                    splices.push(Splice::replace(r.range, string(new)));
                    count += 1;
                }
            }
            if !splices.is_empty() {
                files_touched.push(self.files[file].name.clone());
                self.splice(file, splices);
            }
        }
        self.report.push(format!(
            "renamed actor \"{old}\" to \"{new}\": {} updated in {}{}",
            plural(count, "reference"),
            plural(files_touched.len(), "file"),
            if keep_alias { format!("; \"{old}\" kept as an alias") } else { String::new() }
        ));
        Ok(())
    }

    /// Validates the dataset as edited. `Ok(Ok(changes))` when it is valid (warnings allowed),
    /// `Ok(Err(loaded))` with its diagnostics when it is not; nothing is written either way.
    pub fn finish(self) -> Result<Checked, Error> {
        let changed: Vec<&EditFile> =
            self.files.iter().filter(|f| f.original.as_deref() != Some(f.text.as_str())).collect();
        if let Some(f) = changed.iter().find(|f| !within(&self.root, &f.path)) {
            // Joining is the way to change what this dataset says of an included actor; of
            // an included relation or source, there is none but editing its own dataset.
            let join = if touches_actor(f.original.as_deref().unwrap_or(""), &f.text) {
                format!(
                    ", or declare the actor in this dataset and join theirs to it with `same_as` in {}",
                    diplograph_loader::MANIFEST
                )
            } else {
                String::new()
            };
            return Err(Error::Refused(format!(
                "{} belongs to a dataset this one includes, which edits never change; edit it in its own dataset{join}",
                f.name,
            )));
        }
        let overrides: Vec<(PathBuf, String)> = changed.iter().map(|f| (f.path.clone(), f.text.clone())).collect();
        let loaded = load_with(&self.root, &overrides, &self.options)?;
        if loaded.graph.is_none() {
            return Ok(Err(Box::new(loaded)));
        }
        let files = changed
            .into_iter()
            .map(|f| FileChange {
                path: f.path.clone(),
                name: f.name.clone(),
                before: f.original.clone(),
                after: f.text.clone(),
                had_bom: f.had_bom,
            })
            .collect();
        Ok(Ok(Changeset { files, loaded }))
    }
}

/// Whether `field` of an actor (of any form: a person's `country`, an event's `place`) names
/// another actor.
pub fn names_actor(field: &str) -> bool {
    ["Country", "Person", "Organization", "Event", "Actor"]
        .iter()
        .any(|form| schema::fields(form).iter().any(|f| f.name == field && f.actors))
}

/// An id for a new entry, or why it cannot be one.
fn slug(id: &str) -> Result<(), Error> {
    if is_slug(id) {
        return Ok(());
    }
    Err(Error::Edit(format!(
        "\"{id}\" is not a valid id: use lowercase letters, digits, `_` and `-`, starting with a letter"
    )))
}

/// Whether the change from `before` to `after` touches an actor's entry of `before`.
fn touches_actor(before: &str, after: &str) -> bool {
    let prefix = before.bytes().zip(after.bytes()).take_while(|(a, b)| a == b).count();
    let suffix = before.bytes().rev().zip(after.bytes().rev()).take_while(|(a, b)| a == b).count();
    let end = before.len().saturating_sub(suffix).max(prefix);
    scan(std::iter::once(before))
        .iter()
        .any(|e| e.section == Section::Actors && e.range.start <= end && prefix <= e.range.end)
}

/// Whether `path` lies in the dataset at `root` (not in one it includes from outside).
fn within(root: &Path, path: &Path) -> bool {
    path.strip_prefix(root).is_ok_and(|rel| !rel.components().any(|c| c == std::path::Component::ParentDir))
}

fn describe(a: &Assignment) -> String {
    match (a.op, a.value.is_empty()) {
        (AssignOp::Set, true) => format!("removed `{}`", a.field),
        (AssignOp::Set, false) => format!("{} = {}", a.field, a.value),
        (AssignOp::Add, _) => format!("{} += {}", a.field, a.value),
        (AssignOp::Remove, _) => format!("{} -= {}", a.field, a.value),
    }
}

fn aliases(text: &str, entry: Range<usize>) -> Vec<String> {
    struct_fields(text, entry)
        .unwrap_or_default()
        .into_iter()
        .find(|(n, _, _)| &text[n.clone()] == "aliases")
        .and_then(|(_, _, v)| list_items(text, v))
        .unwrap_or_default()
        .into_iter()
        .filter_map(|r| unstring(&text[r]))
        .collect()
}

/// The RON text of one item of a list field, or of a scalar field's value.
fn value_text(field: &str, ty: FieldType, value: &str) -> Result<String, Error> {
    match ty {
        FieldType::Str | FieldType::StrList => Ok(string(value)),
        FieldType::Bool => match value {
            "true" | "false" => Ok(value.to_owned()),
            _ => Err(Error::Edit(format!("`{field}` is true or false, not \"{value}\""))),
        },
        FieldType::Number => match value.parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(format!("{n:?}")),
            _ => Err(Error::Edit(format!("`{field}` is a number such as 0.8, not \"{value}\""))),
        },
        FieldType::Quotes => {
            let (source, text) = parse_evidence(value)?;
            Ok(quote(&source, &text))
        }
        FieldType::Offices => {
            let (title, of, since, until) = parse_office(value)?;
            let mut fields = vec![format!("title: {}", string(&title)), format!("of: {}", string(&of))];
            fields.extend(since.map(|d| format!("since: {}", string(&d))));
            fields.extend(until.map(|d| format!("until: {}", string(&d))));
            Ok(format!("Office({})", fields.join(", ")))
        }
    }
}

/// Parses an office as typed: `TITLE@OF`, `TITLE@OF@SINCE` or `TITLE@OF@SINCE@UNTIL` (an empty
/// SINCE leaves it out): the title, the actor it is of, and the dates.
pub(crate) fn parse_office(value: &str) -> Result<(String, String, Option<String>, Option<String>), Error> {
    let parts: Vec<&str> = value.split('@').map(str::trim).collect();
    let date = |i: usize| parts.get(i).filter(|d| !d.is_empty()).map(|d| (*d).to_owned());
    match parts.as_slice() {
        [title, of, ..] if !title.is_empty() && !of.is_empty() && parts.len() <= 4 => {
            Ok(((*title).to_owned(), (*of).to_owned(), date(2), date(3)))
        }
        _ => Err(Error::Edit(format!(
            "an office is written TITLE@OF[@SINCE[@UNTIL]], for example \"President@turkey@2014-08-28\", not \"{value}\""
        ))),
    }
}

/// A look-up of the string fields of the struct at `item`: a field's value by name, if it has one.
fn string_fields(text: &str, item: Range<usize>) -> impl Fn(&str) -> Option<String> + '_ {
    let fields = struct_fields(text, item).unwrap_or_default();
    move |name| {
        fields.iter().find(|(n, _, _)| &text[n.clone()] == name).and_then(|(_, _, v)| unstring(&text[v.clone()]))
    }
}

/// Whether a list item (RON text) matches what the user typed for `-=`.
fn item_matches(ty: FieldType, text: &str, item: Range<usize>, value: &str) -> bool {
    match ty {
        FieldType::Quotes => {
            let get = string_fields(text, item);
            let (source, quote) = (get("source").unwrap_or_default(), get("text").unwrap_or_default());
            match parse_evidence(value) {
                Ok((s, q)) => s == source && q == quote,
                Err(_) => value == quote,
            }
        }
        FieldType::Offices => {
            let get = string_fields(text, item);
            // `TITLE` or `TITLE@OF`.
            let mut wanted = value.split('@').map(str::trim);
            let title = wanted.next().unwrap_or_default();
            get("title").as_deref() == Some(title) && wanted.next().is_none_or(|of| get("of").as_deref() == Some(of))
        }
        _ => unstring(&text[item]).as_deref() == Some(value),
    }
}

/// The splices that apply one assignment to the entry at `range` of form `form`.
pub(crate) fn assign(text: &str, range: Range<usize>, form: &str, a: &Assignment) -> Result<Vec<Splice>, Error> {
    let ty = schema::field_type(form, &a.field).map_err(Error::Edit)?;
    let list = matches!(ty, FieldType::StrList | FieldType::Quotes | FieldType::Offices);
    if !list && a.op != AssignOp::Set {
        return Err(Error::Edit(format!("`{}` holds one value: write {}=VALUE", a.field, a.field)));
    }
    let fields = struct_fields(text, range.clone())
        .ok_or_else(|| Error::Edit("this entry cannot be read; fix it by hand first".into()))?;
    let index = fields.iter().position(|(n, _, _)| text[n.clone()] == *a.field);
    let remove_field = |i: usize| remove(text, fields[i].1.clone(), (i > 0).then(|| fields[i - 1].1.clone()));
    match (a.op, a.value.is_empty(), index) {
        (AssignOp::Set, true, Some(i)) => return Ok(vec![remove_field(i)]),
        (AssignOp::Set, true, None) => {
            return Err(Error::Edit(format!("`{}` is not set, so there is nothing to remove", a.field)));
        }
        (AssignOp::Add | AssignOp::Remove, true, _) => {
            return Err(Error::Edit(format!(
                "give a value: {}{}=VALUE",
                a.field,
                if a.op == AssignOp::Add { "+" } else { "-" }
            )));
        }
        _ => {}
    }
    // What `-=` names is only matched (an office by its title), never written.
    let item = if a.op == AssignOp::Remove { String::new() } else { value_text(&a.field, ty, &a.value)? };
    match (a.op, index) {
        (AssignOp::Set, Some(i)) => {
            let v = if list { format!("[{item}]") } else { item };
            Ok(vec![Splice::replace(fields[i].2.clone(), v)])
        }
        (AssignOp::Set, None) => {
            let v = if list { format!("[{item}]") } else { item };
            Ok(insert_field(text, range, form, &fields, &a.field, &v))
        }
        (AssignOp::Add, index) => {
            let items = index.and_then(|i| list_items(text, fields[i].2.clone())).unwrap_or_default();
            if items.iter().any(|r| item_matches(ty, text, r.clone(), &a.value)) {
                return Err(Error::Edit(format!("`{}` already holds \"{}\"", a.field, a.value)));
            }
            append_item(text, range, form, &a.field, &item)
        }
        (AssignOp::Remove, None) => Err(Error::Edit(format!("`{}` is not set", a.field))),
        (AssignOp::Remove, Some(i)) => {
            let items = list_items(text, fields[i].2.clone()).unwrap_or_default();
            let Some(k) = items.iter().position(|r| item_matches(ty, text, r.clone(), &a.value)) else {
                let held: Vec<&str> = items.iter().map(|r| &text[r.clone()]).collect();
                return Err(Error::Edit(format!(
                    "`{}` does not hold \"{}\"; it holds {}",
                    a.field,
                    a.value,
                    if held.is_empty() { "nothing".to_owned() } else { held.join(", ") }
                )));
            };
            if items.len() == 1 {
                return Ok(vec![remove_field(i)]);
            }
            Ok(vec![remove(text, items[k].clone(), (k > 0).then(|| items[k - 1].clone()))])
        }
    }
}

/// The splices that append `item` (RON text) to the list field `field` of the entry at `range`
/// of form `form`, writing the field when the entry has none.
pub(crate) fn append_item(
    text: &str,
    range: Range<usize>,
    form: &str,
    field: &str,
    item: &str,
) -> Result<Vec<Splice>, Error> {
    let fields = struct_fields(text, range.clone())
        .ok_or_else(|| Error::Edit("this entry cannot be read; fix it by hand first".into()))?;
    let Some(i) = fields.iter().position(|(n, _, _)| text[n.clone()] == *field) else {
        return Ok(insert_field(text, range, form, &fields, field, &format!("[{item}]")));
    };
    let value = fields[i].2.clone();
    let items = list_items(text, value.clone()).unwrap_or_default();
    Ok(match items.last() {
        Some(last) => insert_after(text, last.clone(), item),
        None => vec![insert_into_empty(text, value.start, value.end - 1, item, false)],
    })
}

/// Inserts `field: value` into a struct, after the last field that comes before it in the
/// form's writing order.
fn insert_field(
    text: &str,
    range: Range<usize>,
    form: &str,
    fields: &[FieldSpan],
    field: &str,
    value: &str,
) -> Vec<Splice> {
    let item = format!("{field}: {value}");
    let mine = rank(form, field);
    let anchor = fields
        .iter()
        .filter(|(n, _, _)| rank(form, &text[n.clone()]) < mine)
        .max_by_key(|(n, _, _)| (rank(form, &text[n.clone()]), n.start));
    match (anchor, fields.first()) {
        (Some((_, whole, _)), _) => insert_after(text, whole.clone(), &item),
        (None, Some((_, whole, _))) => vec![insert_before(text, whole.clone(), &item)],
        (None, None) => {
            let open = opener(text, range.clone()).map_or(range.start, |t| t.start);
            // An entry that loads ends with its `)`; one that does not (cut short) gets nothing.
            let close = range.end.checked_sub(1).filter(|&c| c > open && text.as_bytes()[c] == b')');
            close.map(|close| insert_into_empty(text, open, close, &item, false)).into_iter().collect()
        }
    }
}
