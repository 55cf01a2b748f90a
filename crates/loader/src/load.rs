//! Loading a dataset: discover files, parse them in parallel, resolve and validate everything.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use diplograph_core::{
    ActorKindSpec, Built, Counts, EntryKind, Graph, GraphBuilder, Problem, Produced, Relation, RelationKindSpec, Site,
    UnreadableKinds, Vocabulary,
};
use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_128;

use crate::cancel::Cancel;
use crate::confine::{MAX_FILE_BYTES, Refusal, dataset_dir, open_regular, read_confined, read_regular};
use crate::cut::{BOM, First, Kept, ReadFile, Texts, read_cut, read_for_relations, with_buffer};
use crate::diagnostic::{Diagnostic, Label, render};
use crate::discover::{discover, relative_key};
use crate::error::Error;
use crate::fast::{self, Tail};
use crate::files::SourceFile;
use crate::join::{Joins, explain_conflicts};
use crate::journal::before_reading;
use crate::manifest::Layout;
use crate::navigate::{Step, first_token, locate, steps};
use crate::outline::FileForm;
use crate::parse::{Parsed, ParsedFile, parse_file, parse_outlined};
use crate::parts::{Parts, ReadFrom, Reading, context, relocated};

/// The default vocabulary, used when a dataset declares none.
pub const DEFAULT_VOCABULARY: &str = include_str!("../vocabulary.ron");

/// Name shown for the built-in vocabulary in messages.
pub const DEFAULT_VOCABULARY_NAME: &str = "<built-in vocabulary>";

/// How to load.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// A directory of source texts: `DIR/ID.txt` is the full text of source `ID`, against which
    /// its quotes are checked.
    pub sources: Option<PathBuf>,
    /// Do not keep the texts of files that parse cleanly once they are parsed: on a large
    /// dataset they are the largest part of the memory. They are read again (and checked to be
    /// the same bytes) when a diagnostic needs them; when the data has no problem at all,
    /// [`Loaded::files`] then hold empty texts and [`Loaded::position`] cannot be used.
    pub without_texts: bool,
    /// Source texts given in memory, by path (as a source's `text` resolves against its file's
    /// name), read instead of the disk: the texts of a dataset read from a git revision.
    pub side_texts: BTreeMap<PathBuf, String>,
    /// Stops the load when cancelled from another thread (see [`Cancel`]): [`load`],
    /// [`load_with`] and [`load_cached`](crate::load_cached) then return [`Error::Cancelled`];
    /// [`load_texts`], which returns no error, gives no graph and one error.
    pub cancel: Cancel,
    /// Check the data as usual but keep no graph: a valid load gives its [`Loaded::counts`]
    /// instead of [`Loaded::graph`], in a fraction of the time and memory. A load through the
    /// cache then reads, of each file that did not change, only what the check needs.
    pub counts_only: bool,
}

/// Where an entry is: a file and a byte range in its text.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
pub struct Location {
    /// Index in [`Loaded::files`].
    pub file: usize,
    /// Byte range of the whole entry.
    pub range: Range<usize>,
}

/// Where each entry given to the core came from, by kind, in builder input order.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Locations {
    /// Sources.
    pub sources: Vec<Location>,
    /// Actors.
    pub actors: Vec<Location>,
    /// Relations.
    pub relations: Vec<Location>,
    /// Actor kinds.
    pub actor_kinds: Vec<Location>,
    /// Relation kinds.
    pub relation_kinds: Vec<Location>,
}

impl Locations {
    /// The location of an entry.
    pub fn get(&self, entry: EntryKind, index: usize) -> Option<&Location> {
        match entry {
            EntryKind::Source => self.sources.get(index),
            EntryKind::Actor => self.actors.get(index),
            EntryKind::Relation => self.relations.get(index),
            EntryKind::ActorKind => self.actor_kinds.get(index),
            EntryKind::RelationKind => self.relation_kinds.get(index),
        }
    }
}

/// A loaded dataset: its files, the graph when the data is valid, and every diagnostic.
#[derive(Debug)]
pub struct Loaded {
    /// Every file read: the data files in load order, then the built-in vocabulary when it was
    /// used, then the manifests of the datasets joined (see [`data_files`](Self::data_files)).
    pub files: Vec<SourceFile>,
    /// How many of [`files`](Self::files) are data files: they come first.
    pub data_files: usize,
    /// The graph, when there is no error (and the load was not [`LoadOptions::counts_only`]).
    pub graph: Option<Graph>,
    /// The counts of a valid load that kept no graph ([`LoadOptions::counts_only`]).
    pub counts: Option<Counts>,
    /// Every problem, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Where each entry is.
    pub locations: Locations,
    /// Other files the data made diplograph read: the full texts named by sources' `text` fields.
    pub source_texts: Vec<PathBuf>,
    /// The full text of each source that has one, by source id, for showing quotes in their
    /// passages (empty for a load from the cache without texts: see `Cache::texts`).
    pub full_texts: BTreeMap<Box<str>, String>,
    /// The vocabulary, when it is valid (even if the rest of the data is not).
    pub vocabulary: Option<Vocabulary>,
}

impl Loaded {
    /// Adds an error found once the data was checked (a file that could not be read again):
    /// the load then gives neither a graph nor counts.
    fn failed_late(&mut self, error: Diagnostic) {
        self.diagnostics.push(error);
        self.graph = None;
        self.counts = None;
    }

    /// The number of errors.
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// The number of warnings.
    pub fn warning_count(&self) -> usize {
        self.diagnostics.len() - self.error_count()
    }

    /// Every diagnostic, rendered like a compiler's messages.
    pub fn render(&self, color: bool) -> String {
        render(&self.diagnostics, &self.files, color)
    }

    /// Problems the core found in the loaded graph after the load (facts resting on no quote:
    /// [`diplograph_core::unsourced`]) as diagnostics located in the files, in file order. The
    /// files' texts must have been kept (or read back).
    pub fn locate(&self, problems: &[Problem]) -> Vec<Diagnostic> {
        let mut located: Vec<Diagnostic> = to_diagnostics(problems, &self.files, &self.locations);
        sort(&mut located);
        located
    }

    /// The location of an entry as `file:line:column`.
    pub fn position(&self, location: &Location) -> String {
        let file = &self.files[location.file];
        let (line, col) = file.line_col(location.range.start);
        format!("{}:{line}:{col}", file.name)
    }
}

/// One data file as read from disk, before parsing.
pub(crate) struct Input {
    pub path: PathBuf,
    pub name: String,
    pub bytes: Vec<u8>,
    /// Not read yet: the load reads it (and then `bytes` is empty).
    pub unread: bool,
}

impl Input {
    /// A data file the load reads itself.
    pub fn unread(path: PathBuf, name: String) -> Self {
        Input { path, name, bytes: Vec::new(), unread: true }
    }
}

/// Finds and reads every data file of the dataset at `root` and of the datasets it includes,
/// on all cores; and how the dataset is made of them. The caller holds the shared commit lock
/// ([`before_reading`]).
pub(crate) fn read_inputs(root: &Path, cancel: &Cancel) -> Result<(Vec<Input>, Layout), Error> {
    let (paths, layout) = dataset_files(root)?;
    let inputs = paths
        .into_par_iter()
        .map(|path| {
            cancel.check()?;
            let bytes = read_data_file(&path)?;
            Ok(Input { name: display_name(root, &path), path, bytes, unread: false })
        })
        .collect::<Result<_, Error>>()?;
    Ok((inputs, layout))
}

/// Every data file a load of the dataset at `root` reads: its own, then those of the datasets
/// its manifest includes.
pub fn data_files(root: &Path) -> Result<Vec<PathBuf>, Error> {
    Ok(dataset_files(root)?.0)
}

