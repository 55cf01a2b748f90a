//! `import csv`: sources, actors and relations from CSV tables, added to a dataset as one edit.
//!
//! The columns are those `export --format csv` writes (docs/interop.md): a table is told by its
//! header (`subject` and `object`: relations; `name`: actors; else sources), its columns may come
//! in any order, and an empty cell leaves a field out. Each row becomes one entry, written from
//! the table of the format ([`diplograph_syntax::schema`]) and put where `add` would put it; a
//! relation row of `origin` `office` becomes an office of its subject. A row that is already in
//! the data, field for field, is passed over, so importing the same table twice changes nothing.
//!
//! Problems are diagnostics located at the cell that causes them: those seen while reading the
//! rows, and, through [`Import::explain`], those the whole edited dataset has when it is loaded
//! (an unknown actor, a bad date), traced back from the entry written to its row.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::PathBuf;

use diplograph_core::text::plural;
use diplograph_core::{Graph, OfficeSpec, suggest};
use diplograph_export::fields::{self, ACTOR_FIELDS, RELATION_FIELDS, SOURCE_FIELDS, Type, Value, split_list};
use diplograph_loader::{Diagnostic, Label, Loaded, SourceFile};
use diplograph_syntax::navigate::{list_items, struct_fields};
use diplograph_syntax::outline::{Section, outline};
use diplograph_syntax::schema::{self, FieldType};
use diplograph_syntax::writer::{quote, string, string_list};

use crate::table::{Row, Table, located};
use crate::{Editor, Error};

/// What a table holds, told by its header.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum TableKind {
    /// Sources: `id`, `title`, ...
    Sources,
    /// Actors: `id`, `name`, `kind`, ...
    Actors,
    /// Relations (and offices): `subject`, `kind`, `object`, ...
    Relations,
}

/// Relation columns the export computes from the kind: read and left aside.
const DERIVED: &[&str] = &["label", "directed", "polarity", "category"];

impl TableKind {
    fn of(table: &Table) -> Option<Self> {
        let has = |c: &str| table.column(c).is_some();
        if has("subject") || has("object") {
            Some(TableKind::Relations)
        } else if has("name") {
            Some(TableKind::Actors)
        } else if has("id") {
            Some(TableKind::Sources)
        } else {
            None
        }
    }

    /// The columns the export writes, with their types.
    fn exported(self) -> &'static [(&'static str, Type)] {
        match self {
            TableKind::Sources => SOURCE_FIELDS,
            TableKind::Actors => ACTOR_FIELDS,
            TableKind::Relations => RELATION_FIELDS,
        }
    }

    fn required(self) -> &'static [&'static str] {
        match self {
            TableKind::Sources => &["id"],
            TableKind::Actors => &["id", "name", "kind"],
            TableKind::Relations => &["subject", "kind", "object"],
        }
    }

    /// Every column a table of this kind may have: the export's, and every field of the forms
    /// that a cell can hold.
    fn columns(self) -> Vec<&'static str> {
        let (form, unlisted) = match self {
            TableKind::Sources => ("Source", ""),
            TableKind::Actors => ("Actor", "offices"),
            TableKind::Relations => ("Relation", "evidence"),
        };
        let mut all: Vec<&str> = self.exported().iter().map(|(n, _)| *n).collect();
        for f in schema::fields(form) {
            if f.name != unlisted && !all.contains(&f.name) {
                all.push(f.name);
            }
        }
        all
    }

    fn section(self) -> Section {
        match self {
            TableKind::Sources => Section::Sources,
            TableKind::Actors => Section::Actors,
            TableKind::Relations => Section::Relations,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            TableKind::Sources => "source",
            TableKind::Actors => "actor",
            TableKind::Relations => "relation",
        }
    }
}

/// An entry an import wrote, and the row it came from.
#[derive(Clone, Debug)]
struct Added {
    path: PathBuf,
    section: Section,
    table: usize,
    row: usize,
}

/// An office an import added to a person: the person, the office's place in its list, the row.
#[derive(Clone, Debug)]
struct AddedOffice {
    person: String,
    index: usize,
    table: usize,
    row: usize,
}

