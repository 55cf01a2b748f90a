//! Per-file snapshots of checked relations, so that after an edit only the files that changed
//! have their relations read and checked again.
//!
//! A *part* holds the relations of one data file as a valid load checked them, their byte
//! ranges, the warnings located among them, and their [`Tally`], which is all a load that keeps
//! no graph (`check`) reads of them. It is stored under the xxh3-128 of the file's
//! bytes and used only for a file with exactly those bytes, by a tool of the same version, when
//! the *context* the relations were checked against is also the same: the text of every file but
//! the relations lists (vocabulary, sources, actors, in load order), and the bytes of every
//! source text. A relation's check depends on nothing else; what depends on all relations
//! together (relation ids defined twice, actors and sources never used, the numbering) is
//! recomputed by every build. The handles of stored relations are checked to point inside the
//! build ([`diplograph_core::RelationChecker::reuse`]), their ranges to lie inside the file.
//!
//! Layout, integers little-endian:
//!
//! ```text
//! MAGIC | format u32 | tool u128 | file hash u128 | context u128
//!       | summary length u64 | summary xxh3-128 u128 | relations length u64 | relations xxh3-128 u128
//!       | summary | relations
//! ```
//!
//! the summary ([`Summary`]: tally, ranges, warnings) and the relations being postcard, each
//! checked against its own hash when read, so that a load that keeps no graph reads the summary
//! alone. The snapshot of the whole load refers to the parts
//! ([`Segment::Part`]) instead of holding their relations again. Parts of a dataset live in a
//! directory of their own in the cache
//! (`<hash of the data path>.parts/<hash of the file>.part`); those of files no longer in the
//! dataset are removed when a load writes new ones.

use std::fs;
use std::io::{Read as _, Write as _};
use std::ops::Range;
use std::path::{Path, PathBuf};

use diplograph_core::{Relation, Tally};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_128;

use crate::diagnostic::Diagnostic;
use crate::fast::Tail;
use crate::files::SourceFile;
use crate::load::{DEFAULT_VOCABULARY, Loaded};

const MAGIC: &[u8; 16] = b"diplograph part\n";

/// The version of the part layout.
const PART_FORMAT: u32 = 4;

/// The fixed header: magic, format, tool, file hash, context, then the length and hash of the
/// summary and of the relations.
const HEADER: usize = 16 + 4 + 16 + 16 + 16 + 2 * (8 + 16);

/// The parts of one dataset.
#[derive(Clone, Debug)]
pub(crate) struct Parts {
    dir: PathBuf,
    /// The tool's version and built-in vocabulary: parts written by another never match.
    tool: u128,
}

/// What a part holds besides its relations.
#[derive(Serialize, Deserialize)]
pub(crate) struct Summary {
    pub tally: Tally,
    pub ranges: Vec<Range<usize>>,
    /// Warnings among the relations, located in file 0.
    pub diagnostics: Vec<Diagnostic>,
}

/// A part read: its summary, its relations when asked for, and the hash of its body (both
/// sections), by which a snapshot names it.
pub(crate) struct Body {
    pub summary: Summary,
    pub relations: Option<Vec<Relation>>,
    pub hash: u128,
}

/// Where the relations of a file came from in a one-pass load.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum ReadFrom {
    /// Read from the file's text, in one pass.
    Text,
    /// Taken from the file's part, whose body hashes to this.
    Part(u128),
}

/// How a one-pass load read each file's relations, for the parts to write afterwards.
#[derive(Debug, Default)]
pub(crate) struct Reading {
    /// The context the relations were checked against; `None` when it could not be known.
    pub context: Option<u128>,
    /// For each data file: the hash of its bytes and, when its relations were read in one pass
    /// or taken from a part, where they start and where they came from.
    pub files: Vec<(u128, Option<(Tail, ReadFrom)>)>,
    /// For each data file whose relations were read from its text by a load that keeps no
    /// graph, those relations, to be stored.
    pub relations: Vec<Option<Vec<Relation>>>,
}