/// The data files of the dataset at `root` and of every dataset it includes: each part's files
/// in the order [`discover`] gives, parts in [`Layout`] order; and the layout.
pub(crate) fn dataset_files(root: &Path) -> Result<(Vec<PathBuf>, Layout), Error> {
    let layout = Layout::read(root)?;
    let mut paths = Vec::new();
    for (i, part) in layout.parts.iter().enumerate() {
        let nested = layout.nested(i);
        let found = discover(&part.dir)?;
        paths.extend(found.into_iter().filter(|p| !nested.iter().any(|n| p.starts_with(n))));
    }
    if paths.is_empty() {
        return Err(Error::NoFiles(root.to_owned()));
    }
    Ok((paths, layout))
}

/// Reads a data file: a regular file (not a link, a FIFO or a device) of at most
/// [`MAX_FILE_BYTES`](crate::confine::MAX_FILE_BYTES).
pub(crate) fn read_data_file(path: &Path) -> Result<Vec<u8>, Error> {
    read_regular(path).map_err(|reason| not_read(path, reason))
}

/// The data files of the dataset at `root` as inputs the load reads itself, each checked to be
/// readable first ([`check_data_file`]); and the layout.
pub(crate) fn unread_inputs(root: &Path) -> Result<(Vec<Input>, Layout), Error> {
    let (paths, layout) = dataset_files(root)?;
    let inputs = paths
        .into_iter()
        .map(|path| {
            check_data_file(&path)?;
            let name = display_name(root, &path);
            Ok(Input::unread(path, name))
        })
        .collect::<Result<_, Error>>()?;
    Ok((inputs, layout))
}

/// Checks that a data file can be read as [`read_data_file`] reads it, without reading it: the
/// load reads it later (an [`Input`] left `unread`).
fn check_data_file(path: &Path) -> Result<(), Error> {
    let file = open_regular(path).map_err(|reason| not_read(path, reason))?;
    match file.metadata() {
        Ok(meta) if meta.len() > MAX_FILE_BYTES => Err(not_read(path, Refusal::TooLarge)),
        Ok(_) => Ok(()),
        Err(source) => Err(Error::Io { path: path.to_owned(), source }),
    }
}

/// The error about a data file that could not be read.
pub(crate) fn not_read(path: &Path, reason: Refusal) -> Error {
    match reason {
        Refusal::Io(source) => Error::Io { path: path.to_owned(), source },
        reason => Error::NotRead { path: path.to_owned(), reason },
    }
}

/// Parses and validates files already read.
pub(crate) fn load_inputs(inputs: Vec<Input>, layout: &Layout, options: &LoadOptions) -> Loaded {
    load_parsed(inputs, layout, options, options.without_texts)
}

/// Parses files on all cores, dropping the texts of clean ones when `drop_texts` (only for
/// files read from disk, which can be read again).
///
/// Clean files are read in one pass: everything up to each file's relations first, then, once
/// the actors and sources are known, the relations, each checked as soon as it is read (see
/// [`crate::fast`]). At the first thing that is not plainly right, every file is read again
/// the careful way, entry by entry, which reports every problem with its place.
fn load_parsed(inputs: Vec<Input>, layout: &Layout, options: &LoadOptions, drop_texts: bool) -> Loaded {
    load_parsed_as(inputs, layout, options, drop_texts, true).0
}

/// [`load_parsed`], trying the one-pass reading first when `one_pass` (else every file is read
/// the careful way, entry by entry); and whether the files were read in one pass.
pub(crate) fn load_parsed_as(
    inputs: Vec<Input>,
    layout: &Layout,
    options: &LoadOptions,
    drop_texts: bool,
    one_pass: bool,
) -> (Loaded, bool) {
    let (loaded, reading) = load_reusing(inputs, layout, options, drop_texts, one_pass, None);
    (loaded, reading.is_some())
}