/// An import done in an editor: the tables read, and where each row went, to trace the
/// problems of the edited dataset back to rows ([`Import::explain`]).
#[derive(Debug)]
pub struct Import {
    /// The tables, in the order given.
    pub tables: Vec<Table>,
    kinds: Vec<TableKind>,
    added: Vec<Added>,
    offices: Vec<AddedOffice>,
    /// How many rows were already in the data and were passed over.
    pub unchanged: usize,
}

/// Problems located in the tables (and, for those no row explains, in the data files), ready
/// to be rendered with [`diplograph_loader::render`].
#[derive(Debug, Default)]
pub struct RowProblems {
    /// The files the diagnostics point into: the tables, then the dataset's files.
    pub files: Vec<SourceFile>,
    /// The diagnostics, by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

impl std::fmt::Display for RowProblems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&diplograph_loader::render(&self.diagnostics, &self.files, false))
    }
}

/// A row's cell values by column name.
struct Cells<'a> {
    table: &'a Table,
    row: &'a Row,
    table_index: usize,
}

impl<'a> Cells<'a> {
    /// The value of column `name`; empty when the table has no such column.
    fn get(&self, name: &str) -> &'a str {
        self.table.column(name).and_then(|i| self.row.cells.get(i)).map_or("", |c| c.value.as_str())
    }

    /// The place of column `name` in the row (the row's start when the table has no such column).
    fn range(&self, name: &str) -> Range<usize> {
        let start = self.row.cells.first().map_or(0, |c| c.range.start);
        self.table.column(name).and_then(|i| self.row.cells.get(i)).map_or(start..start, |c| c.range.clone())
    }

    /// An error at the cell of column `name`.
    fn error(&self, name: &str, message: String, help: &str) -> Diagnostic {
        let label = format!("column `{name}`");
        Diagnostic {
            help: (!help.is_empty()).then(|| help.to_owned()),
            ..located(self.table_index, self.range(name), &message, &label).with_code("import")
        }
    }
}

/// The value of `v` as the comparison of rows sees it.
fn canonical(t: Type, v: &str) -> String {
    match t {
        Type::Text => v.to_owned(),
        Type::Bool => {
            if v.is_empty() {
                "false".to_owned()
            } else {
                v.to_owned()
            }
        }
        Type::Float => v.parse::<f64>().map_or_else(|_| v.to_owned(), |f| f.to_string()),
        Type::List => fields::join_list(&split_list(v)),
    }
}

/// The columns two rows are compared on: the export's, but those computed from the kind.
fn compared(kind: TableKind) -> impl Iterator<Item = (usize, &'static (&'static str, Type))> {
    kind.exported().iter().enumerate().filter(|(_, (n, _))| !DERIVED.contains(n))
}

/// What the data holds already, as rows: by id, and (relations) every row.
#[derive(Default)]
struct Existing {
    by_id: HashMap<(TableKind, String), Vec<String>>,
    relations: HashSet<Vec<String>>,
}

impl Existing {
    fn of(graph: Option<&Graph>) -> Self {
        let mut e = Existing::default();
        let Some(g) = graph else { return e };
        let text = |values: Vec<Option<Value>>, kind: TableKind| -> Vec<String> {
            compared(kind)
                .map(|(i, &(_, t))| canonical(t, &values[i].as_ref().map(Value::to_text).unwrap_or_default()))
                .collect()
        };
        for (_, a) in g.actors() {
            e.by_id.insert((TableKind::Actors, a.id.to_string()), text(fields::actor(g, a), TableKind::Actors));
        }
        for (_, s) in g.sources() {
            e.by_id.insert((TableKind::Sources, s.id.to_string()), text(fields::source(s), TableKind::Sources));
        }
        for (_, r) in g.relations() {
            let row = text(fields::relation(g, r), TableKind::Relations);
            if let Some(id) = &r.id {
                e.by_id.insert((TableKind::Relations, id.to_string()), row.clone());
            }
            e.relations.insert(row);
        }
        e
    }
}