/// A run of a snapshot's relations: the next sections of the snapshot, or the relations of
/// one data file kept in its part.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub(crate) enum Segment {
    /// This many sections of the snapshot, each a chunk of relations.
    Sections(u32),
    /// The part of the file whose bytes hash to `file`, checked against `context`, whose body
    /// hashes to `body` and holds `count` relations.
    Part {
        /// The hash of the file's bytes.
        file: u128,
        /// The context its relations were checked against.
        context: u128,
        /// The hash of the part's body.
        body: u128,
        /// How many relations it holds.
        count: u64,
    },
}

impl Parts {
    /// The parts of the dataset at `root` (canonical) in the cache directory `dir`.
    pub fn new(dir: &Path, root: &Path, version: &str) -> Self {
        let mut key = Vec::new();
        key.extend_from_slice(&PART_FORMAT.to_le_bytes());
        key.extend_from_slice(&(version.len() as u64).to_le_bytes());
        key.extend_from_slice(version.as_bytes());
        key.extend_from_slice(&xxh3_128(DEFAULT_VOCABULARY.as_bytes()).to_le_bytes());
        Self {
            dir: dir.join(format!("{:032x}.parts", xxh3_128(root.to_string_lossy().as_bytes()))),
            tool: xxh3_128(&key),
        }
    }

    fn path(&self, hash: u128) -> PathBuf {
        self.dir.join(format!("{hash:032x}.part"))
    }

    /// The part of a file whose bytes hash to `hash`, checked against `context`, its relations
    /// decoded only when `relations`; `None` when there is none, or its header or the hash of a
    /// section read does not match.
    fn read_body(&self, hash: u128, context: u128, relations: bool) -> Option<Body> {
        let path = self.path(hash);
        // Regular files only: not a link planted in the cache, nor a FIFO.
        let mut file = crate::confine::open_regular(&path).ok()?;
        let meta = file.metadata().ok()?;
        if !meta.is_file() || meta.len() < HEADER as u64 {
            return None;
        }
        let mut header = [0u8; HEADER];
        file.read_exact(&mut header).ok()?;
        let mut expected = Vec::with_capacity(HEADER);
        expected.extend_from_slice(MAGIC);
        expected.extend_from_slice(&PART_FORMAT.to_le_bytes());
        expected.extend_from_slice(&self.tool.to_le_bytes());
        expected.extend_from_slice(&hash.to_le_bytes());
        expected.extend_from_slice(&context.to_le_bytes());
        let (fixed, rest) = header.split_at(expected.len());
        if fixed != expected {
            return None;
        }
        let section = |at: usize| -> Option<(u64, u128)> {
            let len = u64::from_le_bytes(rest[at..at + 8].try_into().ok()?);
            Some((len, u128::from_le_bytes(rest[at + 8..at + 24].try_into().ok()?)))
        };
        let ((summary_len, summary_hash), (relations_len, relations_hash)) = (section(0)?, section(24)?);
        if summary_len.checked_add(relations_len)? != meta.len() - HEADER as u64 {
            return None;
        }
        let mut read = |len: u64, hash: u128| -> Option<Vec<u8>> {
            let mut bytes = vec![0u8; usize::try_from(len).ok()?];
            file.read_exact(&mut bytes).ok()?;
            (xxh3_128(&bytes) == hash).then_some(bytes)
        };
        let summary: Summary = postcard::from_bytes(&read(summary_len, summary_hash)?).ok()?;
        let relations = match relations {
            true => {
                let read: Vec<Relation> = postcard::from_bytes(&read(relations_len, relations_hash)?).ok()?;
                Some(read).filter(|r| r.len() == summary.ranges.len())
            }
            false => None,
        };
        (summary.ranges.len() == summary.tally.len()).then_some(Body {
            summary,
            relations,
            hash: body_hash(summary_hash, relations_hash),
        })
    }