/// [`load_parsed_as`], taking the relations of files from their parts when `parts` has
/// matching ones; when the files were read in one pass, how each file's relations were read,
/// for the parts to write.
pub(crate) fn load_reusing(
    inputs: Vec<Input>,
    layout: &Layout,
    options: &LoadOptions,
    drop_texts: bool,
    one_pass: bool,
    parts: Option<&Parts>,
) -> (Loaded, Option<Reading>) {
    // Texts are cut short only where nothing but the load's own reading depends on them.
    let may_cut = drop_texts && layout.manifests.is_empty();
    let read: Vec<ReadFile> = inputs
        .into_par_iter()
        .enumerate()
        .map(|(i, f)| {
            if options.cancel.is_cancelled() {
                let file = SourceFile { path: f.path, name: f.name, text: String::new(), had_bom: false };
                return (file, Vec::new(), None, 0, None);
            }
            let (bytes, unreadable, head) = match f.unread {
                false => (f.bytes, None, None),
                // Read into a buffer kept from file to file: most files are cut short.
                true if may_cut && one_pass => match with_buffer(|buffer| read_cut(&f, buffer, parts)) {
                    First::Cut(read) => return read,
                    First::Whole(bytes, head) => (bytes, None, head),
                    First::Failed(e) => (Vec::new(), Some(changed(&f.name, &e.to_string())), None),
                },
                true => {
                    let (bytes, unreadable) = read_listed(&f.path, &f.name);
                    (bytes, unreadable, None)
                }
            };
            let hash = if parts.is_some() { xxh3_128(&bytes) } else { 0 };
            let (mut file, mut bad_utf8) = decode(f.path, f.name, i, bytes);
            bad_utf8.extend(unreadable);
            let head = match head {
                None if bad_utf8.is_empty() && one_pass => fast::parse_head(&file.text, file.text.len()),
                head => head,
            };
            let cut = match &head {
                Some((_, Some(tail))) if may_cut && parts.is_none_or(|p| p.has(hash)) => {
                    let full = if file.had_bom || parts.is_none() { xxh3_128(file.text.as_bytes()) } else { hash };
                    let len = file.text.len();
                    file.text.truncate(tail.at);
                    file.text.shrink_to_fit();
                    Some(Kept::Hashed { hash: full, len })
                }
                _ => None,
            };
            (file, bad_utf8, head, hash, cut)
        })
        .collect();
    let mut files = Vec::with_capacity(read.len());
    let mut bad_utf8 = Vec::with_capacity(read.len());
    let mut heads = Vec::with_capacity(read.len());
    let mut hashes = Vec::with_capacity(read.len());
    let mut cuts = Vec::with_capacity(read.len());
    for (file, bad, head, hash, cut) in read {
        files.push(file);
        bad_utf8.push(bad);
        heads.push(head);
        hashes.push(hash);
        cuts.push(cut);
    }
    if options.cancel.is_cancelled() {
        return (cancelled(files), None);
    }
    let lengths = files
        .iter()
        .zip(&cuts)
        .map(|(f, cut)| match cut {
            None => Some(f.text.len()),
            Some(Kept::Hashed { len, .. }) => Some(*len),
            Some(Kept::Head) => None,
        })
        .collect();
    let mut texts = Texts { dropped: cuts.clone() };
    if heads.iter().all(Option::is_some) {
        let (parsed, tails): (Vec<_>, Vec<_>) = heads.into_iter().flatten().unzip();
        let entries = parsed.iter().map(|p: &ParsedFile| p.entries.len()).collect();
        let late = Late {
            read: tails.iter().map(|_| OnceLock::new()).collect(),
            tails,
            entries,
            failed: AtomicBool::new(false),
            parts: parts.map(|p| (p, hashes)),
            context: OnceLock::new(),
            lengths,
            hashed: cuts.iter().map(|_| OnceLock::new()).collect(),
            cut: cuts,
            cancel: &options.cancel,
            counts_only: options.counts_only,
            handed_back: OnceLock::new(),
        };
        let mut loaded = assemble(files, parsed, layout, options, &mut texts, Some(&late));
        if !late.failed.load(Ordering::Relaxed) {
            // The texts that messages point into, in full; every text when they are kept.
            let mut need = vec![!drop_texts; loaded.files.len()];
            if drop_texts {
                for l in loaded.diagnostics.iter().flat_map(|d| d.primary.iter().chain(&d.secondary)) {
                    // A message shows the whole line of its label: the text is needed in full
                    // when what was kept ends before that line does.
                    if let Some(f) = loaded.files.get(l.file) {
                        need[l.file] |= !f.text.get(l.range.end..).is_some_and(|rest| rest.contains('\n'));
                    }
                }
            }
            if let Some(d) = texts.restore_where(&mut loaded.files, |i| need[i]) {
                loaded.failed_late(d);
            }
            if drop_texts && loaded.diagnostics.is_empty() {
                // Not the built-in vocabulary's, which cannot be read again.
                for file in loaded.files.iter_mut().filter(|f| !f.path.as_os_str().is_empty()) {
                    file.text = String::new();
                }
            }
            let Late { tails, read, parts, context, handed_back, .. } = late;
            let relations = handed_back.into_inner().unwrap_or_default();
            let hashes = parts.map(|(_, h)| h).unwrap_or_default();
            let files = tails
                .into_iter()
                .zip(read)
                .enumerate()
                .map(|(i, (tail, read))| (hashes.get(i).copied().unwrap_or_default(), tail.zip(read.into_inner())))
                .collect();
            return (loaded, Some(Reading { context: context.into_inner().flatten(), files, relations }));
        }
        files = loaded.files;
        // Without the manifests and the built-in vocabulary, added after the data files.
        files.truncate(late.tails.len());
    } else {
        drop(heads);
    }
    if options.cancel.is_cancelled() {
        return (cancelled(files), None);
    }
    // Read the careful way: every text in full; those of which only the head was read, as
    // for the first time.
    let heads = texts.heads_only();
    let reread: Vec<(SourceFile, Vec<Diagnostic>)> = heads
        .par_iter()
        .map(|&i| {
            let f = &files[i];
            let (bytes, unreadable) = read_listed(&f.path, &f.name);
            let (file, mut bad) = decode(f.path.clone(), f.name.clone(), i, bytes);
            bad.extend(unreadable);
            (file, bad)
        })
        .collect();
    for (i, (file, bad)) in heads.into_iter().zip(reread) {
        (files[i], bad_utf8[i]) = (file, bad);
    }
    if options.cancel.is_cancelled() {
        return (cancelled(files), None);
    }
    let failure = texts.restore(&mut files);
    let (parsed, dropped): (Vec<_>, Vec<_>) = files
        .par_iter_mut()
        .zip(bad_utf8)
        .enumerate()
        .map(|(i, (file, bad))| {
            if options.cancel.is_cancelled() {
                return (ParsedFile::default(), None);
            }
            let parse = if one_pass { parse_file } else { parse_outlined };
            let parsed = parse_decoded(parse, i, &file.text, bad);
            // Dropped as soon as parsed: the texts and the specs are never all in memory at once.
            let dropped = (drop_texts && parsed.diagnostics.is_empty()).then(|| {
                let kept = Kept::Hashed { hash: xxh3_128(file.text.as_bytes()), len: file.text.len() };
                file.text = String::new();
                kept
            });
            (parsed, dropped)
        })
        .unzip();
    if options.cancel.is_cancelled() {
        return (cancelled(files), None);
    }
    let mut texts = Texts { dropped };
    let mut loaded = assemble(files, parsed, layout, options, &mut texts, None);
    if let Some(d) = failure {
        loaded.failed_late(d);
    }
    if !loaded.diagnostics.is_empty() {
        // Every message can be shown: texts dropped before a late problem are back.
        if let Some(d) = texts.restore(&mut loaded.files) {
            loaded.failed_late(d);
        }
    }
    (loaded, None)
}

/// The relations of clean files, left to be read and checked while the graph is built.
struct Late<'a> {
    /// For each file, where its relations start, if it has any.
    tails: Vec<Option<Tail>>,
    /// For each file, how many entries were read before its relations.
    entries: Vec<usize>,
    /// Set when a file turned out not to be clean after all: the load is then done again.
    failed: AtomicBool,
    /// Where to look for the relations of files already checked, and the hash of each file.
    parts: Option<(&'a Parts, Vec<u128>)>,
    /// For each file, whether its relations were taken from a part or read in one pass from
    /// its text; unset when read the careful way.
    read: Vec<OnceLock<ReadFrom>>,
    /// The context the relations were checked against, when parts are used.
    context: OnceLock<Option<u128>>,
    /// For each file, the length of its whole text (the text kept may be cut short); unknown
    /// for a file of which only the head was read, which happens only without parts.
    lengths: Vec<Option<usize>>,
    /// For each file whose text is cut short, what is known of the whole text: read again for
    /// its relations (when they are not taken from a part) into a buffer that is then reused.
    cut: Vec<Option<Kept>>,
    /// For each file of which only the head was read, what is known of the whole text as read
    /// for its relations: the text messages are then shown in must be that one.
    hashed: Vec<OnceLock<Kept>>,
    /// Looked at before each file's relations and while they are read.
    cancel: &'a Cancel,
    /// Whether the build keeps no graph.
    counts_only: bool,
    /// The relations a build that keeps no graph checked from text, by file, to be stored in
    /// parts.
    handed_back: OnceLock<Vec<Option<Vec<Relation>>>>,
}

/// The bytes of a data file the load listed, or none and the error saying why it cannot be
/// read now (`file-changed`: it was there when listed).
fn read_listed(path: &Path, name: &str) -> (Vec<u8>, Option<Diagnostic>) {
    match read_data_file(path) {
        Ok(bytes) => (bytes, None),
        Err(e) => (Vec::new(), Some(changed(name, &e.to_string()))),
    }
}

/// What a load cancelled on the way gives: its files (texts left out), no graph, one error.
/// The loads that return errors return [`Error::Cancelled`] instead ([`unless_cancelled`]).
fn cancelled(files: Vec<SourceFile>) -> Loaded {
    let files: Vec<SourceFile> = files.into_iter().map(|f| SourceFile { text: String::new(), ..f }).collect();
    Loaded {
        data_files: files.len(),
        files,
        graph: None,
        counts: None,
        diagnostics: vec![Diagnostic::error(Error::Cancelled.to_string()).with_code("cancelled")],
        locations: Locations::default(),
        source_texts: Vec::new(),
        full_texts: BTreeMap::new(),
        vocabulary: None,
    }
}

/// The load, or [`Error::Cancelled`] when it was cancelled, however far it got.
pub(crate) fn unless_cancelled(loaded: Loaded, options: &LoadOptions) -> Result<Loaded, Error> {
    options.cancel.check().map(|()| loaded)
}

/// The error about a file that could not be read again, or changed, during a load.
pub(crate) fn changed(name: &str, why: &str) -> Diagnostic {
    Diagnostic {
        help: Some("the files changed while they were being checked; run the command again".into()),
        ..Diagnostic::error(format!("cannot read {name} again: {why}")).with_code("file-changed")
    }
}