impl Editor {
    /// Adds the rows of `tables` to the dataset: sources first, then actors, then relations and
    /// offices. Rows already in the data are passed over. Problems seen in the rows are
    /// [`Error::Rows`]; the dataset as a whole is validated by [`Editor::finish`], whose errors
    /// [`Import::explain`] traces back to rows.
    pub fn import(&mut self, tables: Vec<Table>) -> Result<Import, Error> {
        let mut problems = Vec::new();
        let mut kinds = Vec::new();
        for (t, table) in tables.iter().enumerate() {
            match header_problems(t, table) {
                Ok(kind) => kinds.push(kind),
                Err(mut p) => {
                    problems.append(&mut p);
                    kinds.push(TableKind::Sources);
                }
            }
        }
        if !problems.is_empty() {
            return Err(rows_error(&tables, problems));
        }
        let existing = Existing::of(self.before.graph.as_ref());
        let mut import = Import { tables: Vec::new(), kinds, added: Vec::new(), offices: Vec::new(), unchanged: 0 };
        for kind in [TableKind::Sources, TableKind::Actors, TableKind::Relations] {
            let mut pass = Pass {
                section: kind.section(),
                placement: Placement::of(&self.entries(), kind.section(), self.files.len()),
                fallback: None,
                pending: Vec::new(),
                refused: Vec::new(),
            };
            for (t, table) in tables.iter().enumerate() {
                if import.kinds[t] != kind {
                    continue;
                }
                for (r, row) in table.rows.iter().enumerate() {
                    if row.cells.iter().all(|c| c.value.trim().is_empty()) {
                        continue;
                    }
                    let cells = Cells { table, row, table_index: t };
                    if let Err(d) = self.import_row(kind, &cells, r, &existing, &mut import, &mut pass) {
                        problems.push(*d);
                    }
                }
            }
            self.flush(pass, &tables, &mut import, &mut problems);
        }
        if !problems.is_empty() {
            return Err(rows_error(&tables, problems));
        }
        import.tables = tables;
        let counts = import.counts();
        self.report.push(format!(
            "imported {}, {}, {} and {}{}",
            plural(counts[0], "source"),
            plural(counts[1], "actor"),
            plural(counts[2], "relation"),
            plural(counts[3], "office"),
            if import.unchanged > 0 {
                format!("; {} already in the data", plural(import.unchanged, "row"))
            } else {
                String::new()
            }
        ));
        Ok(import)
    }

    /// One row: checked against what the data holds, then written as an entry (or an office).
    fn import_row(
        &mut self,
        kind: TableKind,
        cells: &Cells<'_>,
        row: usize,
        existing: &Existing,
        import: &mut Import,
        pass: &mut Pass,
    ) -> Result<(), Box<Diagnostic>> {
        if cells.row.cells.len() != cells.table.header.len() {
            let whole =
                cells.row.cells.first().map_or(0, |c| c.range.start)..cells.row.cells.last().map_or(0, |c| c.range.end);
            let message = format!(
                "this row has {}, and the header {} columns",
                plural(cells.row.cells.len(), "cell"),
                cells.table.header.len()
            );
            return Err(Box::new(Diagnostic {
                help: Some("give every row one cell per column, empty where a field is not set".into()),
                ..located(cells.table_index, whole, &message, "this row").with_code("import")
            }));
        }
        let values: Vec<String> = compared(kind).map(|(_, &(n, t))| canonical(t, cells.get(n))).collect();
        let id = cells.get("id");
        if !id.is_empty() {
            if let Some(old) = existing.by_id.get(&(kind, id.to_owned())) {
                if *old == values {
                    import.unchanged += 1;
                    return Ok(());
                }
                let differs = compared(kind)
                    .zip(old)
                    .find(|((_, column), o)| canonical(column.1, cells.get(column.0)) != o.as_str())
                    .map_or("id", |((_, column), _)| column.0);
                let message = format!("{} \"{id}\" is already in the data, with another `{differs}`", kind.noun());
                let held = old_value(existing, kind, id, differs);
                let help = format!(
                    "the data has {}; change it with `diplograph set`, or give this row another id",
                    if held.is_empty() { "no value".to_owned() } else { format!("\"{held}\"") }
                );
                return Err(Box::new(cells.error(differs, message, &help)));
            }
        } else if kind == TableKind::Relations && existing.relations.contains(&values) {
            import.unchanged += 1;
            return Ok(());
        }
        match kind {
            TableKind::Relations if cells.get("origin") == "office" => self.import_office(cells, row, import),
            TableKind::Relations => {
                let origin = cells.get("origin");
                if !origin.is_empty() && origin != "stated" {
                    let message = format!("unknown origin \"{origin}\"");
                    return Err(Box::new(cells.error(
                        "origin",
                        message,
                        "`origin` is `stated` (or empty) for a relation, `office` for an office",
                    )));
                }
                let entry = relation_entry(cells)?;
                let (subject, object) = (cells.get("subject"), cells.get("object"));
                let classes = [
                    vec![pair_key(subject, object)],
                    vec![format!("a:{subject}"), format!("a:{object}")],
                    vec![format!("k:{}", cells.get("kind"))],
                ];
                self.add_imported(entry, cells, row, pass, &classes);
                Ok(())
            }
            TableKind::Actors => {
                let akind = cells.get("kind");
                let (form, sub) = self.form_of(akind).map_err(|e| Box::new(cells.error("kind", e.to_string(), "")))?;
                let entry = plain_entry(form, sub.then_some(akind), cells, &["id", "name", "kind"])?;
                self.add_imported(entry, cells, row, pass, &[vec![format!("k:{akind}")], vec![format!("f:{form}")]]);
                Ok(())
            }
            TableKind::Sources => {
                let entry = plain_entry("Source", None, cells, &["id"])?;
                self.add_imported(entry, cells, row, pass, &[]);
                Ok(())
            }
        }
    }

