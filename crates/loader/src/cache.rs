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
//! MAGIC | format u32 | key digest u128 | checksum u128 of the rest | sections...
//! section = length u64 | postcard bytes; section 0 = Head, sections 1.. = chunks of relations
//! ```

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use diplograph_core::{Actor, Graph, Relation, Source, Vocabulary};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_128;

use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::files::SourceFile;
use crate::load::{DEFAULT_VOCABULARY, DEFAULT_VOCABULARY_NAME, Input, LoadOptions, Loaded, Locations};
use crate::load::{load_inputs, read_inputs, text_of};

/// The first bytes of every snapshot file.
const MAGIC: &[u8; 20] = b"diplograph snapshot\n";

/// The version of the snapshot layout; bumped whenever what is stored changes shape.
pub const SNAPSHOT_FORMAT: u32 = 1;

/// Relations per section, so that sections are encoded and decoded on all cores.
const CHUNK: usize = 65_536;

/// Where snapshots are kept, and the version of the tool that reads and writes them.
#[derive(Clone, Debug)]
pub struct Cache {
    /// The directory holding snapshots, one per data path; created when needed.
    pub dir: PathBuf,
    /// The tool's version: a snapshot written by another version is never used.
    pub version: String,
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
    /// The cache does not apply to this load (quotes checked against `--sources` texts).
    Bypassed,
}

/// Everything in a snapshot but the relations.
#[derive(Serialize, Deserialize)]
struct Head {
    /// Source texts read while validating, with the xxh3-128 of their bytes.
    source_texts: Vec<(PathBuf, u128)>,
    /// Whether the built-in vocabulary was used (it is then the last file).
    builtin_vocabulary: bool,
    diagnostics: Vec<Diagnostic>,
    locations: Locations,
    vocabulary: Vocabulary,
    sources: Vec<Source>,
    actors: Vec<Actor>,
    relation_count: u64,
}

/// The identity of a dataset's content, as one digest.
fn key_digest(cache: &Cache, root: &Path, inputs: &[Input], hashes: &[u128]) -> u128 {
    let mut key = Vec::new();
    let mut field = |bytes: &[u8]| {
        key.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        key.extend_from_slice(bytes);
    };
    field(&SNAPSHOT_FORMAT.to_le_bytes());
    field(cache.version.as_bytes());
    field(root.to_string_lossy().as_bytes());
    field(&xxh3_128(DEFAULT_VOCABULARY.as_bytes()).to_le_bytes());
    for (input, hash) in inputs.iter().zip(hashes) {
        field(input.name.as_bytes());
        field(&hash.to_le_bytes());
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
    let inputs = read_inputs(root)?;
    if options.sources.is_some() {
        return Ok((load_inputs(inputs, options), CacheStatus::Bypassed));
    }
    let canonical = fs::canonicalize(root).unwrap_or_else(|_| root.to_owned());
    let hashes: Vec<u128> = inputs.par_iter().map(|i| xxh3_128(&i.bytes)).collect();
    let digest = key_digest(cache, &canonical, &inputs, &hashes);
    let path = snapshot_path(cache, &canonical);
    if let Some(snapshot) = fs::read(&path).ok().and_then(|bytes| decode(&bytes, digest)) {
        if let Some(loaded) = assemble_hit(inputs, snapshot) {
            return Ok((loaded, CacheStatus::Hit));
        }
        // Unusable (a source text changed): parse again from the files.
        let inputs = read_inputs(root)?;
        return Ok(miss(inputs, options, &path, digest));
    }
    Ok(miss(inputs, options, &path, digest))
}

fn miss(inputs: Vec<Input>, options: &LoadOptions, path: &Path, digest: u128) -> (Loaded, CacheStatus) {
    let loaded = load_inputs(inputs, options);
    let written = loaded.graph.is_some() && write(&loaded, path, digest).is_ok();
    (loaded, CacheStatus::Miss { written })
}

/// A decoded snapshot.
struct Snapshot {
    head: Head,
    relations: Vec<Relation>,
}

/// Reads a snapshot's sections, checking the magic, format, key and checksum; `None` when any
/// of them does not match or anything cannot be decoded.
fn decode(bytes: &[u8], digest: u128) -> Option<Snapshot> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let (format, rest) = rest.split_at_checked(4)?;
    let (key, rest) = rest.split_at_checked(16)?;
    let (checksum, body) = rest.split_at_checked(16)?;
    if u32::from_le_bytes(format.try_into().ok()?) != SNAPSHOT_FORMAT
        || u128::from_le_bytes(key.try_into().ok()?) != digest
        || u128::from_le_bytes(checksum.try_into().ok()?) != xxh3_128(body)
    {
        return None;
    }
    let mut sections = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        let (len, tail) = rest.split_at_checked(8)?;
        let len = usize::try_from(u64::from_le_bytes(len.try_into().ok()?)).ok()?;
        let (section, tail) = tail.split_at_checked(len)?;
        sections.push(section);
        rest = tail;
    }
    let (head, chunks) = sections.split_first()?;
    let (head, chunks) = rayon::join(
        || postcard::from_bytes::<Head>(head).ok(),
        || chunks.par_iter().map(|c| postcard::from_bytes::<Vec<Relation>>(c).ok()).collect::<Option<Vec<_>>>(),
    );
    let (head, chunks) = (head?, chunks?);
    let mut relations = Vec::with_capacity(usize::try_from(head.relation_count).ok()?.min(bytes.len()));
    for chunk in chunks {
        relations.extend(chunk);
    }
    (relations.len() as u64 == head.relation_count).then_some(Snapshot { head, relations })
}