/// A file's text as the loader keeps it: without a byte-order mark. `None` when not UTF-8.
pub(crate) fn text_of(path: PathBuf, name: String, mut bytes: Vec<u8>) -> Option<SourceFile> {
    let had_bom = bytes.starts_with(BOM);
    if had_bom {
        bytes.drain(..BOM.len());
    }
    let text = String::from_utf8(bytes).ok()?;
    Some(SourceFile { path, name, text, had_bom })
}

pub(crate) fn parse_bytes(path: PathBuf, name: String, index: usize, bytes: Vec<u8>) -> (SourceFile, ParsedFile) {
    let (file, bad_utf8) = decode(path, name, index, bytes);
    let parsed = parse_decoded(parse_file, index, &file.text, bad_utf8);
    (file, parsed)
}

/// Parses the text of a file [`decode`]d, with `parse`, reporting first its invalid UTF-8 and
/// lone carriage returns.
fn parse_decoded(
    parse: fn(usize, &str) -> ParsedFile,
    index: usize,
    text: &str,
    bad_utf8: Vec<Diagnostic>,
) -> ParsedFile {
    let mut parsed = parse(index, text);
    // Read on: one bad byte should not hide the rest of the file.
    parsed.diagnostics.splice(0..0, bad_utf8);
    parsed
}

/// The message of the error about a file with lone carriage returns, which it is read as if
/// they were line feeds; edits refuse such a file rather than write it back otherwise.
pub const LONE_CARRIAGE_RETURN: &str = "this file ends lines with a lone carriage return (CR, old Mac line endings)";

/// A file's text without its byte-order mark, with invalid UTF-8 replaced and lone carriage
/// returns read as line breaks; and the errors to report when there was any, located at the
/// first invalid byte and the first lone carriage return.
fn decode(path: PathBuf, name: String, index: usize, bytes: Vec<u8>) -> (SourceFile, Vec<Diagnostic>) {
    let (mut file, bad_utf8) = decode_utf8(path, name, index, bytes);
    let mut diagnostics = Vec::from_iter(bad_utf8);
    if let Some(at) = diplograph_syntax::lexer::lone_carriage_return(&file.text) {
        // Read as line breaks (same offsets), so that the rest of the file is read as meant
        // and nothing it defines is reported missing; the file is still in error.
        file.text = diplograph_syntax::lexer::lone_carriage_returns_as_line_feeds(&file.text);
        diagnostics.push(Diagnostic {
            message: LONE_CARRIAGE_RETURN.into(),
            primary: Some(Label { file: index, range: at..at + 1, message: "carriage return here".into() }),
            help: Some(
                "diplograph reads LF or CRLF line endings; convert the file's line endings to LF \
                 (for example with `mac2unix FILE`)"
                    .into(),
            ),
            ..Diagnostic::error("").with_code("line-endings")
        });
    }
    (file, diagnostics)
}

/// A file's text without its byte-order mark, with invalid UTF-8 replaced; and the error to
/// report when there was any, located at the first invalid byte.
fn decode_utf8(path: PathBuf, name: String, index: usize, mut bytes: Vec<u8>) -> (SourceFile, Option<Diagnostic>) {
    let had_bom = bytes.starts_with(BOM);
    if had_bom {
        bytes.drain(..BOM.len());
    }
    match String::from_utf8(bytes) {
        Ok(text) => (SourceFile { path, name, text, had_bom }, None),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let diagnostic = Diagnostic {
                message: "this file is not valid UTF-8".into(),
                primary: Some(Label {
                    file: index,
                    range: valid..valid + char::REPLACEMENT_CHARACTER.len_utf8(),
                    message: "invalid byte here".into(),
                }),
                help: Some("save the file as UTF-8".into()),
                ..Diagnostic::error("").with_code("not-utf8")
            };
            (SourceFile { path, name, text, had_bom }, Some(diagnostic))
        }
    }
}

/// Loads the dataset at `root` (a directory or one `.ron` file).
///
/// Environment problems (missing path, unreadable file) are `Err`; problems in the data are
/// diagnostics in the `Ok` value, all of them, sorted by file and position.
pub fn load(root: &Path, options: &LoadOptions) -> Result<Loaded, Error> {
    // Held for the whole load: the files are read while they are parsed, some of them twice.
    let reading = before_reading(root);
    let (inputs, layout) = unread_inputs(root)?;
    let loaded = load_inputs(inputs, &layout, options);
    drop(reading);
    unless_cancelled(loaded, options)
}

