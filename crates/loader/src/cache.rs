//! A cache of validated graphs, so that repeated commands on unchanged data skip parsing.
//!
//! A snapshot holds the validated graph, where every entry is, and the warnings of the load.
//! It is keyed by the snapshot format, the tool version, the data path, the name and the
//! content hash (xxh3-128) of every data file, and the built-in vocabulary; the content hash and
//! path of every source text that validation read are stored beside it and checked too. Every
//! command hashes every file again before it uses a snapshot (modification times are never
//! trusted), so a snapshot cannot answer for data that changed. A snapshot that is truncated,
//! corrupt (its checksum does not match) or inconsistent is ignored and rebuilt. Snapshots of
//! data with errors are never written. Loads with `LoadOptions::sources` bypass the cache.
//!
//! File layout, all integers little-endian:
//!
//! ```text
//! MAGIC | format u32 | key digest u128 | section count u32
//!       | (length u64, xxh3-128 u128) per section | xxh3-128 u128 of the table | sections
//! ```
//!
//! Section 0 is the [`Head`] (everything but the relations and the locations), section 1 the
//! [`Locations`] (read only when the texts are), sections 2.. chunks of relations; all postcard.
//! The head lists where the relations are, in order ([`Segment`]): chunks in the snapshot's
//! sections, or the per-file parts of [`crate::parts`], named by the file's hash, the context
//! and the hash of the part's body, so that the relations a part holds are not written twice
//! and an edit rewrites one part and a small snapshot. Sections and parts are read and decoded
//! on all cores, each checked against its own hash, so the snapshot is never held in memory
//! whole; a part that is missing or not exactly the one named makes the snapshot unusable.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};

use diplograph_core::{Actor, Graph, Origin, Relation, Source, Vocabulary};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::{Xxh3, xxh3_128};

use crate::cancel::Cancel;
use crate::confine::{Refusal, open_regular, read_regular};
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::files::SourceFile;
use crate::journal::before_reading;
use crate::load::unread_inputs;
use crate::load::{DEFAULT_VOCABULARY, DEFAULT_VOCABULARY_NAME, Input, LoadOptions, Loaded, Location, Locations};
use crate::load::{dataset_files, display_name, load_inputs, load_reusing, read_inputs, text_of, unless_cancelled};
use crate::manifest::Layout;
use crate::parts::{Parts, ReadFrom, Reading, Segment, private_dir, private_file};

/// The first bytes of every snapshot file.
const MAGIC: &[u8; 20] = b"diplograph snapshot\n";

/// The version of the snapshot layout; bumped whenever what is stored changes shape.
pub const SNAPSHOT_FORMAT: u32 = 5;

/// Relations per section, so that sections are encoded and decoded on all cores.
const CHUNK: usize = 32_768;

/// Where snapshots are kept, the version of the tool that reads and writes them, and whether the
/// caller needs the files' texts.
#[derive(Clone, Debug)]
pub struct Cache {
    /// The directory holding snapshots, one per data path; created when needed.
    pub dir: PathBuf,
    /// The tool's version: a snapshot written by another version is never used.
    pub version: String,
    /// Whether the caller needs the texts of the files ([`SourceFile::text`]) and where entries
    /// are ([`Loaded::locations`]), for positions in messages, and the full texts of sources
    /// ([`Loaded::full_texts`]). Without them a hit leaves every data file's text, the locations
    /// and the full texts empty, which saves reading the files into memory (they are still
    /// hashed). When the snapshot holds diagnostics to show, each file is still read as far as
    /// the last line they point at, and no further; the locations are not read.
    pub texts: bool,
    /// Whether the caller shows the warnings of the load. Without it, and without `texts`, a
    /// hit on a snapshot that holds warnings (only valid data is cached: they are all
    /// warnings) leaves them out of the load rather than read every file to place them.
    pub warnings: bool,
}

/// What the cache did for one load.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CacheStatus {
    /// A snapshot matched the data and was used: nothing was parsed.
    Hit,
    /// There was no usable snapshot: the data was parsed; `written` says whether a snapshot of
    /// it was saved (never when the data has errors).
    Miss {
        /// Whether a snapshot was written.
        written: bool,
    },
    /// The data changed since the last snapshot, but the relations of `reused` files were taken
    /// from their per-file snapshots: only the other `read` files were read in full.
    Updated {
        /// Files whose relations were taken from their snapshots.
        reused: usize,
        /// Files read in full.
        read: usize,
        /// Whether a snapshot of the whole load was written.
        written: bool,
    },
    /// The cache does not apply to this load (quotes checked against `--sources` texts).
    Bypassed,
}

/// Everything in a snapshot but the relations.
#[derive(Serialize, Deserialize)]
struct Head {
    /// Source texts read while validating, with the xxh3-128 of their bytes.
    source_texts: Vec<(PathBuf, u128)>,
    /// The sources with a full text, with the xxh3-128 of that text (one of `source_texts`).
    full_texts: Vec<(Box<str>, u128)>,
    /// Whether the built-in vocabulary was used (it is then the last file).
    builtin_vocabulary: bool,
    diagnostics: Vec<Diagnostic>,
    vocabulary: Vocabulary,
    sources: Vec<Source>,
    actors: Vec<Actor>,
    relation_count: u64,
    /// Where the relations are, in order: chunks in this snapshot's sections, or the parts
    /// of data files, which then are not copied here.
    segments: Vec<Segment>,
}

/// The same, borrowed from a load, for writing (postcard encodes both alike): a snapshot is
/// written after every load that changed something, and copying a hundred thousand actors to
/// write them costs as much as writing them.
#[derive(Serialize)]
struct HeadOut<'a> {
    source_texts: Vec<(PathBuf, u128)>,
    full_texts: Vec<(&'a str, u128)>,
    builtin_vocabulary: bool,
    diagnostics: &'a [Diagnostic],
    vocabulary: &'a Vocabulary,
    sources: Vec<&'a Source>,
    actors: Vec<&'a Actor>,
    relation_count: u64,
    segments: Vec<Segment>,
}