/// The loaded dataset from a snapshot and the files' texts; `None` when a source text changed or
/// the snapshot does not fit the files.
fn assemble_hit(inputs: Vec<Input>, snapshot: Snapshot) -> Option<Loaded> {
    let Snapshot { head, relations } = snapshot;
    let texts_unchanged =
        head.source_texts.par_iter().all(|(path, hash)| fs::read(path).is_ok_and(|bytes| xxh3_128(&bytes) == *hash));
    if !texts_unchanged {
        return None;
    }
    let mut files: Vec<SourceFile> =
        inputs.into_par_iter().map(|i| text_of(i.path, i.name, i.bytes)).collect::<Option<Vec<_>>>()?;
    if head.builtin_vocabulary {
        files.push(text_of(PathBuf::new(), DEFAULT_VOCABULARY_NAME.into(), DEFAULT_VOCABULARY.as_bytes().to_vec())?);
    }
    let locations_fit = [
        &head.locations.sources,
        &head.locations.actors,
        &head.locations.relations,
        &head.locations.actor_kinds,
        &head.locations.relation_kinds,
    ]
    .iter()
    .flat_map(|l| l.iter())
    .all(|l| files.get(l.file).is_some_and(|f| l.range.start <= l.range.end && l.range.end <= f.text.len()));
    let labels_fit = head.diagnostics.iter().flat_map(|d| d.primary.iter().chain(&d.secondary)).all(|l| {
        files.get(l.file).is_some_and(|f| {
            l.range.start <= l.range.end
                && l.range.end <= f.text.len()
                && f.text.is_char_boundary(l.range.start)
                && f.text.is_char_boundary(l.range.end)
        })
    });
    if !locations_fit || !labels_fit {
        return None;
    }
    let graph = Graph::from_parts(head.vocabulary, head.sources, head.actors, relations).ok()?;
    Some(Loaded {
        files,
        graph: Some(graph),
        diagnostics: head.diagnostics,
        locations: head.locations,
        source_texts: head.source_texts.into_iter().map(|(p, _)| p).collect(),
    })
}

/// Writes a snapshot of a valid load, atomically (a temporary file renamed into place).
fn write(loaded: &Loaded, path: &Path, digest: u128) -> Result<(), Box<dyn std::error::Error>> {
    let graph = loaded.graph.as_ref().ok_or("no graph")?;
    let source_texts = loaded
        .source_texts
        .iter()
        .map(|p| fs::read(p).map(|bytes| (p.clone(), xxh3_128(&bytes))))
        .collect::<Result<Vec<_>, _>>()?;
    let head = Head {
        source_texts,
        builtin_vocabulary: loaded.files.last().is_some_and(|f| f.name == DEFAULT_VOCABULARY_NAME),
        diagnostics: loaded.diagnostics.clone(),
        locations: loaded.locations.clone(),
        vocabulary: graph.vocabulary().clone(),
        sources: graph.sources().map(|(_, s)| s.clone()).collect(),
        actors: graph.actors().map(|(_, a)| a.clone()).collect(),
        relation_count: graph.relation_count() as u64,
    };
    let relations: Vec<&Relation> = graph.relations().map(|(_, r)| r).collect();
    let (head, chunks) = rayon::join(
        || postcard::to_allocvec(&head),
        || relations.par_chunks(CHUNK).map(postcard::to_allocvec).collect::<Result<Vec<_>, _>>(),
    );
    let mut body = Vec::new();
    for section in std::iter::once(head?).chain(chunks?) {
        body.extend_from_slice(&(section.len() as u64).to_le_bytes());
        body.extend_from_slice(&section);
    }
    let dir = path.parent().ok_or("no cache directory")?;
    fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("snapshot"),
        std::process::id()
    ));
    let result = (|| -> std::io::Result<()> {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(MAGIC)?;
        file.write_all(&SNAPSHOT_FORMAT.to_le_bytes())?;
        file.write_all(&digest.to_le_bytes())?;
        file.write_all(&xxh3_128(&body).to_le_bytes())?;
        file.write_all(&body)?;
        // No fsync: a snapshot cut short by a crash fails its checksum and is rebuilt.
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    Ok(result?)
}