    /// Queues an entry for the file `add` would choose; [`Editor::flush`] writes the queue.
    fn add_imported(&mut self, entry: String, cells: &Cells<'_>, row: usize, pass: &mut Pass, classes: &[Vec<String>]) {
        let file = match pass.placement.choose(classes) {
            Some(file) => Some(file),
            None => match pass.fallback {
                Some(file) => Some(file),
                None => {
                    let file = self.target_file(pass.section, None, |_| 0).ok();
                    pass.fallback = file;
                    file
                }
            },
        };
        match file {
            Some(file) => pass.pending.push((file, entry, cells.table_index, row)),
            None => pass.refused.push((cells.table_index, row)),
        }
    }

    /// Writes the entries a pass queued, each file's in one splice, in row order.
    fn flush(&mut self, pass: Pass, tables: &[Table], import: &mut Import, problems: &mut Vec<Diagnostic>) {
        let mut files: Vec<usize> = Vec::new();
        for (file, _, _, _) in &pass.pending {
            if !files.contains(file) {
                files.push(*file);
            }
        }
        let refuse = |t: usize, row: usize, message: String| {
            let range = tables[t].rows[row].cells.first().map_or(0..0, |c| c.range.clone());
            located(t, range, &message, "this row").with_code("import")
        };
        for &(t, row) in &pass.refused {
            problems.push(refuse(t, row, "no file of the data can take this entry".into()));
        }
        for file in files {
            let mine: Vec<&(usize, String, usize, usize)> = pass.pending.iter().filter(|p| p.0 == file).collect();
            let texts: Vec<&str> = mine.iter().map(|p| p.1.as_str()).collect();
            match self.insert_entries(file, pass.section, &texts) {
                Ok(_) => {
                    for p in mine {
                        let path = self.files[file].path.clone();
                        import.added.push(Added { path, section: pass.section, table: p.2, row: p.3 });
                    }
                }
                Err(e) => problems.push(refuse(mine[0].2, mine[0].3, e.to_string())),
            }
        }
    }