/// One data file: its path, the name shown in messages, and the xxh3-128 of its bytes.
struct Hashed {
    path: PathBuf,
    name: String,
    hash: u128,
}

/// Hashes every data file at `root` and in the datasets it includes on all cores, reading each
/// through a small buffer; and how the dataset is made of them.
fn hash_files(root: &Path) -> Result<(Vec<Hashed>, Layout), Error> {
    let (paths, layout) = dataset_files(root)?;
    let hashed = paths
        .into_par_iter()
        .map_init(
            || vec![0u8; 1 << 20],
            |buffer, path| {
                let (hash, _) = read_hashed(&path, buffer, None).map_err(|reason| match reason {
                    Refusal::Io(source) => Error::Io { path: path.clone(), source },
                    reason => Error::NotRead { path: path.clone(), reason },
                })?;
                Ok(Hashed { name: display_name(root, &path), path, hash })
            },
        )
        .collect::<Result<_, Error>>()?;
    Ok((hashed, layout))
}

/// Reads the regular file at `path` through `buffer`: the xxh3-128 of all its bytes and, when
/// `keep` is given, its first bytes up to the end of the line holding byte `keep` (the whole
/// file if shorter).
fn read_hashed(path: &Path, buffer: &mut [u8], keep: Option<usize>) -> Result<(u128, Vec<u8>), Refusal> {
    let mut file = open_regular(path)?;
    let mut hasher = Xxh3::new();
    let mut kept = Vec::new();
    let mut keeping = keep.is_some();
    loop {
        let n = file.read(buffer).map_err(Refusal::Io)?;
        if n == 0 {
            break;
        }
        let read = &buffer[..n];
        hasher.update(read);
        if keeping {
            let from = kept.len();
            kept.extend_from_slice(read);
            let need = keep.unwrap_or_default().max(from);
            if let Some(end) = kept.get(need..).and_then(|rest| rest.iter().position(|&b| b == b'\n')) {
                kept.truncate(need + end + 1);
                keeping = false;
            }
        }
    }
    Ok((hasher.digest128(), kept))
}

/// The identity of a dataset's content, as one digest.
fn key_digest(cache: &Cache, root: &Path, files: &[Hashed], layout: &Layout) -> u128 {
    let mut key = Vec::new();
    let mut field = |bytes: &[u8]| {
        key.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        key.extend_from_slice(bytes);
    };
    field(&SNAPSHOT_FORMAT.to_le_bytes());
    field(cache.version.as_bytes());
    field(root.to_string_lossy().as_bytes());
    field(&xxh3_128(DEFAULT_VOCABULARY.as_bytes()).to_le_bytes());
    for f in files {
        field(f.name.as_bytes());
        field(&f.hash.to_le_bytes());
    }
    // The manifests decide what joins and whether the built-in vocabulary is used.
    for m in &layout.manifests {
        field(m.name.as_bytes());
        field(m.text.as_bytes());
    }
    xxh3_128(&key)
}

/// The snapshot file of the data at `root` (a canonical path).
fn snapshot_path(cache: &Cache, root: &Path) -> PathBuf {
    cache.dir.join(format!("{:032x}.snapshot", xxh3_128(root.to_string_lossy().as_bytes())))
}

/// Loads the dataset at `root` like [`load`](crate::load), through the cache in `cache`.
///
/// Environment errors are those of [`load`](crate::load); problems with the cache itself (an
/// unreadable, corrupt or unwritable snapshot) are not errors: the data is then parsed.
pub fn load_cached(root: &Path, options: &LoadOptions, cache: &Cache) -> Result<(Loaded, CacheStatus), Error> {
    // Held while the files are hashed and read, so that an edit does not replace them meanwhile.
    let read_lock = before_reading(root);
    options.cancel.check()?;
    if options.sources.is_some() {
        // Source texts outside the data: read the files.
        let (inputs, layout) = read_inputs(root, &options.cancel)?;
        drop(read_lock);
        return Ok((unless_cancelled(load_inputs(inputs, &layout, options), options)?, CacheStatus::Bypassed));
    }
    let canonical = fs::canonicalize(root).unwrap_or_else(|_| root.to_owned());
    let path = snapshot_path(cache, &canonical);
    let parts = Parts::new(&cache.dir, &canonical, &cache.version);
    // A load that keeps no graph has no use for the graph's snapshot, nor for the files hashed
    // ahead to find it: the load hashes each file as it reads it, to find its part.
    let (inputs, layout, key) = if options.counts_only {
        let (inputs, layout) = unread_inputs(root)?;
        (inputs, layout, None)
    } else {
        let (hashed, layout) = hash_files(root)?;
        let digest = key_digest(cache, &canonical, &hashed, &layout);
        let hashes: Vec<u128> = hashed.iter().map(|h| h.hash).collect();
        // Read by the load itself, one file at a time, unless a hit read them already.
        let unread: Vec<Input> = hashed.iter().map(|h| Input::unread(h.path.clone(), h.name.clone())).collect();
        let inputs = match read_snapshot(&path, digest, &parts) {
            Some(snapshot) => match assemble_hit(root, hashed, &layout, snapshot, cache, &options.cancel)? {
                Ok(loaded) => return Ok((unless_cancelled(loaded, options)?, CacheStatus::Hit)),
                // Unusable (a file changed since it was hashed, or a source text changed).
                Err(inputs) => inputs,
            },
            None => None,
        };
        (inputs.unwrap_or(unread), layout, Some((digest, hashes)))
    };
    // The files that did not change since a load wrote their parts are not read again.
    let (loaded, reading) = load_reusing(inputs, &layout, options, options.without_texts, true, Some(&parts));
    drop(read_lock);
    // Nothing is written for a load cancelled on the way.
    let loaded = unless_cancelled(loaded, options)?;
    // The parts first: the snapshot refers to them rather than hold their relations again.
    let segments = match &reading {
        Some(reading) => parts.write(&loaded, reading),
        None => Vec::new(),
    };
    // Under the key of the bytes hashed first only if the load read those bytes: a file saved
    // in between (by an editor, which takes no lock) would otherwise leave a snapshot of the new
    // bytes under the old ones' key, stale once the file is put back.
    let written = key.is_some_and(|(digest, hashes)| {
        loaded.graph.is_some()
            && read_as_hashed(root, reading.as_ref(), &hashes)
            && write(&loaded, &path, digest, &segments).is_ok()
    });
    let Some(reading) = reading else { return Ok((loaded, CacheStatus::Miss { written })) };
    let reused = reading.files.iter().filter(|(_, read)| matches!(read, Some((_, ReadFrom::Part(_))))).count();
    let status = match reused {
        0 => CacheStatus::Miss { written },
        _ => CacheStatus::Updated { reused, read: reading.files.len() - reused, written },
    };
    Ok((loaded, status))
}