    /// Whether there is a part for a file whose bytes hash to `hash`, checked against any
    /// context, by this tool.
    pub fn has(&self, hash: u128) -> bool {
        let Ok(mut file) = crate::confine::open_regular(&self.path(hash)) else { return false };
        let mut header = [0u8; 16 + 4 + 16 + 16];
        file.read_exact(&mut header).is_ok()
            && header[..16] == MAGIC[..]
            && header[16..20] == PART_FORMAT.to_le_bytes()
            && header[20..36] == self.tool.to_le_bytes()
            && header[36..] == hash.to_le_bytes()
    }

    /// The part of a file whose bytes hash to `hash`, `len` bytes long, of which the text
    /// `text` is kept (the whole text, or the part before its relations), checked against
    /// `context`, its relations decoded only when `relations`; `None` when there is none, or it
    /// does not match or fit in every respect (what lies past `text` is checked when it is read
    /// again).
    pub fn read(&self, hash: u128, context: u128, text: &str, len: usize, relations: bool) -> Option<Body> {
        let body = self.read_body(hash, context, relations)?;
        let at = |i: usize| i > text.len() || text.is_char_boundary(i);
        let fits = |r: &Range<usize>| r.start <= r.end && r.end <= len && at(r.start) && at(r.end);
        let summary = &body.summary;
        let labels = summary.diagnostics.iter().flat_map(|d| d.primary.iter().chain(&d.secondary));
        (summary.ranges.iter().all(fits) && labels.clone().all(|l| l.file == 0 && fits(&l.range))).then_some(body)
    }

    /// The relations of the part a snapshot refers to ([`Segment::Part`]): `None` unless the
    /// part is exactly the one it names (file, context and body hash) and holds `count`
    /// relations.
    pub fn relations(&self, part: &Segment) -> Option<Vec<Relation>> {
        let Segment::Part { file, context, body, count } = *part else { return None };
        let read = self.read_body(file, context, true)?;
        (read.hash == body && read.summary.tally.len() as u64 == count).then_some(read.relations).flatten()
    }

    /// Writes the parts of the files of a valid load whose relations were read from their text,
    /// and removes the parts of files no longer in the dataset; gives, for each data file, the
    /// part that now holds its relations (none when it could not be written). Failures are not
    /// errors: a part that is missing is only a file read again.
    pub fn write(&self, loaded: &Loaded, reading: &Reading) -> Vec<Option<Segment>> {
        let none = || vec![None; reading.files.len()];
        let valid = (loaded.graph.is_some() || loaded.counts.is_some()) && loaded.error_count() == 0;
        let Some(context) = reading.context.filter(|_| valid) else { return none() };
        // The cache directory, then the dataset's parts in it, each private.
        if self.dir.parent().is_some_and(|cache| private_dir(cache).is_err()) || private_dir(&self.dir).is_err() {
            return none();
        }
        // The stated relations, in input order, by file: the graph's, or those a load that
        // keeps no graph handed back; and where each one is.
        let mut by_file: Vec<Vec<&Relation>> = vec![Vec::new(); reading.files.len()];
        let mut ranges: Vec<Vec<Range<usize>>> = vec![Vec::new(); reading.files.len()];
        for l in &loaded.locations.relations {
            if let Some(list) = ranges.get_mut(l.file) {
                list.push(l.range.clone());
            }
        }
        match &loaded.graph {
            Some(graph) => {
                for ((_, r), l) in graph.relations().zip(&loaded.locations.relations) {
                    if let Some(list) = by_file.get_mut(l.file) {
                        list.push(r);
                    }
                }
            }
            None => {
                for (list, handed) in by_file.iter_mut().zip(&reading.relations) {
                    list.extend(handed.iter().flatten());
                }
            }
        }
        // Files with the same bytes share one part, written once (their relations differ only
        // in their numbers, which a load gives again).
        let mut first = std::collections::HashMap::new();
        let firsts: Vec<usize> =
            reading.files.iter().enumerate().map(|(i, (hash, _))| *first.entry(*hash).or_insert(i)).collect();
        let mut segments: Vec<Option<Segment>> = reading
            .files
            .par_iter()
            .zip(by_file)
            .zip(ranges)
            .enumerate()
            .map(|(i, (((hash, read), relations), ranges))| {
                let count = ranges.len() as u64;
                let (tail, from) = (*read).filter(|_| firsts[i] == i)?;
                let body = match from {
                    ReadFrom::Part(body) => body,
                    ReadFrom::Text if relations.len() == ranges.len() => {
                        let diagnostics = loaded
                            .diagnostics
                            .iter()
                            .filter(|d| d.primary.as_ref().is_some_and(|l| l.file == i && l.range.start >= tail.at))
                            .map(|d| relocated(d, 0))
                            .collect();
                        let summary = Summary { tally: Tally::of(relations.iter().copied()), ranges, diagnostics };
                        self.write_one(*hash, context, &summary, &relations).ok()?
                    }
                    // Not handed back: read again next time.
                    ReadFrom::Text => return None,
                };
                Some(Segment::Part { file: *hash, context, body, count })
            })
            .collect();
        for (i, &f) in firsts.iter().enumerate() {
            if f != i && reading.files[i].1.is_some() {
                segments[i] = segments[f];
            }
        }
        self.prune(reading.files.iter().map(|(hash, _)| *hash).collect());
        segments
    }