    /// An office row: an `Office(...)` added to its subject, a person of the data or the tables.
    fn import_office(&mut self, cells: &Cells<'_>, row: usize, import: &mut Import) -> Result<(), Box<Diagnostic>> {
        for column in ["id", "status", "confidence", "strength", "place", "about", "quote", "source"] {
            if !cells.get(column).is_empty() {
                return Err(Box::new(cells.error(
                    column,
                    format!("an office has no `{column}`"),
                    "an office row has its person in `subject`, where it is held in `object`, its title in `note` and its dates; write the rest as a relation (`origin` empty)",
                )));
            }
        }
        if cells.get("negated") == "true" {
            return Err(Box::new(cells.error("negated", "an office cannot be negated".into(), "")));
        }
        let title = cells.get("note");
        if title.is_empty() {
            return Err(Box::new(cells.error(
                "note",
                "an office row needs its title".into(),
                "write the office's title in the `note` column",
            )));
        }
        let person = cells.get("subject");
        let Some(entry) =
            self.entries().into_iter().find(|e| e.section == Section::Actors && e.id.as_deref() == Some(person))
        else {
            return Err(Box::new(cells.error(
                "subject",
                format!("no actor \"{person}\" in the data or the tables to hold this office"),
                "offices are written on the person who holds them: add the person first, in an actors table",
            )));
        };
        let date = |c: &str| Some(cells.get(c)).filter(|v| !v.is_empty()).map(str::to_owned);
        let office = OfficeSpec {
            title: title.to_owned(),
            of: cells.get("object").to_owned(),
            since: date("since"),
            until: date("until"),
        };
        let text = &self.files[entry.file].text;
        let index = struct_fields(text, entry.range.clone())
            .unwrap_or_default()
            .iter()
            .find(|(n, _, _)| &text[n.clone()] == "offices")
            .and_then(|(_, _, v)| list_items(text, v.clone()))
            .map_or(0, |items| items.len());
        let splices = crate::append_item(
            text,
            entry.range.clone(),
            &entry.form,
            "offices",
            &diplograph_syntax::writer::office(&office),
        )
        .map_err(|e| Box::new(cells.error("subject", e.to_string(), "")))?;
        self.splice(entry.file, splices);
        import.offices.push(AddedOffice { person: person.to_owned(), index, table: cells.table_index, row });
        Ok(())
    }
}

/// The entries of one pass (one kind of table), queued with their file, table and row.
struct Pass {
    section: Section,
    placement: Placement,
    /// The file for entries nothing places (the first of the section, or a new one).
    fallback: Option<usize>,
    pending: Vec<(usize, String, usize, usize)>,
    refused: Vec<(usize, usize)>,
}

/// Where `add` would put a new entry, from the entries of a section counted once per file by
/// what they share with it (the pair of actors, one actor, the kind, the form), so that an
/// import costs what it reads rather than a scan of the data per row.
struct Placement {
    counts: HashMap<String, Vec<usize>>,
    any: Vec<usize>,
}

/// The key of an unordered pair of actors.
fn pair_key(a: &str, b: &str) -> String {
    if a <= b { format!("p:{a}\u{1F}{b}") } else { format!("p:{b}\u{1F}{a}") }
}

impl Placement {
    fn of(entries: &[crate::Entry], section: Section, files: usize) -> Self {
        let mut p = Placement { counts: HashMap::new(), any: vec![0; files] };
        for e in entries.iter().filter(|e| e.section == section) {
            let mut keys = Vec::new();
            if let Some((s, k, o)) = &e.triple {
                keys.extend([pair_key(s, o), format!("a:{s}"), format!("k:{k}")]);
                if o != s {
                    keys.push(format!("a:{o}"));
                }
            } else {
                keys.push(format!("k:{}", e.kind.clone().unwrap_or_else(|| e.form.to_lowercase())));
                keys.push(format!("f:{}", e.form));
            }
            for key in keys {
                p.counts.entry(key).or_insert_with(|| vec![0; files])[e.file] += 1;
            }
            p.any[e.file] += 1;
        }
        p
    }

    /// The file with the most entries of the first class that has any (ties: the first file);
    /// `None` when the section has no entry at all.
    fn choose(&self, classes: &[Vec<String>]) -> Option<usize> {
        let best = |counts: &[usize]| {
            counts.iter().enumerate().filter(|c| *c.1 > 0).max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0))).map(|c| c.0)
        };
        for class in classes {
            let mut sum = vec![0; self.any.len()];
            for key in class {
                if let Some(counts) = self.counts.get(key) {
                    sum.iter_mut().zip(counts).for_each(|(s, c)| *s += c);
                }
            }
            if let Some(file) = best(&sum) {
                return Some(file);
            }
        }
        best(&self.any)
    }
}

fn old_value<'a>(existing: &'a Existing, kind: TableKind, id: &str, column: &str) -> &'a str {
    let Some(row) = existing.by_id.get(&(kind, id.to_owned())) else { return "" };
    compared(kind).position(|(_, (n, _))| *n == column).and_then(|i| row.get(i)).map_or("", String::as_str)
}