/// Whether a load read the bytes `hashes` were taken of, file by file: the hashes it took as it
/// read them, or, when it kept none (a file read the careful way), the files hashed again.
fn read_as_hashed(root: &Path, reading: Option<&Reading>, hashes: &[u128]) -> bool {
    let same = |read: &mut dyn ExactSizeIterator<Item = u128>| {
        read.len() == hashes.len() && read.zip(hashes).all(|(a, b)| a == *b)
    };
    match reading {
        Some(r) => same(&mut r.files.iter().map(|(hash, _)| *hash)),
        None => hash_files(root).is_ok_and(|(again, _)| same(&mut again.iter().map(|h| h.hash))),
    }
}

/// A decoded snapshot.
struct Snapshot {
    head: Head,
    /// Where the locations section is: offset, length, hash.
    locations: (u64, usize, u128),
    relations: Chunks,
}

/// Reads `len` bytes at `offset` of `path` into `buffer` and checks their hash.
fn read_section<'b>(path: &Path, offset: u64, len: usize, hash: u128, buffer: &'b mut Vec<u8>) -> Option<&'b [u8]> {
    let mut file = open_regular(path).ok()?;
    file.seek(SeekFrom::Start(offset)).ok()?;
    buffer.resize(len, 0);
    file.read_exact(buffer).ok()?;
    (xxh3_128(buffer) == hash).then_some(&buffer[..])
}

/// Reads and decodes a snapshot, checking the magic, format, key and every hash; `None` when
/// any of them does not match or anything cannot be read or decoded.
fn read_snapshot(path: &Path, digest: u128, parts: &Parts) -> Option<Snapshot> {
    // A regular file only: a link planted in the cache is not followed, a FIFO not waited on.
    let mut file = open_regular(path).ok()?;
    let mut fixed = [0u8; 20 + 4 + 16 + 4];
    file.read_exact(&mut fixed).ok()?;
    let rest = fixed.strip_prefix(MAGIC)?;
    let (format, rest) = rest.split_at(4);
    let (key, count) = rest.split_at(16);
    if u32::from_le_bytes(format.try_into().ok()?) != SNAPSHOT_FORMAT
        || u128::from_le_bytes(key.try_into().ok()?) != digest
    {
        return None;
    }
    let count = u32::from_le_bytes(count.try_into().ok()?) as usize;
    let size = file.metadata().ok()?.len();
    if count == 0 || (count as u64).checked_mul(24)? > size {
        return None;
    }
    let mut table = vec![0u8; count * 24 + 16];
    file.read_exact(&mut table).ok()?;
    let (entries, table_hash) = table.split_at(count * 24);
    if xxh3_128(entries) != u128::from_le_bytes(table_hash.try_into().ok()?) {
        return None;
    }
    let mut sections = Vec::with_capacity(count);
    let mut offset = (fixed.len() + table.len()) as u64;
    for entry in entries.chunks_exact(24) {
        let len = u64::from_le_bytes(entry[..8].try_into().ok()?);
        let hash = u128::from_le_bytes(entry[8..].try_into().ok()?);
        if offset.checked_add(len)? > size {
            return None;
        }
        sections.push((offset, usize::try_from(len).ok()?, hash));
        offset += len;
    }
    let (&(head_offset, head_len, head_hash), rest) = sections.split_first()?;
    let (&locations, chunks) = rest.split_first()?;
    let mut buffer = Vec::new();
    let head = postcard::from_bytes::<Head>(read_section(path, head_offset, head_len, head_hash, &mut buffer)?).ok()?;
    // The relations, in order: chunks of this snapshot and the parts it names.
    let mut chunks = chunks.iter();
    let mut pending = Vec::with_capacity(head.segments.len());
    for segment in &head.segments {
        match *segment {
            Segment::Sections(n) => {
                for _ in 0..n {
                    pending.push(Piece::Section(*chunks.next()?));
                }
            }
            part => pending.push(Piece::Part(part)),
        }
    }
    if chunks.next().is_some() {
        return None;
    }
    pending.reverse();
    let relations = Chunks {
        path: path.to_owned(),
        parts: parts.clone(),
        pending,
        batches: None,
        current: Vec::new().into_iter().flatten(),
        left: usize::try_from(head.relation_count).ok()?,
        emitted: 0,
        failed: false,
    };
    Some(Snapshot { head, locations, relations })
}

/// Decoded chunks of relations, a batch at a time; `None` when a section could not be read or
/// decoded.
type Batch = Option<Vec<Vec<Relation>>>;

/// Where a run of a snapshot's relations is kept.
#[derive(Clone, Copy)]
enum Piece {
    /// A section of the snapshot: offset, length, hash.
    Section((u64, usize, u128)),
    /// A data file's part.
    Part(Segment),
}

/// The relations of a snapshot, decoded a batch of chunks (sections of the snapshot, or parts)
/// at a time on all cores by a thread of their own while the graph is built from the previous
/// batch, so that decoding and building overlap and the memory of decoded chunks is reused
/// rather than held all at once.
struct Chunks {
    path: PathBuf,
    parts: Parts,
    /// Pieces not yet decoded, last first; handed to the decoding thread on first use.
    pending: Vec<Piece>,
    batches: Option<std::sync::mpsc::Receiver<Batch>>,
    current: std::iter::Flatten<std::vec::IntoIter<Vec<Relation>>>,
    /// Relations still to come, as the snapshot says.
    left: usize,
    /// Relations given so far: the index of the next one.
    emitted: u32,
    /// Whether a section could not be read or decoded, or the count was wrong.
    failed: bool,
}