    /// Writes one part; gives the hash of its body.
    fn write_one(
        &self,
        hash: u128,
        context: u128,
        summary: &Summary,
        relations: &[&Relation],
    ) -> Result<u128, Box<dyn std::error::Error>> {
        let summary = postcard::to_allocvec(summary)?;
        let relations = postcard::to_allocvec(relations)?;
        let (summary_hash, relations_hash) = (xxh3_128(&summary), xxh3_128(&relations));
        let mut out = Vec::with_capacity(HEADER + summary.len() + relations.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&PART_FORMAT.to_le_bytes());
        out.extend_from_slice(&self.tool.to_le_bytes());
        out.extend_from_slice(&hash.to_le_bytes());
        out.extend_from_slice(&context.to_le_bytes());
        for (bytes, hash) in [(&summary, summary_hash), (&relations, relations_hash)] {
            out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
            out.extend_from_slice(&hash.to_le_bytes());
        }
        out.extend_from_slice(&summary);
        out.extend_from_slice(&relations);
        let body_hash = body_hash(summary_hash, relations_hash);
        let path = self.path(hash);
        let tmp = self.dir.join(format!(".{hash:032x}.{}.tmp", std::process::id()));
        let result = (|| {
            let mut file = private_file(&tmp)?;
            file.write_all(&out)?;
            drop(file);
            fs::rename(&tmp, &path)
        })();
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result?;
        Ok(body_hash)
    }

    /// Removes the parts of files whose hash is not in `keep`.
    fn prune(&self, keep: Vec<u128>) {
        let keep: std::collections::HashSet<String> = keep.into_iter().map(|h| format!("{h:032x}.part")).collect();
        let Ok(entries) = fs::read_dir(&self.dir) else { return };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.ends_with(".part") && !keep.contains(name.as_ref()) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// The hash of a part's body, from those of its two sections.
fn body_hash(summary: u128, relations: u128) -> u128 {
    let mut both = [0u8; 32];
    both[..16].copy_from_slice(&summary.to_le_bytes());
    both[16..].copy_from_slice(&relations.to_le_bytes());
    xxh3_128(&both)
}

/// A diagnostic with every label moved to file `file`.
pub(crate) fn relocated(d: &Diagnostic, file: usize) -> Diagnostic {
    let mut d = d.clone();
    for label in d.primary.iter_mut().chain(&mut d.secondary) {
        label.file = file;
    }
    d
}

/// The context relations are checked against: every data file's text but its relations list,
/// in load order, whether the built-in vocabulary was added, and the bytes of the source texts
/// read; `None` when a source text cannot be read again.
pub(crate) fn context(files: &[SourceFile], tails: &[Option<Tail>], source_texts: &[PathBuf]) -> Option<u128> {
    let heads: Vec<u128> = files
        .par_iter()
        .enumerate()
        .map(|(i, f)| {
            let head = match tails.get(i) {
                Some(Some(tail)) => &f.text[..tail.at],
                _ => &f.text[..],
            };
            xxh3_128(head.as_bytes())
        })
        .collect();
    let mut key = Vec::new();
    key.extend_from_slice(&(tails.len() as u64).to_le_bytes());
    for (f, h) in files.iter().zip(heads) {
        key.extend_from_slice(&(f.name.len() as u64).to_le_bytes());
        key.extend_from_slice(f.name.as_bytes());
        key.extend_from_slice(&h.to_le_bytes());
    }
    for path in source_texts {
        let bytes = crate::confine::read_regular(path).ok()?;
        key.extend_from_slice(&xxh3_128(&bytes).to_le_bytes());
    }
    Some(xxh3_128(&key))
}

/// Creates a directory (and its parents) when it is not there, and makes it readable by its
/// owner only.
pub(crate) fn private_dir(dir: &Path) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    }
    let _ = dir;
    Ok(())
}