impl Import {
    /// How many sources, actors, relations and offices were added.
    pub fn counts(&self) -> [usize; 4] {
        let count = |s: Section| self.added.iter().filter(|a| a.section == s).count();
        [count(Section::Sources), count(Section::Actors), count(Section::Relations), self.offices.len()]
    }

    /// `diagnostics` of the edited dataset `loaded`, traced back to the rows that caused them
    /// where a row did (at the cell of the field), else left in the data files.
    pub fn explain(&self, loaded: &Loaded, diagnostics: &[Diagnostic]) -> RowProblems {
        let n = self.tables.len();
        let mut files: Vec<SourceFile> = self.tables.iter().map(|t| t.file.clone()).collect();
        files.extend(loaded.files.iter().cloned());
        let places = self.places(loaded);
        let relabel = |l: &Label| -> Label {
            match self.trace(loaded, &places, l.file, l.range.start) {
                Some((t, range)) => Label { file: t, range, message: l.message.clone() },
                None => Label { file: l.file + n, ..l.clone() },
            }
        };
        let mut diagnostics: Vec<Diagnostic> = diagnostics
            .iter()
            .map(|d| Diagnostic {
                primary: d.primary.as_ref().map(relabel),
                secondary: d.secondary.iter().map(relabel).collect(),
                ..d.clone()
            })
            .collect();
        diagnostics.sort_by_key(|d| d.primary.as_ref().map_or((usize::MAX, 0), |l| (l.file, l.range.start)));
        RowProblems { files, diagnostics }
    }

    /// For each entry written: its file in `loaded`, its range there, and its row.
    fn places(&self, loaded: &Loaded) -> Vec<(usize, Range<usize>, usize, usize)> {
        let mut out = Vec::new();
        let mut groups: Vec<(&PathBuf, Section)> = Vec::new();
        for a in &self.added {
            if !groups.contains(&(&a.path, a.section)) {
                groups.push((&a.path, a.section));
            }
        }
        for (path, section) in groups {
            let Some(file) = loaded.files.iter().position(|f| &f.path == path) else { continue };
            let o = outline(&loaded.files[file].text);
            let Some(s) = o.sections.iter().find(|s| s.section == section) else { continue };
            let mine: Vec<&Added> = self.added.iter().filter(|a| &a.path == path && a.section == section).collect();
            // Written entries were each appended to their list: they are its last ones, in order.
            let first = s.entries.len().saturating_sub(mine.len());
            for (range, a) in s.entries[first..].iter().zip(mine) {
                out.push((file, range.clone(), a.table, a.row));
            }
        }
        out
    }

    /// The table and cell a place of the edited dataset comes from, when a row wrote it.
    fn trace(
        &self,
        loaded: &Loaded,
        places: &[(usize, Range<usize>, usize, usize)],
        file: usize,
        at: usize,
    ) -> Option<(usize, Range<usize>)> {
        let text = &loaded.files.get(file)?.text;
        if let Some((_, range, t, r)) = places.iter().find(|(f, range, _, _)| *f == file && range.contains(&at)) {
            let column = column_at(text, range.clone(), at, self.kinds[*t]);
            return Some((*t, self.cell(*t, *r, &column)));
        }
        // An office added to a person: its place in the person's `offices`.
        let entries = crate::scan(std::iter::once(text.as_str()));
        let person = entries.iter().find(|e| e.section == Section::Actors && e.range.contains(&at))?;
        let fields = struct_fields(text, person.range.clone())?;
        let (_, _, list) = fields.iter().find(|(n, _, _)| &text[n.clone()] == "offices")?;
        let items = list_items(text, list.clone())?;
        let index = items.iter().position(|i| i.contains(&at))?;
        let office =
            self.offices.iter().find(|o| Some(o.person.as_str()) == person.id.as_deref() && o.index == index)?;
        let inner = struct_fields(text, items[index].clone()).unwrap_or_default();
        let field = inner.iter().find(|(_, whole, _)| whole.contains(&at)).map(|(n, _, _)| &text[n.clone()]);
        let column = match field {
            Some("title") => "note",
            Some("of") => "object",
            Some(f @ ("since" | "until")) => f,
            _ => "subject",
        };
        Some((office.table, self.cell(office.table, office.row, column)))
    }