/// Loads the dataset at `root` as if the files in `overrides` held the given texts; paths in
/// `overrides` that do not exist yet are added as new files. Nothing is read for an overridden
/// file and nothing is written: this is how an edit is validated before it touches the disk.
///
/// Override paths are matched against the paths [`discover`] returns, which are `root` joined
/// with each file's relative path.
///
/// Overrides that are not `.ron` files are source texts (a new source's text, say), read
/// through [`LoadOptions::side_texts`].
pub fn load_with(root: &Path, overrides: &[(PathBuf, String)], options: &LoadOptions) -> Result<Loaded, Error> {
    let reading = before_reading(root);
    type Override<'a> = Vec<&'a (PathBuf, String)>;
    let (overrides, texts): (Override<'_>, Override<'_>) =
        overrides.iter().partition(|(p, _)| p.extension().is_some_and(|e| e == "ron"));
    let mut with_texts;
    let options = if texts.is_empty() {
        options
    } else {
        with_texts = options.clone();
        with_texts.side_texts.extend(texts.into_iter().cloned());
        &with_texts
    };
    let (mut paths, layout) = match dataset_files(root) {
        Ok(found) => found,
        Err(Error::NoFiles(_)) if !overrides.is_empty() => (Vec::new(), Layout::read(root)?),
        Err(e) => return Err(e),
    };
    // New files join the dataset's own files, which come first, in order; the included
    // datasets' files follow.
    let mut own = paths.iter().take_while(|p| layout.part_of(p) == 0).count();
    for (p, _) in &overrides {
        if !paths.contains(p) {
            paths.insert(own, p.clone());
            own += 1;
        }
    }
    paths[..own].sort_by_cached_key(|p| relative_key(root, p));
    if paths.is_empty() {
        return Err(Error::NoFiles(root.to_owned()));
    }
    let inputs = paths
        .into_par_iter()
        .map(|path| {
            options.cancel.check()?;
            let bytes = match overrides.iter().find(|(o, _)| *o == path) {
                Some((_, text)) => text.as_bytes().to_vec(),
                None => read_data_file(&path)?,
            };
            Ok(Input { name: display_name(root, &path), path, bytes, unread: false })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    drop(reading);
    unless_cancelled(load_parsed(inputs, &layout, options, false), options)
}

/// The name a file is shown under: `root` joined with its path relative to `root`.
pub fn display_name(root: &Path, path: &Path) -> String {
    if root == path {
        return path.display().to_string();
    }
    let rel = path.strip_prefix(root).unwrap_or(path);
    let joined = root.join(rel);
    joined.to_string_lossy().replace('\\', "/")
}

/// Loads a dataset from texts in memory, named as given; for tests and tools.
pub fn load_texts(texts: &[(&str, &str)], options: &LoadOptions) -> Loaded {
    let inputs = texts
        .iter()
        .map(|(name, text)| Input {
            path: PathBuf::from(name),
            name: (*name).to_owned(),
            bytes: text.as_bytes().to_vec(),
            unread: false,
        })
        .collect();
    let loaded = load_parsed(inputs, &Layout::default(), options, false);
    match options.cancel.is_cancelled() {
        true => cancelled(loaded.files),
        false => loaded,
    }
}

/// Validates parsed files and builds the graph. With `late`, the relations of the files are
/// read and checked during the build; `late.failed` is set when one cannot be read cleanly, and
/// the result is then to be thrown away.
fn assemble(
    mut files: Vec<SourceFile>,
    mut parsed: Vec<ParsedFile>,
    layout: &Layout,
    options: &LoadOptions,
    texts: &mut Texts,
    late: Option<&Late<'_>>,
) -> Loaded {
    let mut diagnostics: Vec<Diagnostic> = parsed.iter_mut().flat_map(|p| std::mem::take(&mut p.diagnostics)).collect();
    let mut locations = Locations::default();

    let data_files = files.len();
    let manifests = add_builtin_and_manifests(&mut files, &mut parsed, layout, &mut diagnostics);
    let kinds = take_kinds(&mut parsed, data_files, &mut locations);
    let (vocabulary, problems) = Vocabulary::build_with_unreadable(
        kinds.actor_kinds,
        kinds.relation_kinds,
        &kinds.unreadable,
        diplograph_syntax::schema::SHAPES,
    );
    if !problems.is_empty() {
        // The kinds are before any file's relations: texts cut short hold them.
        restore(texts, &mut files, &mut diagnostics, |_, f| f.text.is_empty());
    }
    let vocabulary = match vocabulary {
        Some(v) if !kinds.broken => v,
        _ => {
            let unchecked = Unchecked { files, data_files, diagnostics, locations };
            return unchecked.without_vocabulary(&problems, (kinds.broken, kinds.cut), layout, late);
        }
    };
    diagnostics.extend(to_diagnostics(&problems, &files, &locations));

    // The graph.
    let kept_vocabulary = vocabulary.clone();
    let mut builder = GraphBuilder::new(vocabulary);
    if options.counts_only {
        builder.counts_only();
    }
    let actors = parsed.iter().flat_map(|p| &p.entries).filter(|e| matches!(e.parsed, Parsed::Actor(_))).count();
    let relations: usize = parsed.iter().map(|p| p.relations.len()).sum();
    builder.reserve(actors, 0);
    let source_with_text =
        parsed.iter().flat_map(|p| &p.entries).any(|e| matches!(&e.parsed, Parsed::Source(s) if s.text.is_some()));
    if source_with_text {
        // The sources are before any file's relations: texts cut short hold them.
        restore(texts, &mut files, &mut diagnostics, |_, f| f.text.is_empty());
    }
    locations.relations.reserve(relations);
    let joins = Joins::new(layout, &files, &parsed, manifests, &mut diagnostics);
    joins.declare(&mut builder);
    let context = EntryContext { files: &files, joins: &joins, layout, options };
    let (source_texts, full_texts) = context.add_entries(&mut builder, parsed, &mut diagnostics, &mut locations);
    let built = match late {
        None => builder.build(),
        Some(late) => match build_late(builder, late, &files, &source_texts, &mut locations, &mut diagnostics) {
            Some(built) => {
                // The texts of which only the head was read are now known whole.
                for (dropped, hashed) in texts.dropped.iter_mut().zip(&late.hashed) {
                    if let Some(&kept) = hashed.get() {
                        *dropped = Some(kept);
                    }
                }
                built
            }
            None => {
                return Loaded {
                    files,
                    data_files,
                    graph: None,
                    counts: None,
                    diagnostics,
                    locations,
                    source_texts,
                    full_texts,
                    vocabulary: None,
                };
            }
        },
    };
    if !built.problems.is_empty() {
        // The texts the problems are located in, in full.
        let mut need = vec![false; files.len()];
        for p in &built.problems {
            for site in std::iter::once(&p.site).chain(p.related.iter().map(|(s, _)| s)) {
                if let Some(l) = locations.get(site.entry, site.index) {
                    if files.get(l.file).is_some_and(|f| l.range.end > f.text.len() || f.text.is_empty()) {
                        need[l.file] = true;
                    }
                }
            }
        }
        restore(texts, &mut files, &mut diagnostics, |i, _| need[i]);
    }
    diagnostics.extend(to_diagnostics(&built.problems, &files, &locations));
    explain_conflicts(layout, &files, &mut diagnostics);
    sort(&mut diagnostics);
    let valid = !diagnostics.iter().any(Diagnostic::is_error);
    let (graph, counts) = if valid { (built.graph, built.counts) } else { (None, None) };
    Loaded {
        files,
        data_files,
        graph,
        counts,
        diagnostics,
        locations,
        source_texts,
        full_texts,
        vocabulary: Some(kept_vocabulary),
    }
}

/// Brings back the texts dropped or cut short after parsing of the files `need` selects,
/// before anything is located in them.
fn restore(
    texts: &mut Texts,
    files: &mut [SourceFile],
    diagnostics: &mut Vec<Diagnostic>,
    need: impl Fn(usize, &SourceFile) -> bool,
) {
    let need: Vec<bool> = files.iter().enumerate().map(|(i, f)| need(i, f)).collect();
    if let Some(d) = texts.restore_where(files, |i| need.get(i).copied().unwrap_or(false)) {
        diagnostics.push(d);
    }
}

/// Adds the built-in vocabulary (unless the dataset leaves it out) after the data files, then
/// the manifests, after every parsed file (they hold no entry), with their problems; gives the
/// index of the first manifest.
fn add_builtin_and_manifests(
    files: &mut Vec<SourceFile>,
    parsed: &mut Vec<ParsedFile>,
    layout: &Layout,
    diagnostics: &mut Vec<Diagnostic>,
) -> usize {
    let data_files = files.len();
    if layout.builtin_vocabulary {
        let (f, p) = parse_bytes(
            PathBuf::new(),
            DEFAULT_VOCABULARY_NAME.into(),
            data_files,
            DEFAULT_VOCABULARY.as_bytes().to_vec(),
        );
        diagnostics.extend(p.diagnostics.iter().cloned());
        files.push(f);
        parsed.push(p);
    }
    let manifests = files.len();
    files.extend(layout.manifests.iter().cloned());
    for (m, d) in &layout.problems {
        let mut d = d.clone();
        for label in d.primary.iter_mut().chain(&mut d.secondary) {
            label.file = manifests + m;
        }
        diagnostics.push(d);
    }
    manifests
}

/// The kinds the vocabulary is built from, taken out of the parsed files.
struct Kinds {
    actor_kinds: Vec<ActorKindSpec>,
    relation_kinds: Vec<RelationKindSpec>,
    unreadable: UnreadableKinds,
    /// Whether a vocabulary file or kind could not be read.
    broken: bool,
    /// Whether a vocabulary file was cut short: the kinds it lost are then reported missing
    /// after what cut it.
    cut: bool,
}

/// Takes the kinds out of the parsed files: the built-in ones first (the files after
/// `data_files`), then every Vocabulary file's, which extend them; a kind a dataset defines
/// again is so reported where the dataset defines it.
fn take_kinds(parsed: &mut [ParsedFile], data_files: usize, locations: &mut Locations) -> Kinds {
    let mut actor_kinds = Vec::new();
    let mut relation_kinds = Vec::new();
    let mut broken = false;
    let mut cut = false;
    let mut unreadable = UnreadableKinds::default();
    let vocabulary_order = (data_files..parsed.len()).chain(0..data_files);
    for file in vocabulary_order {
        let p = &mut parsed[file];
        if p.outline.form == Some(FileForm::Vocabulary) && p.outline.truncated {
            broken = true;
            cut = true;
        }
        for entry in &mut p.entries {
            // Most entries are actors, sources or relations: left in place, not moved out and back.
            if !matches!(
                entry.parsed,
                Parsed::ActorKind(_)
                    | Parsed::RelationKind(_)
                    | Parsed::Unreadable(EntryKind::ActorKind | EntryKind::RelationKind, _)
            ) {
                continue;
            }
            let location = Location { file, range: entry.range.clone() };
            match std::mem::replace(&mut entry.parsed, Parsed::Unreadable(EntryKind::ActorKind, None)) {
                Parsed::ActorKind(k) => {
                    actor_kinds.push(k);
                    locations.actor_kinds.push(location);
                }
                Parsed::RelationKind(k) => {
                    relation_kinds.push(k);
                    locations.relation_kinds.push(location);
                }
                Parsed::Unreadable(kind @ (EntryKind::ActorKind | EntryKind::RelationKind), id) => {
                    broken = true;
                    match (kind, id) {
                        (EntryKind::ActorKind, Some(id)) => {
                            unreadable.actor_kinds.insert(id);
                        }
                        (_, Some(id)) => {
                            unreadable.relation_kinds.insert(id);
                        }
                        (_, None) => unreadable.without_id = true,
                    }
                }
                other => entry.parsed = other,
            }
        }
    }
    Kinds { actor_kinds, relation_kinds, unreadable, broken, cut }
}

/// What a load has found when its vocabulary cannot be used.
struct Unchecked {
    files: Vec<SourceFile>,
    data_files: usize,
    diagnostics: Vec<Diagnostic>,
    locations: Locations,
}

impl Unchecked {
    /// The load of data whose vocabulary has errors or could not be read (`broken`, or `cut`
    /// short): the vocabulary's problems, and no graph.
    fn without_vocabulary(
        self,
        problems: &[Problem],
        (broken, cut): (bool, bool),
        layout: &Layout,
        late: Option<&Late<'_>>,
    ) -> Loaded {
        let Unchecked { files, data_files, mut diagnostics, locations } = self;
        if !broken || problems.iter().any(|p| p.is_error()) {
            let mut missing = to_diagnostics(problems, &files, &locations);
            if cut {
                // The cause first, then what it lost, wherever each is located.
                sort(&mut diagnostics);
                sort(&mut missing);
                diagnostics.extend(missing);
            } else {
                diagnostics.extend(missing);
            }
        }
        if broken && !diagnostics.iter().any(Diagnostic::is_error) {
            diagnostics.push(Diagnostic::error("the vocabulary could not be read").with_code("vocabulary-unreadable"));
        }
        if let Some(late) = late {
            // The relations have not been read: their syntax errors are to be reported too.
            late.failed.store(true, Ordering::Relaxed);
        }
        diagnostics.push(Diagnostic {
            help: Some("fix the vocabulary first: actors and relations are checked against it".into()),
            ..Diagnostic::error("the data was not checked further because the vocabulary has errors")
                .with_code("vocabulary-errors")
        });
        explain_conflicts(layout, &files, &mut diagnostics);
        if !cut {
            sort(&mut diagnostics);
        }
        Loaded {
            files,
            data_files,
            graph: None,
            counts: None,
            diagnostics,
            locations,
            source_texts: Vec::new(),
            full_texts: BTreeMap::new(),
            vocabulary: None,
        }
    }
}

/// What adding the entries of the parsed files to the builder needs to see.
struct EntryContext<'a> {
    files: &'a [SourceFile],
    joins: &'a Joins,
    layout: &'a Layout,
    options: &'a LoadOptions,
}

impl EntryContext<'_> {
    /// Gives the builder every file's relations (read with the file) and entries other than
    /// kinds, and notes where each one is; gives back the source texts read and the full texts
    /// by source.
    fn add_entries(
        &self,
        builder: &mut GraphBuilder,
        parsed: Vec<ParsedFile>,
        diagnostics: &mut Vec<Diagnostic>,
        locations: &mut Locations,
    ) -> (Vec<PathBuf>, BTreeMap<Box<str>, String>) {
        let mut texts_read = Vec::new();
        let mut full_texts = BTreeMap::new();
        for (file, p) in parsed.into_iter().enumerate() {
            if p.outline.truncated || !p.outline.skipped.is_empty() {
                builder.add_unreadable(EntryKind::Relation, None);
            }
            builder.add_relations(p.relations);
            locations.relations.extend(p.relation_ranges.into_iter().map(|range| Location { file, range }));
            for entry in p.entries {
                let location = Location { file, range: entry.range };
                match entry.parsed {
                    Parsed::Source(s) => {
                        let text = source_text(
                            &s,
                            file,
                            self.files,
                            &location,
                            self.layout,
                            self.options,
                            diagnostics,
                            &mut texts_read,
                        );
                        if let Some(t) = &text {
                            full_texts.insert(s.id.clone().into(), t.clone());
                        }
                        let unreadable = s.text.is_some() && text.is_none();
                        let index = builder.add_source(s.into_spec(text));
                        if unreadable {
                            builder.text_unreadable(index);
                        }
                        locations.sources.push(location);
                    }
                    Parsed::Actor(a) => {
                        if self.joins.drops(file, &a.id) {
                            continue;
                        }
                        builder.add_actor(a);
                        locations.actors.push(location);
                    }
                    // Vocabulary entries were taken before.
                    Parsed::Unreadable(EntryKind::ActorKind | EntryKind::RelationKind, _)
                    | Parsed::ActorKind(_)
                    | Parsed::RelationKind(_) => {}
                    Parsed::Unreadable(kind, id) => builder.add_unreadable(kind, id),
                }
            }
        }
        (texts_read, full_texts)
    }
}