/// Creates a new file readable by its owner only; fails if anything is already at `path`
/// (a file, or a link planted there).
pub(crate) fn private_file(path: &Path) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::cache::{Cache, CacheStatus, load_cached};
    use crate::load::{LoadOptions, load};

    /// The shipped data files, by path relative to `data/`.
    /// Every file of the shipped data (source texts too), with one more data file, whose
    /// relation has a warning (no evidence).
    fn seed_files() -> Vec<(String, String)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        let mut files = Vec::new();
        let mut dirs = vec![root.clone()];
        while let Some(dir) = dirs.pop() {
            for entry in fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else {
                    let name = path.strip_prefix(&root).unwrap().display().to_string();
                    files.push((name, fs::read_to_string(&path).unwrap()));
                }
            }
        }
        files.push((
            "relations/warned.ron".into(),
            "Graph(relations: [Relation(subject: \"russia\", kind: \"mediation\", object: \"iran\")])".into(),
        ));
        files
    }

    struct Setup {
        _tmp: tempfile::TempDir,
        data: PathBuf,
        cache: Cache,
    }

    fn setup(files: &[(String, String)]) -> Setup {
        setup_with(files, true)
    }

    /// [`setup`], for a caller that keeps the files' texts or not.
    fn setup_with(files: &[(String, String)], texts: bool) -> Setup {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        for (name, text) in files {
            let path = data.join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        let cache = Cache { dir: tmp.path().join("cache"), version: "1.0.0".into(), texts, warnings: true };
        Setup { _tmp: tmp, data, cache }
    }

    /// Loads through the cache and from the files alone; asserts both give the same graph,
    /// the same places and the same messages, byte for byte; the cache's status.
    /// A caller that does not keep the texts (`check`) has them cut short or dropped, read
    /// again for its messages; one that keeps them has them all.
    fn same_as_cold(s: &Setup) -> CacheStatus {
        let options = LoadOptions { without_texts: !s.cache.texts, ..LoadOptions::default() };
        let (warm, status) = load_cached(&s.data, &options, &s.cache).unwrap();
        let cold = load(&s.data, &LoadOptions::default()).unwrap();
        if s.cache.texts {
            let texts = |l: &Loaded| l.files.iter().map(|f| f.text.clone()).collect::<Vec<_>>();
            assert_eq!(texts(&warm), texts(&cold), "{status:?}");
        }
        assert_eq!(warm.render(false), cold.render(false), "{status:?}");
        assert_eq!(crate::fuzzing::file_names(&warm), crate::fuzzing::file_names(&cold), "{status:?}");
        assert_eq!(format!("{:?}", warm.graph), format!("{:?}", cold.graph), "{status:?}");
        // A hit for a caller without texts reads no locations: messages carry their places.
        if !s.cache.texts && status == CacheStatus::Hit {
            assert!(warm.locations.relations.is_empty() && warm.locations.actors.is_empty(), "{status:?}");
        } else {
            assert_eq!(format!("{:?}", warm.locations), format!("{:?}", cold.locations), "{status:?}");
        }
        assert_eq!(format!("{:?}", warm.diagnostics), format!("{:?}", cold.diagnostics), "{status:?}");
        // A hit for a caller without texts leaves the sources' full texts out too.
        if s.cache.texts || status != CacheStatus::Hit {
            assert_eq!(warm.full_texts, cold.full_texts, "{status:?}");
        }
        status
    }

    /// A load through the cache that keeps no graph (`check`) finds what a cold load of the
    /// graph finds, and counts what that graph holds; the cache's status.
    fn counts_same_as_cold(s: &Setup) -> CacheStatus {
        let options = LoadOptions { without_texts: !s.cache.texts, counts_only: true, ..LoadOptions::default() };
        let (counted, status) = load_cached(&s.data, &options, &s.cache).unwrap();
        let cold = load(&s.data, &LoadOptions::default()).unwrap();
        crate::fuzzing::counts_agree(&cold, &counted);
        status
    }

    fn edit(s: &Setup, name: &str, from: &str, to: &str) {
        let path = s.data.join(name);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from:?} not in {name}");
        fs::write(path, text.replacen(from, to, 1)).unwrap();
    }

    #[test]
    fn an_edited_file_alone_is_read_again() {
        let files = seed_files();
        let with_relations = files.iter().filter(|(name, _)| name.starts_with("relations/")).count();
        let data_files = files.iter().filter(|(name, _)| name.ends_with(".ron")).count();
        let s = setup(&files);
        assert_eq!(same_as_cold(&s), CacheStatus::Miss { written: true });
        assert_eq!(same_as_cold(&s), CacheStatus::Hit);
        // A relation changed in one file: that file is read, the others' relations are reused.
        edit(&s, "relations/russia-iran.ron", "Relation(", "Relation( ");
        let status = same_as_cold(&s);
        let read = data_files - with_relations + 1;
        assert_eq!(status, CacheStatus::Updated { reused: with_relations - 1, read, written: true });
        // An actor renamed: every relation is checked again (they may refer to it).
        edit(&s, "actors/countries.ron", "name: \"Iran\"", "name: \"Persia\"");
        assert!(matches!(same_as_cold(&s), CacheStatus::Miss { written: true }));
        // An error: the messages are those of a cold load; then fixed again.
        edit(&s, "relations/russia-israel.ron", "object: \"israel\"", "object: \"isreal\"");
        assert!(matches!(same_as_cold(&s), CacheStatus::Updated { written: false, .. }));
        edit(&s, "relations/russia-israel.ron", "object: \"isreal\"", "object: \"israel\"");
        // The data is that of the last snapshot again.
        assert_eq!(same_as_cold(&s), CacheStatus::Hit);
        edit(&s, "relations/russia-israel.ron", "object: \"israel\"", "object: \"israel\" ");
        assert!(matches!(same_as_cold(&s), CacheStatus::Updated { written: true, .. }));
    }

    #[test]
    fn a_check_reads_the_tallies_of_unchanged_files_and_stores_what_it_read() {
        let files = seed_files();
        let with_relations = files.iter().filter(|(name, _)| name.starts_with("relations/")).count();
        let data_files = files.iter().filter(|(name, _)| name.ends_with(".ron")).count();
        let s = setup_with(&files, false);
        // The first check reads every file, and stores their parts.
        assert_eq!(counts_same_as_cold(&s), CacheStatus::Miss { written: false });
        let all = CacheStatus::Updated { reused: with_relations, read: data_files - with_relations, written: false };
        assert_eq!(counts_same_as_cold(&s), all);
        // An edit: the edited file alone is read again; the next check reuses its new part.
        edit(&s, "relations/russia-iran.ron", "Relation(", "Relation( ");
        let one =
            CacheStatus::Updated { reused: with_relations - 1, read: data_files - with_relations + 1, written: false };
        assert_eq!(counts_same_as_cold(&s), one);
        assert_eq!(counts_same_as_cold(&s), all);
        // The relations of every part damaged: a check never reads them, a load of the graph
        // never uses them.
        let canonical = fs::canonicalize(&s.data).unwrap();
        let parts = Parts::new(&s.cache.dir, &canonical, &s.cache.version);
        for entry in fs::read_dir(&parts.dir).unwrap() {
            let path = entry.unwrap().path();
            let mut bytes = fs::read(&path).unwrap();
            *bytes.last_mut().unwrap() ^= 1;
            fs::write(&path, bytes).unwrap();
        }
        assert_eq!(counts_same_as_cold(&s), all);
        assert_eq!(same_as_cold(&s), CacheStatus::Miss { written: true });
        // An error in a file: no part is written for what was read, and the messages are those
        // of a cold load.
        edit(&s, "relations/russia-israel.ron", "object: \"israel\"", "object: \"isreal\"");
        assert_eq!(counts_same_as_cold(&s), one);
        assert_eq!(counts_same_as_cold(&s), one);
    }

    #[test]
    fn a_part_that_does_not_match_is_not_used() {
        let files = seed_files();
        let s = setup(&files);
        same_as_cold(&s);
        let canonical = fs::canonicalize(&s.data).unwrap();
        let parts = Parts::new(&s.cache.dir, &canonical, &s.cache.version);
        let mut written: Vec<PathBuf> = fs::read_dir(&parts.dir).unwrap().map(|e| e.unwrap().path()).collect();
        written.sort();
        assert!(!written.is_empty());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            assert_eq!(fs::metadata(&parts.dir).unwrap().permissions().mode() & 0o777, 0o700);
            for path in &written {
                assert_eq!(fs::metadata(path).unwrap().permissions().mode() & 0o777, 0o600);
            }
        }
        // Corrupt every part in a different way; each edit forces the parts to be looked at.
        let damage: [fn(&mut Vec<u8>); 4] =
            [|b| b.truncate(b.len() / 2), |b| *b.last_mut().unwrap() ^= 1, |b| b[20] ^= 1, |b| b.clear()];
        for (path, damage) in written.iter().zip(damage.iter().cycle()) {
            let mut bytes = fs::read(path).unwrap();
            damage(&mut bytes);
            fs::write(path, bytes).unwrap();
        }
        let quote = |s: &Setup| edit(s, "relations/russia-iran.ron", "Relation(", "Relation( ");
        quote(&s);
        assert!(matches!(same_as_cold(&s), CacheStatus::Miss { written: true }));
        // A part in the place of another file's: its hash does not match.
        let mut now: Vec<PathBuf> = fs::read_dir(&parts.dir).unwrap().map(|e| e.unwrap().path()).collect();
        now.sort();
        fs::copy(&now[0], &now[1]).unwrap();
        quote(&s);
        let status = same_as_cold(&s);
        assert!(matches!(status, CacheStatus::Updated { .. }), "{status:?}");
        #[cfg(unix)]
        {
            // A link is not followed. (The parts as they are now: the update replaced the edited
            // file's.)
            let mut now: Vec<PathBuf> = fs::read_dir(&parts.dir).unwrap().map(|e| e.unwrap().path()).collect();
            now.sort();
            let target = now[2].with_extension("other");
            fs::rename(&now[2], &target).unwrap();
            std::os::unix::fs::symlink(&target, &now[2]).unwrap();
            quote(&s);
            same_as_cold(&s);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        /// Parts damaged in any way (a byte changed, cut short, another file's part in their
        /// place) are never used: the snapshot that refers to them is not either, and the load
        /// is that of the files; the next one is a hit again.
        #[test]
        fn a_damaged_part_is_never_trusted(
            at in any::<prop::sample::Index>(), byte in 1u8.., how in 0..3u8, texts: bool,
        ) {
            let s = setup_with(&seed_files(), texts);
            prop_assert_eq!(same_as_cold(&s), CacheStatus::Miss { written: true });
            prop_assert_eq!(same_as_cold(&s), CacheStatus::Hit);
            let canonical = fs::canonicalize(&s.data).unwrap();
            let parts = Parts::new(&s.cache.dir, &canonical, &s.cache.version);
            let mut written: Vec<PathBuf> = fs::read_dir(&parts.dir).unwrap().map(|e| e.unwrap().path()).collect();
            written.sort();
            let originals: Vec<Vec<u8>> = written.iter().map(|p| fs::read(p).unwrap()).collect();
            for (i, path) in written.iter().enumerate() {
                let mut bytes = originals[i].clone();
                let at = at.index(bytes.len());
                match how {
                    0 => bytes[at] ^= byte,
                    1 => bytes.truncate(at),
                    _ => bytes.clone_from(&originals[(i + 1) % originals.len()]),
                }
                fs::write(path, bytes).unwrap();
            }
            let status = same_as_cold(&s);
            prop_assert!(status != CacheStatus::Hit, "{:?}", status);
            prop_assert_eq!(same_as_cold(&s), CacheStatus::Hit);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Random sequences of edits (relations changed, added and removed, actors, offices and
        /// sources changed, errors made and mended, files added, deleted and renamed): after
        /// each, a load through the cache gives what a cold load gives, and so does the next
        /// load, from the snapshot it wrote; so does a load that keeps no graph, before or after
        /// one that does.
        #[test]
        fn random_edit_sequences_load_as_cold_loads_do(
            edits in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), prop::sample::select(vec![
                ("text: \"", "text: \"So "), ("confidence: ", "confidence: 0"), ("since: \"", "since: \"1"),
                ("Relation(", "Relation(note: \"n\", "), ("evidence: [", "evidence: [], x: ["),
                ("object: \"", "object: \"z"), ("name: \"", "name: \"New "), ("Country(id: \"", "Country(id: \"x"),
                ("relations: [", "relations: [Relation(subject: \"russia\", kind: \"at_war_with\", object: \"iran\"), "),
                ("Relation(", "Relation(id: \"dup\", "), ("),\n", "),\n// c\n"), ("evidence: [", "evidence: [/* c */"),
                ("title: \"", "title: \"The "), ("publisher: \"", "publisher: \"x\", publisher: \""),
                ("Office(title: \"", "Office(title: \"Acting "), ("until: \"2008", "until: \"2009"),
                ("", "DELETE"), ("", "NEW"), ("", "RENAME"),
            ]), any::<bool>()), 1..6),
            texts: bool,
        ) {
            let s = setup_with(&seed_files(), texts);
            same_as_cold(&s);
            for (file, nth, (pattern, replacement), counted_first) in edits {
                let mut names: Vec<PathBuf> = crate::discover(&s.data).unwrap();
                names.sort();
                let path = file.get(&names).clone();
                match replacement {
                    "DELETE" => fs::remove_file(&path).unwrap(),
                    "NEW" => fs::write(
                        s.data.join(format!("new-{}.ron", names.len())),
                        "Graph(relations: [Relation(subject: \"russia\", kind: \"mediation\", object: \"hamas\", evidence: [])])",
                    )
                    .unwrap(),
                    // Read in another place among the files.
                    "RENAME" => fs::rename(&path, s.data.join(format!("renamed-{}.ron", names.len()))).unwrap(),
                    _ => {
                        let mut text = fs::read_to_string(&path).unwrap();
                        let at: Vec<usize> = text.match_indices(pattern).map(|(i, _)| i).collect();
                        if !at.is_empty() {
                            let i = *nth.get(&at);
                            text.replace_range(i..i + pattern.len(), replacement);
                            fs::write(&path, text).unwrap();
                        }
                    }
                }
                // A check first (a load that keeps no graph) reads the parts' tallies, and
                // writes the parts of the files it read, which the next load of the graph uses.
                if counted_first {
                    counts_same_as_cold(&s);
                    counts_same_as_cold(&s);
                }
                // What a load wrote, the next load reads back as a whole (the snapshot and the
                // parts it refers to, some of them written by earlier loads).
                if let CacheStatus::Miss { written: true } | CacheStatus::Updated { written: true, .. } = same_as_cold(&s) {
                    prop_assert_eq!(same_as_cold(&s), CacheStatus::Hit);
                }
            }
        }
    }
}