    /// The range of the cell of column `column` in row `row` of table `t` (the row's first cell
    /// when the table has no such column).
    fn cell(&self, t: usize, row: usize, column: &str) -> Range<usize> {
        let table = &self.tables[t];
        let cells = &table.rows[row].cells;
        table.column(column).and_then(|i| cells.get(i)).or(cells.first()).map_or(0..0, |c| c.range.clone())
    }
}

/// The column of the field of an entry at byte `at`: the field's name, `quote` or `source`
/// inside the evidence, `kind` for the form's name of an actor.
fn column_at(text: &str, entry: Range<usize>, at: usize, kind: TableKind) -> String {
    let fields = struct_fields(text, entry).unwrap_or_default();
    let Some((name, _, value)) = fields.iter().find(|(_, whole, _)| whole.contains(&at)) else {
        return if kind == TableKind::Actors { "kind" } else { "id" }.to_owned();
    };
    let name = &text[name.clone()];
    if name != "evidence" {
        return name.to_owned();
    }
    let inside = list_items(text, value.clone())
        .unwrap_or_default()
        .into_iter()
        .find(|i| i.contains(&at))
        .and_then(|item| struct_fields(text, item))
        .and_then(|f| f.into_iter().find(|(_, whole, _)| whole.contains(&at)))
        .map(|(n, _, _)| text[n].to_owned());
    if inside.as_deref() == Some("source") { "source" } else { "quote" }.to_owned()
}

/// The problems of the header: the kind of table, every column known, none twice, the
/// required ones there.
fn header_problems(t: usize, table: &Table) -> Result<TableKind, Vec<Diagnostic>> {
    let whole = table.header.first().map_or(0, |c| c.range.start)..table.header.last().map_or(0, |c| c.range.end);
    let Some(kind) = TableKind::of(table) else {
        let d = Diagnostic {
            help: Some(
                "a table of actors has the columns id, name and kind; of relations, subject, kind and object; of sources, id (docs/interop.md lists them all)"
                    .into(),
            ),
            ..located(t, whole, "cannot tell what this table holds", "the header").with_code("import")
        };
        return Err(vec![d]);
    };
    let known = kind.columns();
    let mut problems = Vec::new();
    for (i, cell) in table.header.iter().enumerate() {
        let name = cell.value.trim();
        if !known.contains(&name) {
            let near = suggest::closest(name, known.iter().map(|k| (*k, *k)));
            let help = suggest::did_you_mean(&near)
                .unwrap_or_else(|| format!("the columns of a table of {}s are {}", kind.noun(), known.join(", ")));
            let message = format!("unknown column \"{name}\" in a table of {}s", kind.noun());
            problems.push(Diagnostic {
                help: Some(help),
                ..located(t, cell.range.clone(), &message, "not a column diplograph reads").with_code("import")
            });
        } else if table.header[..i].iter().any(|c| c.value.trim() == name) {
            let message = format!("column \"{name}\" is there twice");
            problems.push(Diagnostic {
                help: Some("keep one of the two".into()),
                ..located(t, cell.range.clone(), &message, "again here").with_code("import")
            });
        }
    }
    for required in kind.required() {
        if table.column(required).is_none() {
            let message = format!("a table of {}s needs a column \"{required}\"", kind.noun());
            problems.push(Diagnostic {
                help: Some(format!("its required columns are {}", kind.required().join(", "))),
                ..located(t, whole.clone(), &message, "the header").with_code("import")
            });
        }
    }
    if problems.is_empty() { Ok(kind) } else { Err(problems) }
}

fn rows_error(tables: &[Table], mut diagnostics: Vec<Diagnostic>) -> Error {
    diagnostics.sort_by_key(|d| d.primary.as_ref().map_or((usize::MAX, 0), |l| (l.file, l.range.start)));
    let files = tables.iter().map(|t| t.file.clone()).collect();
    Error::Rows(Box::new(RowProblems { files, diagnostics }))
}