/// Builds the graph while the relations of the files in `late` are read and checked on all
/// cores, and notes where each one is; `None` when one could not be read cleanly (`late.failed`
/// is then set).
fn build_late(
    builder: GraphBuilder,
    late: &Late<'_>,
    files: &[SourceFile],
    source_texts: &[PathBuf],
    locations: &mut Locations,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Built> {
    // The files with relations, in order; the relations of each, read and checked on
    // all cores while the graph is built, and where each one is.
    let fed: Vec<(usize, Tail)> =
        late.tails.iter().enumerate().filter_map(|(file, tail)| Some((file, (*tail)?))).collect();
    let expected = fed.iter().map(|(_, tail)| tail.expected).sum();
    let ranges: Vec<OnceLock<Vec<Range<usize>>>> = fed.iter().map(|_| OnceLock::new()).collect();
    // The messages of files whose relations had to be read the careful way, or were
    // taken from a part.
    let messages: Vec<OnceLock<Vec<Diagnostic>>> = fed.iter().map(|_| OnceLock::new()).collect();
    let context = late.parts.as_ref().and_then(|_| context(files, &late.tails, source_texts));
    let _ = late.context.set(context);
    let mut built = builder.build_with(fed.len(), expected, |k, checker| {
        if late.failed.load(Ordering::Relaxed) || late.cancel.is_cancelled() {
            // All is to be read again the careful way, or not at all.
            late.failed.store(true, Ordering::Relaxed);
            return Produced::nothing();
        }
        let (file, tail) = fed[k];
        let text = &files[file].text;
        if let (Some((parts, hashes)), Some(context)) = (&late.parts, context) {
            // A build that keeps no graph reads the tally of the relations, not the relations.
            let reused = late.lengths[file]
                .and_then(|length| parts.read(hashes[file], context, text, length, !late.counts_only))
                .and_then(|body| {
                    let produced = match body.relations {
                        Some(relations) => {
                            let mut checks = checker.checks(relations.len(), false);
                            for r in relations {
                                checks.reuse(r)?;
                            }
                            Produced::from(checks)
                        }
                        None => checker.reuse_tally(body.summary.tally)?,
                    };
                    Some((produced, body.summary.ranges, body.summary.diagnostics, body.hash))
                });
            if let Some((produced, read, found, hash)) = reused {
                let _ = ranges[k].set(read);
                let _ = messages[k].set(found.iter().map(|d| relocated(d, file)).collect());
                let _ = late.read[file].set(ReadFrom::Part(hash));
                return produced;
            }
        }
        // Stored in a part by a load through the cache.
        let hand_back = late.parts.is_some();
        let read_from = |text: &str| {
            let mut checks = checker.checks(tail.expected, hand_back);
            if let Some(read) = fast::read_relations(text, tail, &mut checks, late.cancel) {
                let _ = late.read[file].set(ReadFrom::Text);
                return Some((checks, read));
            }
            if late.cancel.is_cancelled() {
                return None;
            }
            let mut checks = checker.checks(tail.expected, hand_back);
            let (read, found) = fast::read_relations_carefully(file, text, late.entries[file], &mut checks)?;
            let _ = messages[k].set(found);
            Some((checks, read))
        };
        // A text cut short is read again in full, into this thread's buffer, to read its
        // relations from it.
        let read = match late.cut[file] {
            Some(kept) => with_buffer(|buffer| {
                let (text, known) = read_for_relations(&files[file], kept, buffer)?;
                if let Some(known) = known {
                    let _ = late.hashed[file].set(known);
                }
                read_from(text)
            }),
            None => read_from(text),
        };
        match read {
            Some((checks, read)) => {
                let _ = ranges[k].set(read);
                Produced::from(checks)
            }
            None => {
                late.failed.store(true, Ordering::Relaxed);
                Produced::nothing()
            }
        }
    });
    let mut handed_back: Vec<Option<Vec<Relation>>> = late.tails.iter().map(|_| None).collect();
    for (k, relations) in std::mem::take(&mut built.handed_back) {
        handed_back[fed[k].0] = Some(relations);
    }
    let _ = late.handed_back.set(handed_back);
    let ranges: Vec<Vec<Range<usize>>> = ranges.into_iter().map(|r| r.into_inner().unwrap_or_default()).collect();
    locations.relations.reserve_exact(ranges.iter().map(Vec::len).sum());
    for ((file, _), read) in fed.iter().zip(ranges) {
        locations.relations.extend(read.into_iter().map(|range| Location { file: *file, range }));
    }
    if late.failed.load(Ordering::Relaxed) {
        return None;
    }
    diagnostics.extend(messages.into_iter().filter_map(OnceLock::into_inner).flatten());
    Some(built)
}

/// The full text of a source, when one is available: its `text` file (confined to the dataset,
/// see [`crate::confine`]) or `--sources DIR/ID.txt`.
#[allow(clippy::too_many_arguments)]
fn source_text(
    source: &crate::raw::SourceRaw,
    file: usize,
    files: &[SourceFile],
    location: &Location,
    layout: &Layout,
    options: &LoadOptions,
    diagnostics: &mut Vec<Diagnostic>,
    read: &mut Vec<PathBuf>,
) -> Option<String> {
    if let Some(rel) = &source.text {
        let base = files[file].path.parent().unwrap_or(Path::new(""));
        if let Some(text) = options.side_texts.get(&base.join(rel)) {
            return Some(text.clone());
        }
        // The dataset the file belongs to; for texts given in memory, the directory that holds
        // all of them.
        let dataset = match layout.parts.get(layout.part_of(&files[file].path)) {
            Some(part) => dataset_dir(&part.dir),
            None => common_dir(files),
        };
        let general =
            "name a regular file inside the data directory, relative to this file; fix the path or remove `text`";
        let (refused, help) = match read_confined(&dataset, base, rel) {
            Ok((path, bytes)) => match String::from_utf8(bytes) {
                Ok(t) => {
                    read.push(path);
                    return Some(t);
                }
                Err(_) => ("it is not valid UTF-8".to_owned(), general),
            },
            Err(e) => (e.to_string(), e.help()),
        };
        let text = &files[file].text;
        let range = locate(text, location.range.clone(), &[Step::Field("text")])
            .unwrap_or_else(|| first_token(text, location.range.clone()));
        diagnostics.push(Diagnostic {
            message: format!("cannot read the text of source \"{}\": {refused}", source.id),
            primary: Some(Label { file, range, message: format!("{} cannot be read", base.join(rel).display()) }),
            help: Some(help.into()),
            ..Diagnostic::error("").with_code("source-text")
        });
        return None;
    }
    let dir = options.sources.as_ref()?;
    let bytes = read_regular(&dir.join(format!("{}.txt", source.id))).ok()?;
    String::from_utf8(bytes).ok()
}

/// The deepest directory that holds every file read from a path (`.` when there is none).
fn common_dir(files: &[SourceFile]) -> PathBuf {
    let mut dirs =
        files.iter().filter(|f| !f.path.as_os_str().is_empty()).map(|f| f.path.parent().unwrap_or(Path::new("")));
    let Some(first) = dirs.next() else { return PathBuf::from(".") };
    let mut common = first.to_owned();
    for dir in dirs {
        while !dir.starts_with(&common) && common.pop() {}
    }
    if common.as_os_str().is_empty() { PathBuf::from(".") } else { common }
}

/// The diagnostics of `problems`, in order: placed on all cores, since data with many warnings
/// (a source without a text is one) has tens of thousands.
fn to_diagnostics(problems: &[Problem], files: &[SourceFile], locations: &Locations) -> Vec<Diagnostic> {
    problems.par_iter().with_min_len(64).map(|p| to_diagnostic(p, files, locations)).collect()
}

/// Turns a core problem into a diagnostic located in the files.
fn to_diagnostic(problem: &Problem, files: &[SourceFile], locations: &Locations) -> Diagnostic {
    let label = |site: &Site, message: String| -> Option<Label> {
        let loc = locations.get(site.entry, site.index)?;
        let text = &files[loc.file].text;
        let range = locate(text, loc.range.clone(), &steps(&site.field))
            .filter(|_| !steps(&site.field).is_empty())
            .unwrap_or_else(|| first_token(text, loc.range.clone()));
        Some(Label { file: loc.file, range, message })
    };
    Diagnostic {
        severity: problem.severity,
        message: problem.message.clone(),
        primary: label(&problem.site, problem.label.clone().unwrap_or_default()),
        secondary: problem.related.iter().filter_map(|(s, m)| label(s, m.clone())).collect(),
        help: problem.help.as_ref().map(diplograph_syntax::help::help_text),
        code: problem.code.map(str::to_owned),
    }
}

/// Sorts by file, then position; unlocated diagnostics last. Stable, so problems at one place
/// keep the order they were found in.
fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| d.primary.as_ref().map_or((usize::MAX, 0), |l| (l.file, l.range.start)));
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    fn dataset(relation: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join("actors.ron"),
            "Graph(actors: [Country(id: \"a\", name: \"A\"), Country(id: \"b\", name: \"B\")])",
        )
        .unwrap();
        fs::write(dir.path().join("relations.ron"), format!("Graph(\n  relations: [\n    {relation},\n  ],\n)"))
            .unwrap();
        dir
    }

    #[test]
    fn a_message_on_the_line_where_the_relations_start_shows_that_line_whole() {
        let dir = dataset("Relation(subject: \"a\", kind: \"war\", object: \"b\", evidence: [])");
        // The warning points at the source, before the relations list, on the list's own line.
        let line = "Graph(sources: [Source(id: \"s\")], relations: [Relation(subject: \"a\", kind: \"war\", object: \"b\", evidence: [Quote(source: \"s\", text: \"x\")])])";
        fs::write(dir.path().join("relations.ron"), format!("{line}\n")).unwrap();
        let lean = load(dir.path(), &LoadOptions { without_texts: true, ..Default::default() }).unwrap();
        let full = load(dir.path(), &LoadOptions::default()).unwrap();
        assert!(full.warning_count() > 0, "{}", full.render(false));
        assert!(lean.render(false).contains(line), "{}", lean.render(false));
        assert_eq!(lean.render(false), full.render(false));
        // Through the cache: written, then read back, for a caller that keeps no texts.
        let cache_dir = tempfile::tempdir().unwrap();
        let cache = crate::Cache { dir: cache_dir.path().into(), version: "1".into(), texts: false, warnings: true };
        let options = LoadOptions { without_texts: true, ..Default::default() };
        for _ in 0..2 {
            let (cached, _) = crate::load_cached(dir.path(), &options, &cache).unwrap();
            assert_eq!(cached.render(false), full.render(false));
        }
    }

    #[test]
    fn texts_are_dropped_only_when_nothing_needs_them() {
        let options = LoadOptions { without_texts: true, ..Default::default() };
        let clean = dataset("Relation(subject: \"a\", kind: \"war\", object: \"b\", evidence: [])");
        // A relation without evidence is a warning: the texts come back to show it.
        let loaded = load(clean.path(), &options).unwrap();
        assert_eq!(loaded.warning_count(), 1);
        assert!(loaded.files.iter().all(|f| !f.text.is_empty()));
        assert!(loaded.render(false).contains("relations.ron:3:5"), "{}", loaded.render(false));
        assert_eq!(loaded.render(false), load(clean.path(), &LoadOptions::default()).unwrap().render(false));

        fs::write(clean.path().join("sources.ron"), "Graph(sources: [Source(id: \"s\", text: \"s.txt\")])").unwrap();
        fs::write(clean.path().join("s.txt"), "x").unwrap();
        fs::write(
            clean.path().join("relations.ron"),
            "Graph(relations: [Relation(subject: \"a\", kind: \"war\", object: \"b\", evidence: [Quote(source: \"s\", text: \"x\")])])",
        )
        .unwrap();
        let loaded = load(clean.path(), &options).unwrap();
        assert!(loaded.diagnostics.is_empty());
        assert!(loaded.graph.is_some());
        assert!(loaded.files.iter().filter(|f| f.name != DEFAULT_VOCABULARY_NAME).all(|f| f.text.is_empty()));
        let kept = load(clean.path(), &LoadOptions::default()).unwrap();
        assert!(kept.files.iter().all(|f| !f.text.is_empty()));
    }

    #[test]
    fn errors_found_late_are_located_in_dropped_texts() {
        let options = LoadOptions { without_texts: true, ..Default::default() };
        let data = dataset("Relation(subject: \"a\", kind: \"war\", object: \"iram\")");
        let (lean, full) = (load(data.path(), &options).unwrap(), load(data.path(), &LoadOptions::default()).unwrap());
        assert_eq!(lean.error_count(), 1);
        assert_eq!(lean.render(false), full.render(false));
        assert!(lean.render(false).contains("unknown actor \"iram\""));
    }

    #[test]
    fn relations_are_read_again_from_a_text_cut_short() {
        let options = LoadOptions { without_texts: true, ..Default::default() };
        let data = dataset("Relation(subject: \"a\", kind: \"war\", object: \"b\", evidence: [])");
        let relations = data.path().join("relations.ron");
        let (lean, full) = (load(data.path(), &options).unwrap(), load(data.path(), &LoadOptions::default()).unwrap());
        // The warning is placed in the relations, past the cut: that text is read back whole.
        assert_eq!(lean.render(false), full.render(false));
        assert!(lean.render(false).contains("relations.ron:3:5"), "{}", lean.render(false));
        assert_eq!(format!("{:?}", lean.locations), format!("{:?}", full.locations));
        // Without a message, the texts are not kept, cut or whole.
        fs::write(&relations, "Graph(relations: [Relation(subject: \"a\", kind: \"war\", object: \"b\")])").unwrap();
        let lean = load(data.path(), &options).unwrap();
        assert_eq!(lean.diagnostics.len(), 1, "{}", lean.render(false));
        assert_eq!(lean.graph.is_some(), load(data.path(), &LoadOptions::default()).unwrap().graph.is_some());
    }

    #[test]
    fn a_file_changed_between_its_two_reads_is_an_error_not_a_wrong_graph() {
        let data = dataset("Relation(subject: \"a\", kind: \"war\", object: \"b\")");
        let relations = data.path().join("relations.ron");
        // The load reads the relations as they were when it first read the file; on disk they
        // have changed since (the object is now unknown), which the second read finds.
        let first = fs::read(&relations).unwrap();
        fs::write(
            &relations,
            "Graph(\n  relations: [\n    Relation(subject: \"a\", kind: \"war\", object: \"zz\"),\n  ],\n)",
        )
        .unwrap();
        let (paths, layout) = dataset_files(data.path()).unwrap();
        // With the graph, and keeping none.
        for counts_only in [false, true] {
            let inputs = paths
                .iter()
                .map(|path| {
                    let bytes = if *path == relations { first.clone() } else { fs::read(path).unwrap() };
                    Input { name: display_name(data.path(), path), path: path.clone(), bytes, unread: false }
                })
                .collect();
            let options = LoadOptions { without_texts: true, counts_only, ..Default::default() };
            let loaded = load_inputs(inputs, &layout, &options);
            assert!(loaded.graph.is_none() && loaded.counts.is_none());
            let changed: Vec<&Diagnostic> =
                loaded.diagnostics.iter().filter(|d| d.code.as_deref() == Some("file-changed")).collect();
            assert_eq!(changed.len(), 1, "{}", loaded.render(false));
            assert!(changed[0].message.ends_with("relations.ron again: it changed"), "{}", changed[0].message);
            assert!(!loaded.render(false).contains("unknown actor"), "{}", loaded.render(false));
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_data_file_that_cannot_be_read_is_an_error_before_anything_is_parsed() {
        let data = dataset("Relation(subject: \"a\", kind: \"war\", object: \"b\")");
        std::os::unix::fs::symlink(data.path().join("actors.ron"), data.path().join("link.ron")).unwrap();
        let options = LoadOptions { without_texts: true, ..Default::default() };
        let error = load(data.path(), &options).unwrap_err();
        assert!(matches!(error, Error::NotRead { .. }), "{error:?}");
        assert!(error.to_string().contains("link.ron"), "{error}");
    }

    #[test]
    fn files_given_in_memory_load_in_the_same_order_as_files_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("a")).unwrap();
        fs::create_dir_all(root.join("a-b")).unwrap();
        fs::write(root.join("a/b.ron"), "Graph(actors: [Country(id: \"x\", name: \"X\")])").unwrap();
        fs::write(root.join("a-b/c.ron"), "Graph()").unwrap();
        let names = |l: &Loaded| -> Vec<String> {
            l.files.iter().filter(|f| !f.path.as_os_str().is_empty()).map(|f| f.name.clone()).collect()
        };
        let on_disk = names(&load(root, &LoadOptions::default()).unwrap());
        let new = (root.join("a-b/new.ron"), "Graph()".to_owned());
        let in_memory = names(&load_with(root, &[new], &LoadOptions::default()).unwrap());
        let base = root.to_string_lossy().replace('\\', "/");
        assert_eq!(on_disk, [format!("{base}/a-b/c.ron"), format!("{base}/a/b.ron")]);
        assert_eq!(in_memory, [format!("{base}/a-b/c.ron"), format!("{base}/a-b/new.ron"), format!("{base}/a/b.ron")]);
    }
}