impl Chunks {
    /// Starts the decoding thread: batches of chunks, decoded on the rayon pool, two ahead at most.
    fn start(&mut self) -> std::sync::mpsc::Receiver<Batch> {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Batch>(1);
        let (path, parts) = (self.path.clone(), self.parts.clone());
        let mut pending = std::mem::take(&mut self.pending);
        std::thread::spawn(move || {
            while !pending.is_empty() {
                let batch: Vec<_> = (0..2 * rayon::current_num_threads()).map_while(|_| pending.pop()).collect();
                let decoded = batch
                    .par_iter()
                    .map_init(Vec::new, |buffer, piece| match *piece {
                        Piece::Section((offset, len, hash)) => {
                            let bytes = read_section(&path, offset, len, hash, buffer)?;
                            postcard::from_bytes::<Vec<Relation>>(bytes).ok()
                        }
                        Piece::Part(part) => parts.relations(&part),
                    })
                    .collect::<Option<Vec<_>>>();
                let failed = decoded.is_none();
                // A closed channel means the graph was abandoned: stop.
                if sender.send(decoded).is_err() || failed {
                    return;
                }
            }
        });
        receiver
    }
}

impl Iterator for Chunks {
    type Item = Relation;

    fn next(&mut self) -> Option<Relation> {
        loop {
            if let Some(mut r) = self.current.next() {
                if self.left == 0 {
                    self.failed = true;
                    return None;
                }
                self.left -= 1;
                // A part may come from an earlier load, where the file's relations were
                // numbered from elsewhere: stated relations are numbered in order, as a build
                // numbers them (they come before the offices').
                if let Origin::Stated(_) = r.origin {
                    r.origin = Origin::Stated(self.emitted);
                }
                self.emitted += 1;
                return Some(r);
            }
            if self.failed {
                return None;
            }
            if self.batches.is_none() {
                let receiver = self.start();
                self.batches = Some(receiver);
            }
            match self.batches.as_ref().and_then(|b| b.recv().ok()) {
                Some(Some(chunks)) => self.current = chunks.into_iter().flatten(),
                Some(None) => {
                    self.failed = true;
                    return None;
                }
                // Every batch was received.
                None => {
                    self.failed |= self.left != 0;
                    return None;
                }
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl ExactSizeIterator for Chunks {}

/// The loaded dataset from a snapshot. `Ok(Err(inputs))` when the snapshot cannot be used after
/// all: a file changed after it was hashed (its bytes, read for their text, are returned to be
/// parsed), or a source text changed (`None`: read the files again).
fn assemble_hit(
    root: &Path,
    hashed: Vec<Hashed>,
    layout: &Layout,
    snapshot: Snapshot,
    cache: &Cache,
    cancel: &Cancel,
) -> Result<Result<Loaded, Option<Vec<Input>>>, Error> {
    let Snapshot { mut head, locations, mut relations } = snapshot;
    let texts = cache.texts;
    if !texts && !cache.warnings {
        head.diagnostics.clear();
    }
    let source_texts = head
        .source_texts
        .par_iter()
        .map(|(path, hash)| read_regular(path).ok().filter(|bytes| xxh3_128(bytes) == *hash))
        .collect::<Option<Vec<Vec<u8>>>>();
    let Some(source_texts) = source_texts else { return Ok(Err(None)) };
    // The full texts of sources, for showing quotes in their passages.
    let mut full_texts = BTreeMap::new();
    if texts {
        let by_hash: HashMap<u128, &[u8]> =
            head.source_texts.iter().zip(&source_texts).map(|((_, hash), bytes)| (*hash, &bytes[..])).collect();
        for (id, hash) in &head.full_texts {
            match by_hash.get(hash).and_then(|bytes| std::str::from_utf8(bytes).ok()) {
                Some(text) => full_texts.insert(id.clone(), text.to_owned()),
                None => return Ok(Err(None)),
            };
        }
    }
    drop(source_texts);
    let mut files: Vec<SourceFile> = if !texts && !head.diagnostics.is_empty() {
        // Only messages need the texts: each file up to the last line they show, the bytes
        // read still those hashed.
        match message_texts(&hashed, &head.diagnostics) {
            Some(files) => files,
            None => return Ok(Err(None)),
        }
    } else if texts {
        // Read again for the texts; the bytes must still be those hashed.
        let inputs = read_inputs(root, cancel)?.0;
        let same = inputs.len() == hashed.len()
            && inputs.par_iter().zip(&hashed).all(|(i, h)| i.name == h.name && xxh3_128(&i.bytes) == h.hash);
        if !same {
            return Ok(Err(Some(inputs)));
        }
        match inputs.into_par_iter().map(|i| text_of(i.path, i.name, i.bytes)).collect::<Option<Vec<_>>>() {
            Some(files) => files,
            None => return Ok(Err(None)),
        }
    } else {
        hashed
            .into_iter()
            .map(|h| SourceFile { path: h.path, name: h.name, text: String::new(), had_bom: false })
            .collect()
    };
    let data_files = files.len();
    if head.builtin_vocabulary {
        match text_of(PathBuf::new(), DEFAULT_VOCABULARY_NAME.into(), DEFAULT_VOCABULARY.as_bytes().to_vec()) {
            Some(f) => files.push(f),
            None => return Ok(Err(None)),
        }
    }
    // Then the manifests, as a load lists them.
    files.extend(layout.manifests.iter().cloned());
    let have_texts = texts || !head.diagnostics.is_empty();
    let locations = if texts {
        let (offset, len, hash) = locations;
        let mut buffer = Vec::new();
        let bytes = read_section(&relations.path, offset, len, hash, &mut buffer);
        match bytes.and_then(|b| postcard::from_bytes::<Locations>(b).ok()) {
            Some(l) => l,
            None => return Ok(Err(None)),
        }
    } else {
        Locations::default()
    };
    let fits = |file: usize, range: &std::ops::Range<usize>| {
        files.get(file).is_some_and(|f| {
            range.start <= range.end
                && (!have_texts
                    || (range.end <= f.text.len()
                        && f.text.is_char_boundary(range.start)
                        && f.text.is_char_boundary(range.end)))
        })
    };
    let l = &locations;
    let locations_fit = [&l.sources, &l.actors, &l.relations, &l.actor_kinds, &l.relation_kinds]
        .iter()
        .flat_map(|l| l.iter())
        .all(|l| fits(l.file, &l.range));
    let labels_fit =
        head.diagnostics.iter().flat_map(|d| d.primary.iter().chain(&d.secondary)).all(|l| fits(l.file, &l.range));
    if !locations_fit || !labels_fit {
        return Ok(Err(None));
    }
    let graph = Graph::from_parts(head.vocabulary, head.sources, head.actors, &mut relations);
    let Some(graph) = graph.ok().filter(|_| !relations.failed && relations.left == 0) else {
        return Ok(Err(None));
    };
    Ok(Ok(Loaded {
        data_files,
        files,
        diagnostics: head.diagnostics,
        locations,
        source_texts: head.source_texts.into_iter().map(|(p, _)| p).collect(),
        full_texts,
        vocabulary: Some(graph.vocabulary().clone()),
        graph: Some(graph),
        counts: None,
    }))
}

/// The data files as far as `diagnostics` show them: each file's text up to the end of the
/// line of the last byte a label points at (none when no label is in it); `None` when a file
/// is not the one hashed any more, or not text.
fn message_texts(hashed: &[Hashed], diagnostics: &[Diagnostic]) -> Option<Vec<SourceFile>> {
    let mut need: Vec<Option<usize>> = vec![None; hashed.len()];
    for l in diagnostics.iter().flat_map(|d| d.primary.iter().chain(&d.secondary)) {
        if let Some(n) = need.get_mut(l.file) {
            *n = Some(n.unwrap_or_default().max(l.range.end));
        }
    }
    hashed
        .par_iter()
        .zip(need)
        .map_init(
            || vec![0u8; 1 << 20],
            |buffer, (h, need)| {
                let Some(need) = need else {
                    return Some(SourceFile {
                        path: h.path.clone(),
                        name: h.name.clone(),
                        text: String::new(),
                        had_bom: false,
                    });
                };
                // Labels count from after a byte order mark, which the file may start with.
                let (hash, bytes) = read_hashed(&h.path, buffer, Some(need + 3)).ok()?;
                (hash == h.hash).then(|| text_of(h.path.clone(), h.name.clone(), bytes))?
            },
        )
        .collect()
}

/// Writes a snapshot of a valid load, atomically (a temporary file renamed into place).
fn write(
    loaded: &Loaded,
    path: &Path,
    digest: u128,
    parts: &[Option<Segment>],
) -> Result<(), Box<dyn std::error::Error>> {
    let graph = loaded.graph.as_ref().ok_or("no graph")?;
    let relations: Vec<&Relation> = graph.relations().map(|(_, r)| r).collect();
    let (segments, runs) = plan(&relations, &loaded.locations.relations, parts);
    let source_texts = loaded
        .source_texts
        .iter()
        .map(|p| read_regular(p).map(|bytes| (p.clone(), xxh3_128(&bytes))))
        .collect::<Result<Vec<_>, _>>()?;
    let head = HeadOut {
        source_texts,
        full_texts: loaded.full_texts.iter().map(|(id, text)| (&**id, xxh3_128(text.as_bytes()))).collect(),
        builtin_vocabulary: loaded.files.iter().any(|f| f.name == DEFAULT_VOCABULARY_NAME),
        diagnostics: &loaded.diagnostics,
        vocabulary: graph.vocabulary(),
        sources: graph.sources().map(|(_, s)| s).collect(),
        actors: graph.actors().map(|(_, a)| a).collect(),
        relation_count: graph.relation_count() as u64,
        segments,
    };
    let chunks: Vec<&[&Relation]> = runs.iter().flat_map(|run| run.chunks(CHUNK)).collect();
    let chunks = chunks.par_iter().map(postcard::to_allocvec).collect::<Result<Vec<_>, _>>()?;
    let dir = path.parent().ok_or("no cache directory")?;
    private_dir(dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("snapshot");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    // Created new, readable by its owner only: never through a link planted at its name (a
    // stale one, left by a crash, is removed: a link itself, never what it points to).
    let _ = fs::remove_file(&tmp);
    let file = private_file(&tmp)?;
    let result = (|| -> Result<(), Box<dyn std::error::Error>> {
        let count = 2 + chunks.len();
        let mut file = std::io::BufWriter::new(file);
        file.write_all(MAGIC)?;
        file.write_all(&SNAPSHOT_FORMAT.to_le_bytes())?;
        file.write_all(&digest.to_le_bytes())?;
        file.write_all(&(count as u32).to_le_bytes())?;
        // The table of sections comes first but is known last: its room is kept, then filled.
        let table_at = (MAGIC.len() + 4 + 16 + 4) as u64;
        file.write_all(&vec![0; count * 24 + 16])?;
        // The head and the locations, the large sections, go straight to the file (hashed on
        // the way) rather than through a buffer that grows to their size.
        let mut table = Vec::with_capacity(count * 24 + 16);
        let mut entry = |len: u64, hash: u128| {
            table.extend_from_slice(&len.to_le_bytes());
            table.extend_from_slice(&hash.to_le_bytes());
        };
        let (len, hash) = stream(&head, &mut file)?;
        entry(len, hash);
        let (len, hash) = stream(&loaded.locations, &mut file)?;
        entry(len, hash);
        for chunk in &chunks {
            file.write_all(chunk)?;
            entry(chunk.len() as u64, xxh3_128(chunk));
        }
        let table_hash = xxh3_128(&table);
        table.extend_from_slice(&table_hash.to_le_bytes());
        let mut file = file.into_inner().map_err(|e| e.into_error())?;
        file.seek(SeekFrom::Start(table_at))?;
        file.write_all(&table)?;
        // No fsync: a snapshot cut short by a crash fails its hashes and is rebuilt.
        fs::rename(&tmp, path)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Writes `value`, encoded with postcard, to `out`; the length of its encoding and their
/// xxh3-128. The encoder's many small writes reach the hash in large blocks.
fn stream<T: Serialize>(value: &T, out: &mut impl std::io::Write) -> Result<(u64, u128), Box<dyn std::error::Error>> {
    let buffered = postcard::to_io(value, std::io::BufWriter::with_capacity(1 << 16, Hashing::new(out)))?;
    Ok(buffered.into_inner().map_err(|e| e.into_error())?.finish())
}

/// A writer that hashes and counts what goes through it to another.
struct Hashing<W> {
    inner: W,
    hasher: Xxh3,
    len: u64,
}

impl<W: std::io::Write> Hashing<W> {
    fn new(inner: W) -> Self {
        Hashing { inner, hasher: Xxh3::new(), len: 0 }
    }

    /// How many bytes went through, and their xxh3-128.
    fn finish(self) -> (u64, u128) {
        (self.len, self.hasher.digest128())
    }
}

impl<W: std::io::Write> std::io::Write for Hashing<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(bytes)?;
        self.hasher.update(&bytes[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Where a snapshot keeps the relations of a graph: the stated relations of each data file in
/// the file's part when it has one that holds them all, the others (and the relations of
/// offices, which come last) in the snapshot's own sections; the segments, and the runs of
/// relations to write in sections.
fn plan<'a, 'r>(
    relations: &'a [&'r Relation],
    located: &[Location],
    parts: &[Option<Segment>],
) -> (Vec<Segment>, Vec<&'a [&'r Relation]>) {
    let sections = |run: &[&Relation]| Segment::Sections(run.len().div_ceil(CHUNK) as u32);
    let in_order = located.len() <= relations.len() && located.windows(2).all(|w| w[0].file <= w[1].file);
    if !in_order || parts.is_empty() {
        return (vec![sections(relations)], vec![relations]);
    }
    let (mut segments, mut runs) = (Vec::new(), Vec::new());
    // The start of the relations not yet in a segment.
    let mut start = 0;
    let mut at = 0;
    while at < located.len() {
        let file = located[at].file;
        let end = at + located[at..].iter().take_while(|l| l.file == file).count();
        if let Some(Some(part @ Segment::Part { count, .. })) = parts.get(file) {
            if *count == (end - at) as u64 {
                if start < at {
                    segments.push(sections(&relations[start..at]));
                    runs.push(&relations[start..at]);
                }
                segments.push(*part);
                start = end;
            }
        }
        at = end;
    }
    if start < relations.len() {
        segments.push(sections(&relations[start..]));
        runs.push(&relations[start..]);
    }
    (segments, runs)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DATA: &str = r#"Graph(
    sources: [Source(id: "s", text: "s.txt")],
    actors: [Country(id: "a", name: "A"), Country(id: "b", name: "B")],
    relations: [Relation(subject: "a", kind: "war", object: "b", evidence: [Quote(source: "s", text: "x")])],
)"#;

    fn setup() -> (tempfile::TempDir, PathBuf, Cache) {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        fs::create_dir(&data).unwrap();
        fs::write(data.join("a.ron"), DATA).unwrap();
        fs::write(data.join("s.txt"), "x").unwrap();
        let cache = Cache { dir: tmp.path().join("cache"), version: "1.0.0".into(), texts: false, warnings: true };
        (tmp, data, cache)
    }

    fn status(data: &Path, cache: &Cache) -> CacheStatus {
        load_cached(data, &LoadOptions::default(), cache).unwrap().1
    }

    #[test]
    fn another_tool_version_never_reads_the_snapshot() {
        let (_tmp, data, cache) = setup();
        assert_eq!(status(&data, &cache), CacheStatus::Miss { written: true });
        assert_eq!(status(&data, &cache), CacheStatus::Hit);
        let other = Cache { version: "1.0.1".into(), ..cache.clone() };
        assert_eq!(status(&data, &other), CacheStatus::Miss { written: true });
        assert_eq!(status(&data, &other), CacheStatus::Hit);
        assert_eq!(status(&data, &cache), CacheStatus::Miss { written: true });
    }

    #[test]
    fn a_hit_gives_the_same_graph_and_texts_only_when_asked() {
        let (_tmp, data, cache) = setup();
        let cold = load_cached(&data, &LoadOptions::default(), &cache).unwrap().0;
        let (warm, s) = load_cached(&data, &LoadOptions::default(), &cache).unwrap();
        assert_eq!(s, CacheStatus::Hit);
        let (g1, g2) = (cold.graph.as_ref().unwrap(), warm.graph.as_ref().unwrap());
        assert_eq!(
            g1.actors().map(|(_, a)| a.clone()).collect::<Vec<_>>(),
            g2.actors().map(|(_, a)| a.clone()).collect::<Vec<_>>()
        );
        assert_eq!(
            g1.relations().map(|(_, r)| r.clone()).collect::<Vec<_>>(),
            g2.relations().map(|(_, r)| r.clone()).collect::<Vec<_>>()
        );
        assert_eq!(warm.files[0].text, "");
        assert!(warm.locations.relations.is_empty());
        assert!(warm.full_texts.is_empty());
        assert_eq!(cold.full_texts.get("s").map(String::as_str), Some("x"));
        let with_texts = Cache { texts: true, ..cache };
        let (warm, s) = load_cached(&data, &LoadOptions::default(), &with_texts).unwrap();
        assert_eq!(s, CacheStatus::Hit);
        assert_eq!(warm.files[0].text, DATA);
        assert_eq!(warm.full_texts, cold.full_texts);
        assert_eq!(cold.locations.relations, warm.locations.relations);
        assert_eq!(warm.position(&warm.locations.actors[1]), cold.position(&cold.locations.actors[1]));
    }

    #[test]
    fn a_hit_lists_the_files_a_load_lists_manifests_included() {
        let (_tmp, data, cache) = setup();
        fs::write(data.join("diplograph.ron"), "Dataset()").unwrap();
        let names = crate::fuzzing::file_names;
        let cold = crate::load(&data, &LoadOptions::default()).unwrap();
        assert!(names(&cold).1.iter().any(|n| n.ends_with("diplograph.ron")), "{:?}", names(&cold));
        for texts in [false, true] {
            let cache = Cache { texts, ..cache.clone() };
            let _ = load_cached(&data, &LoadOptions::default(), &cache).unwrap();
            let (warm, s) = load_cached(&data, &LoadOptions::default(), &cache).unwrap();
            assert_eq!(s, CacheStatus::Hit);
            assert_eq!(names(&warm), names(&cold));
        }
    }

    #[test]
    fn a_hit_reads_each_file_as_far_as_its_messages_show_it() {
        let (_tmp, data, cache) = setup();
        let bare = |text: &str| text.replace(r#"evidence: [Quote(source: "s", text: "x")]"#, "");
        // Warned about in its last relation, in a file that starts with a byte order mark.
        let marked =
            format!("\u{feff}{}", bare(&DATA.replace(r#"id: "b""#, r#"id: "b", name: "B"), Country(id: "c""#)));
        fs::write(data.join("a.ron"), &marked).unwrap();
        // No message in this one; one in its first line of relations in this.
        fs::write(data.join("b.ron"), "Graph(actors: [Country(id: \"d\", name: \"D\")])\n").unwrap();
        let second = "Graph(\n    relations: [\n        Relation(subject: \"a\", kind: \"war\", object: \"c\"),\n        Relation(subject: \"c\", kind: \"war\", object: \"d\", evidence: [Quote(source: \"s\", text: \"x\")]),\n    ],\n)\n";
        fs::write(data.join("c.ron"), second).unwrap();
        let cold = load_cached(&data, &LoadOptions::default(), &cache).unwrap().0;
        assert_eq!(cold.error_count(), 0, "{}", cold.render(false));
        let (warm, s) = load_cached(&data, &LoadOptions::default(), &cache).unwrap();
        assert_eq!(s, CacheStatus::Hit);
        assert_eq!(warm.render(false), cold.render(false));
        let texts: Vec<&str> = warm.files.iter().map(|f| f.text.as_str()).collect();
        let full = marked.trim_start_matches('\u{feff}');
        assert!(full.starts_with(texts[0]) && texts[0].ends_with("\n") && texts[0].len() < full.len(), "{texts:?}");
        assert_eq!(texts[1], "");
        let first_relation = second.find("Relation(subject: \"c\"").unwrap();
        assert_eq!(texts[2], &second[..first_relation - "        ".len()]);
        // A file whose bytes are not those hashed any more is not used: the load reads again.
        let c = data.join("c.ron");
        let stale = Hashed { path: c.clone(), name: "c.ron".into(), hash: xxh3_128(b"before") };
        assert!(message_texts(&[stale], &cold.diagnostics).is_none());
        // Up to the end of the line holding the byte asked for, whatever the reads' sizes.
        assert_eq!(read_hashed(&c, &mut [0; 7], Some(0)).unwrap().1, b"Graph(\n");
        assert_eq!(read_hashed(&c, &mut [0; 7], Some(1 << 20)).unwrap().1, second.as_bytes());
        assert_eq!(read_hashed(&c, &mut [0; 3], None).unwrap(), (xxh3_128(second.as_bytes()), Vec::new()));
    }

    #[test]
    fn a_snapshot_is_written_only_of_the_bytes_its_key_was_hashed_from() {
        let (_tmp, data, cache) = setup();
        let parts = Parts::new(&cache.dir, &fs::canonicalize(&data).unwrap(), &cache.version);
        let (hashed, layout) = hash_files(&data).unwrap();
        let hashes: Vec<u128> = hashed.iter().map(|h| h.hash).collect();
        let read = |hashed: &[Hashed]| {
            let inputs = hashed.iter().map(|h| Input::unread(h.path.clone(), h.name.clone())).collect();
            load_reusing(inputs, &layout, &LoadOptions::default(), true, true, Some(&parts)).1
        };
        let reading = read(&hashed);
        assert!(reading.is_some());
        assert!(read_as_hashed(&data, reading.as_ref(), &hashes));
        // Saved between the hashing and the reading: the load read other bytes.
        fs::write(data.join("a.ron"), DATA.replace("name: \"A\"", "name: \"Aa\"")).unwrap();
        assert!(!read_as_hashed(&data, read(&hashed).as_ref(), &hashes));
        // Read the careful way (relations before actors): the files are hashed again.
        let relations_first = "Graph(\n    relations: [],\n    sources: [Source(id: \"s\", text: \"s.txt\")],\n)";
        fs::write(data.join("a.ron"), relations_first).unwrap();
        let careful = read(&hashed);
        assert!(careful.is_none());
        assert!(!read_as_hashed(&data, careful.as_ref(), &hashes));
        fs::write(data.join("a.ron"), DATA).unwrap();
        assert!(read_as_hashed(&data, None, &hashes));
    }

    /// The snapshot file of `data`.
    fn snapshot_of(data: &Path, cache: &Cache) -> PathBuf {
        snapshot_path(cache, &fs::canonicalize(data).unwrap())
    }

    /// `status`, failing rather than hanging when the load does not return in 20 seconds.
    fn status_in_time(data: &Path, cache: &Cache) -> CacheStatus {
        let (data, cache) = (data.to_owned(), cache.clone());
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || send.send(status(&data, &cache)));
        receive.recv_timeout(std::time::Duration::from_secs(20)).expect("the load hangs")
    }

    #[cfg(unix)]
    #[test]
    fn the_cache_is_private_and_written_through_no_link() {
        use std::os::unix::fs::PermissionsExt as _;
        let (tmp, data, cache) = setup();
        let snapshot = snapshot_of(&data, &cache);
        fs::create_dir_all(&cache.dir).unwrap();
        fs::set_permissions(&cache.dir, fs::Permissions::from_mode(0o777)).unwrap();
        // A link planted at the temporary name and one at the snapshot's: neither is followed.
        let victim = tmp.path().join("victim");
        fs::write(&victim, "keep").unwrap();
        let name = snapshot.file_name().unwrap().to_str().unwrap();
        let planted = cache.dir.join(format!(".{name}.{}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        std::os::unix::fs::symlink(&victim, &snapshot).unwrap();
        assert_eq!(status(&data, &cache), CacheStatus::Miss { written: true });
        assert_eq!(fs::read_to_string(&victim).unwrap(), "keep");
        let meta = fs::symlink_metadata(&snapshot).unwrap();
        assert!(meta.is_file());
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
        assert_eq!(fs::metadata(&cache.dir).unwrap().permissions().mode() & 0o777, 0o700);
        assert_eq!(status(&data, &cache), CacheStatus::Hit);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_at_the_snapshot_path_is_neither_waited_on_nor_kept() {
        let (_tmp, data, cache) = setup();
        let snapshot = snapshot_of(&data, &cache);
        fs::create_dir_all(&cache.dir).unwrap();
        let made = std::process::Command::new("mkfifo").arg(&snapshot).status().unwrap();
        assert!(made.success());
        assert_eq!(status_in_time(&data, &cache), CacheStatus::Miss { written: true });
        assert!(fs::symlink_metadata(&snapshot).unwrap().is_file());
        assert_eq!(status_in_time(&data, &cache), CacheStatus::Hit);
    }

    /// `bytes` (a snapshot) with its section and table hashes made right again; as it is when
    /// its table no longer fits in it.
    fn rehashed(mut bytes: Vec<u8>) -> Vec<u8> {
        let fixed = 20 + 4 + 16 + 4;
        let count = u32::from_le_bytes(bytes[fixed - 4..fixed].try_into().unwrap()) as usize;
        let table_end = fixed + count * 24;
        if table_end + 16 > bytes.len() {
            return bytes;
        }
        let mut offset = table_end + 16;
        for i in 0..count {
            let entry = fixed + i * 24;
            let len = u64::from_le_bytes(bytes[entry..entry + 8].try_into().unwrap()) as usize;
            let Some(section) = offset.checked_add(len).and_then(|end| bytes.get(offset..end)) else {
                return bytes;
            };
            let hash = xxh3_128(section);
            bytes[entry + 8..entry + 24].copy_from_slice(&hash.to_le_bytes());
            offset += len;
        }
        let table = xxh3_128(&bytes[fixed..table_end]);
        bytes[table_end..table_end + 16].copy_from_slice(&table.to_le_bytes());
        bytes
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// A snapshot damaged anywhere is rebuilt; one forged with its hashes made right again
        /// is trusted as the docs say (the cache trusts its private directory), but never makes
        /// the load fail or panic.
        #[test]
        fn a_damaged_snapshot_is_rebuilt_and_a_forged_one_never_panics(at in 0usize..4096, byte: u8) {
            let (_tmp, data, cache) = setup();
            let cache = Cache { texts: true, ..cache };
            proptest::prop_assert_eq!(status(&data, &cache), CacheStatus::Miss { written: true });
            let snapshot = snapshot_of(&data, &cache);
            let good = fs::read(&snapshot).unwrap();
            let at = at % good.len();
            let mut bad = good.clone();
            bad[at] ^= byte | 1;
            fs::write(&snapshot, &bad).unwrap();
            // Not used: the files are read again (perhaps with their per-file parts).
            let rebuilt = status(&data, &cache);
            proptest::prop_assert!(rebuilt != CacheStatus::Hit, "{:?}", rebuilt);
            proptest::prop_assert_eq!(fs::read(&snapshot).unwrap(), good);
            let forged = rehashed(bad);
            fs::write(&snapshot, &forged).unwrap();
            let (loaded, _) = load_cached(&data, &LoadOptions::default(), &cache).unwrap();
            proptest::prop_assert!(loaded.graph.is_some());
        }
    }

    #[test]
    fn a_hit_for_a_caller_that_shows_no_warnings_leaves_them_and_the_texts_out() {
        let (_tmp, data, cache) = setup();
        // A relation without evidence: warnings.
        let warned = DATA.replace(r#"evidence: [Quote(source: "s", text: "x")]"#, "");
        fs::write(data.join("a.ron"), &warned).unwrap();
        let cold = load_cached(&data, &LoadOptions::default(), &cache).unwrap().0;
        assert_eq!(cold.error_count(), 0);
        assert!(cold.warning_count() > 0);
        // Shown: the texts are read to place it.
        let (shown, s) = load_cached(&data, &LoadOptions::default(), &cache).unwrap();
        assert_eq!(s, CacheStatus::Hit);
        assert_eq!(shown.render(false), cold.render(false));
        // Up to the line of the relation the warning points at: not the closing line.
        let relation_line = warned.find("Relation(").unwrap();
        let line_end = relation_line + warned[relation_line..].find('\n').unwrap() + 1;
        assert_eq!(shown.files[0].text, warned[..line_end]);
        // Not shown: neither the warning nor the texts.
        let quiet = Cache { warnings: false, ..cache };
        let (hit, s) = load_cached(&data, &LoadOptions::default(), &quiet).unwrap();
        assert_eq!(s, CacheStatus::Hit);
        assert!(hit.diagnostics.is_empty());
        assert_eq!(hit.files[0].text, "");
        assert_eq!(hit.graph.map(|g| g.relation_count()), Some(1));
    }

    #[test]
    fn sources_texts_bypass_the_cache() {
        let (tmp, data, cache) = setup();
        let options = LoadOptions { sources: Some(tmp.path().to_owned()), ..Default::default() };
        assert_eq!(load_cached(&data, &options, &cache).unwrap().1, CacheStatus::Bypassed);
        assert!(!cache.dir.exists());
    }
}