/// A cell's value as RON, for a field of type `ty`.
fn ron_value(cells: &Cells<'_>, column: &str, ty: FieldType) -> Result<String, Box<Diagnostic>> {
    let v = cells.get(column);
    match ty {
        FieldType::Str => Ok(string(v)),
        FieldType::StrList => Ok(string_list(&split_list(v))),
        FieldType::Bool => match v {
            "true" | "false" => Ok(v.to_owned()),
            _ => Err(Box::new(cells.error(column, format!("`{column}` is true or false, not \"{v}\""), ""))),
        },
        FieldType::Number => match v.parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(format!("{n:?}")),
            _ => Err(Box::new(cells.error(column, format!("`{column}` is a number such as 0.8, not \"{v}\""), ""))),
        },
        FieldType::Quotes | FieldType::Offices => {
            Err(Box::new(cells.error(column, format!("`{column}` cannot be given in one cell"), "")))
        }
    }
}

/// An entry of form `form` from the non-empty cells of the row that are its fields, in the
/// form's writing order; `kind` is written first when given (a sub-kind). `named` columns are
/// written whatever they hold.
fn plain_entry(form: &str, kind: Option<&str>, cells: &Cells<'_>, named: &[&str]) -> Result<String, Box<Diagnostic>> {
    let mut parts = Vec::new();
    let generic = form == "Actor";
    for f in schema::fields(form) {
        if f.name == "kind" && !generic {
            if let Some(k) = kind {
                parts.push(format!("kind: {}", string(k)));
            }
            continue;
        }
        let present = cells.table.column(f.name).is_some();
        if named.contains(&f.name) || (present && !cells.get(f.name).is_empty() && !restated(cells, f.name)) {
            parts.push(format!("{}: {}", f.name, ron_value(cells, f.name, f.ty)?));
        }
    }
    // A cell for a field this form does not have.
    for (i, h) in cells.table.header.iter().enumerate() {
        let name = h.value.trim();
        let filled = !cells.row.cells[i].value.is_empty();
        let derived = matches!(name, "kind") || DERIVED.contains(&name);
        if filled && !derived && schema::field_type(form, name).is_err() {
            let what = if form == "Source" { "a source".to_owned() } else { format!("`{form}`") };
            return Err(Box::new(cells.error(
                name,
                format!("{what} has no field `{name}`"),
                &format!("leave the cell empty: `{name}` is not a field of a {}", cells.get("kind")),
            )));
        }
    }
    Ok(format!("{form}({})", parts.join(", ")))
}

/// Whether a date column only restates what `on` or an event bound of the same row gives: the
/// export writes the dates a relation (or an event) holds between beside how they were written,
/// and the entry keeps only the latter.
fn restated(cells: &Cells<'_>, column: &str) -> bool {
    let given = |c: &str| cells.table.column(c).is_some() && !cells.get(c).is_empty();
    match column {
        "start" | "end" => given("on"),
        "since" => given("on") || given("since_event"),
        "until" => given("on") || given("until_event"),
        _ => false,
    }
}

/// A relation entry from a row: its fields, and its evidence from the `quote` and `source`
/// columns (the n-th quote is from the n-th source).
fn relation_entry(cells: &Cells<'_>) -> Result<String, Box<Diagnostic>> {
    let quotes = split_list(cells.get("quote"));
    let sources = split_list(cells.get("source"));
    if quotes.len() != sources.len() {
        return Err(Box::new(cells.error(
            if quotes.len() < sources.len() { "quote" } else { "source" },
            format!(
                "{} and {}: each quote needs its source",
                plural(quotes.len(), "quote"),
                plural(sources.len(), "source")
            ),
            "the n-th quote is from the n-th source; separate several with `|`",
        )));
    }
    let mut parts = Vec::new();
    for f in schema::fields("Relation") {
        if f.name == "evidence" {
            if !quotes.is_empty() {
                let items: Vec<String> = sources.iter().zip(&quotes).map(|(s, q)| quote(s, q)).collect();
                parts.push(format!("evidence: [{}]", items.join(", ")));
            }
            continue;
        }
        let required = matches!(f.name, "subject" | "kind" | "object");
        // `false` is what a missing truth value means.
        let value = cells.get(f.name);
        if required || !(value.is_empty() || (f.ty == FieldType::Bool && value == "false") || restated(cells, f.name)) {
            parts.push(format!("{}: {}", f.name, ron_value(cells, f.name, f.ty)?));
        }
    }
    Ok(format!("Relation({})", parts.join(", ")))
}
