//! Texts cut short before their relations: the first reading of a data file, which keeps only
//! what comes before its relations (and reads no further where it can), and the reading of a
//! text again, checked to be the one that was read.
//!
//! A clean file's relations are read while the graph is built, from the file, into a buffer of
//! the thread that reads them ([`crate::load`]); what was kept of the text until then is its
//! head. The texts of clean files are so never all in memory at once, and reading them touches
//! no fresh memory (the first touch of a page is what costs most on a large load).

use std::cell::Cell;

use rayon::prelude::*;
use xxhash_rust::xxh3::xxh3_128;

use crate::confine::{Pieces, read_regular_into};
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::fast::{self, Tail};
use crate::files::SourceFile;
use crate::load::{Input, changed, not_read};
use crate::parse::ParsedFile;
use crate::parts::Parts;

/// A file read up to its relations, and where they start.
pub(crate) type Head = (ParsedFile, Option<Tail>);

/// A data file read: its text (perhaps cut short before its relations), the problems with its
/// bytes, what was read up to its relations, the hash of its bytes (with parts only), and,
/// when cut short, what is known of its whole text.
pub(crate) type ReadFile = (SourceFile, Vec<Diagnostic>, Option<Head>, u128, Option<Kept>);

/// What is known of a text that was not kept whole, to tell that the text read again is the
/// one that was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kept {
    /// The whole text was read: its xxh3-128 and length. The text read again must hash to it.
    Hashed { hash: u128, len: usize },
    /// Only its head was read (the text kept, up to its relations): the text read again must
    /// begin with it.
    Head,
}

/// A data file read for the first time into a buffer ([`read_cut`]).
pub(crate) enum First {
    /// Read up to its relations and cut there.
    Cut(ReadFile),
    /// To be kept whole: its bytes, and what was read up to its relations when it is clean.
    Whole(Vec<u8>, Option<Head>),
    /// It could not be read.
    Failed(Error),
}

/// How much of a data file is read first when only its head is needed; each further piece
/// doubles what was read, until it holds everything before the relations.
pub(crate) const FIRST_PIECE: usize = 256 << 10;

/// Reads a data file into `buffer`, and keeps of its text only what comes before its
/// relations when it is clean and has a relations list (taken from a part when `parts` has
/// one for it). Without parts, only the head is read where it can be ([`read_head`]); with
/// them, the whole file is, for its hash. A file not cut takes the buffer's bytes.
pub(crate) fn read_cut(f: &Input, buffer: &mut Vec<u8>, parts: Option<&Parts>) -> First {
    if parts.is_none() {
        return read_head(f, buffer, FIRST_PIECE);
    }
    if let Err(e) = read_regular_into(&f.path, buffer) {
        return First::Failed(not_read(&f.path, e));
    }
    read_whole(f, buffer, parts)
}

/// [`read_cut`] of a file read whole into `buffer`.
fn read_whole(f: &Input, buffer: &mut Vec<u8>, parts: Option<&Parts>) -> First {
    let hash = if parts.is_some() { xxh3_128(buffer) } else { 0 };
    let (had_bom, body) = past_bom(buffer);
    let clean = std::str::from_utf8(body)
        .ok()
        .filter(|text| diplograph_syntax::lexer::lone_carriage_return(text).is_none())
        .and_then(|text| Some((text, fast::parse_head(text, text.len())?)));
    match clean {
        Some((text, (parsed, Some(tail)))) if parts.is_none_or(|p| p.has(hash)) => {
            let full = if had_bom || parts.is_none() { xxh3_128(text.as_bytes()) } else { hash };
            cut_at(f, (text, had_bom), (parsed, tail), hash, Kept::Hashed { hash: full, len: text.len() })
        }
        clean => {
            let head = clean.map(|(_, head)| head);
            First::Whole(std::mem::take(buffer), head)
        }
    }
}

/// [`read_cut`] without parts: the file is read a piece at a time, `first` bytes then each
/// piece doubling what was read, until what was read starts with a clean head; the rest is read
/// with the relations ([`Kept::Head`]). A file read to its end so is taken as [`read_whole`]
/// takes it, and so is one whose start cannot be clean whatever follows.
pub(crate) fn read_head(f: &Input, buffer: &mut Vec<u8>, first: usize) -> First {
    let mut pieces = match Pieces::open(&f.path) {
        Ok(pieces) => pieces,
        Err(e) => return First::Failed(not_read(&f.path, e)),
    };
    let mut len = first;
    loop {
        match pieces.read_up_to(buffer, len) {
            Err(e) => return First::Failed(not_read(&f.path, e)),
            Ok(true) => return read_whole(f, buffer, None),
            Ok(false) => {}
        }
        match cut_head(f, buffer, pieces.claimed) {
            Ok(cut) => return cut,
            Err(More::Maybe) => len = len.saturating_mul(2),
            Err(More::Never) => len = usize::MAX,
        }
    }
}

/// Whether reading more of a file may give it a clean head.
enum More {
    /// What was read may end before the head does.
    Maybe,
    /// What was read is not clean whatever follows.
    Never,
}

/// The file cut after its head, when `read`, the start of a file claiming `claimed` bytes,
/// holds a clean one: valid UTF-8 (but perhaps a character cut at its end), no lone carriage
/// return, and everything up to the relations list read plainly.
fn cut_head(f: &Input, read: &[u8], claimed: u64) -> Result<First, More> {
    let (had_bom, body) = past_bom(read);
    let text = match std::str::from_utf8(body) {
        Ok(text) => text,
        // A character cut at the end of what was read.
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&body[..e.valid_up_to()]).map_err(|_| More::Never)?,
        Err(_) => return Err(More::Never),
    };
    match diplograph_syntax::lexer::lone_carriage_return(text) {
        // The line feed that follows may not have been read yet.
        Some(at) if at + 1 == text.len() => return Err(More::Maybe),
        Some(_) => return Err(More::Never),
        None => {}
    }
    // The head ends at the `[` of the relations: what it reads before is read whole, so what
    // follows cannot change it. A file that ends before what was read does is read to its end.
    let whole = (claimed as usize).saturating_sub(if had_bom { BOM.len() } else { 0 });
    let Some((parsed, Some(tail))) = fast::parse_head(text, whole) else {
        return Err(More::Maybe);
    };
    Ok(cut_at(f, (text, had_bom), (parsed, tail), 0, Kept::Head))
}

/// Whether `bytes` start with a byte-order mark, and what follows it.
fn past_bom(bytes: &[u8]) -> (bool, &[u8]) {
    match bytes.strip_prefix(BOM) {
        Some(body) => (true, body),
        None => (false, bytes),
    }
}

/// File `f` of text `text` (read past a byte-order mark when it had one) cut at the start of
/// its relations: the head kept, and what is known of the whole text.
fn cut_at(
    f: &Input,
    (text, had_bom): (&str, bool),
    (parsed, tail): (ParsedFile, Tail),
    hash: u128,
    kept: Kept,
) -> First {
    let file = SourceFile { path: f.path.clone(), name: f.name.clone(), text: text[..tail.at].into(), had_bom };
    First::Cut((file, Vec::new(), Some((parsed, Some(tail))), hash, Some(kept)))
}

/// A byte-order mark, which the loader reads past.
pub(crate) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The largest buffer [`with_buffer`] keeps for the next file.
const KEPT_BUFFER: usize = 32 << 20;

thread_local! {
    /// Each thread's buffer to read data files into, kept from file to file.
    static BUFFER: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// Calls `read` with this thread's buffer for reading a data file, kept for the next file
/// (unless larger than [`KEPT_BUFFER`]).
pub(crate) fn with_buffer<R>(read: impl FnOnce(&mut Vec<u8>) -> R) -> R {
    let mut buffer = BUFFER.take();
    let result = read(&mut buffer);
    if buffer.capacity() <= KEPT_BUFFER {
        buffer.clear();
        BUFFER.set(buffer);
    }
    result
}

/// Texts dropped or cut short after parsing, by file: what is known of each, to read it back.
pub(crate) struct Texts {
    pub(crate) dropped: Vec<Option<Kept>>,
}

impl Texts {
    /// Reads the dropped texts again, checking that they are the bytes that were parsed; the
    /// error to report when one cannot be read or changed.
    pub(crate) fn restore(&mut self, files: &mut [SourceFile]) -> Option<Diagnostic> {
        self.restore_where(files, |_| true)
    }

    /// [`restore`](Self::restore), for the files `need` selects (by index) only. A text of
    /// which only the head was read stays cut short when the rest is not UTF-8: a message
    /// can then only be about its head.
    pub(crate) fn restore_where(
        &mut self,
        files: &mut [SourceFile],
        need: impl Fn(usize) -> bool + Sync,
    ) -> Option<Diagnostic> {
        let restored: Vec<(usize, Result<Option<String>, String>)> = self
            .dropped
            .par_iter()
            .enumerate()
            .filter_map(|(i, kept)| {
                let kept = (*kept).filter(|_| need(i))?;
                let file = files.get(i)?;
                Some((i, read_again(file, kept)))
            })
            .collect();
        let mut failure = None;
        for (i, read) in restored {
            self.dropped[i] = None;
            match read {
                Ok(text) => files[i].text = text.unwrap_or_else(|| std::mem::take(&mut files[i].text)),
                Err(why) => {
                    failure.get_or_insert_with(|| changed(&files[i].name, &why));
                }
            }
        }
        failure
    }

    /// The files of which only the head was read (see [`Kept::Head`]): none of their bytes
    /// after it was ever looked at, so a careful reading reads them as for the first time.
    pub(crate) fn heads_only(&mut self) -> Vec<usize> {
        let heads: Vec<usize> = (0..self.dropped.len()).filter(|&i| self.dropped[i] == Some(Kept::Head)).collect();
        for &i in &heads {
            self.dropped[i] = None;
        }
        heads
    }
}

/// The text of a file read again (as parsed: without its byte-order mark), checked to be the
/// one `kept` tells of; why not when it cannot be read or changed. `None` for a head whose
/// rest is not UTF-8.
fn read_again(file: &SourceFile, kept: Kept) -> Result<Option<String>, String> {
    let mut bytes = Vec::new();
    match read_again_into(file, kept, &mut bytes) {
        Err(Again::NotUtf8) if kept == Kept::Head => return Ok(None),
        read => read.map_err(Again::why)?,
    };
    String::from_utf8(bytes).map(Some).map_err(|_| Again::NotUtf8.why())
}

/// Why a text read again is not the one read.
#[derive(Debug)]
enum Again {
    Unreadable(String),
    NotUtf8,
    Changed,
}

impl Again {
    fn why(self) -> String {
        match self {
            Again::Unreadable(why) => why,
            Again::NotUtf8 => "it is no longer UTF-8".to_owned(),
            Again::Changed => "it changed".to_owned(),
        }
    }
}

/// The whole text of a file cut short, read again into `buffer` for its relations, checked
/// as [`read_again_into`] does; after a head alone (of which nothing further was looked at),
/// also clean after it, and then what is known of it whole: the text messages are shown in
/// must be this one. `None` when it is not the text read or not clean: the load is then read
/// the careful way.
pub(crate) fn read_for_relations<'b>(
    file: &SourceFile,
    kept: Kept,
    buffer: &'b mut Vec<u8>,
) -> Option<(&'b str, Option<Kept>)> {
    let text = read_again_into(file, kept, buffer).ok()?;
    if kept != Kept::Head {
        return Some((text, None));
    }
    if diplograph_syntax::lexer::lone_carriage_return(&text[file.text.len()..]).is_some() {
        return None;
    }
    Some((text, Some(Kept::Hashed { hash: xxh3_128(text.as_bytes()), len: text.len() })))
}

/// [`read_again`] into `buffer`, which then holds the text.
fn read_again_into<'b>(file: &SourceFile, kept: Kept, buffer: &'b mut Vec<u8>) -> Result<&'b str, Again> {
    read_regular_into(&file.path, buffer).map_err(|e| Again::Unreadable(e.to_string()))?;
    if buffer.starts_with(BOM) != file.had_bom {
        return Err(Again::Changed);
    }
    if file.had_bom {
        buffer.drain(..BOM.len());
    }
    if kept == Kept::Head && !buffer.starts_with(file.text.as_bytes()) {
        return Err(Again::Changed);
    }
    // The whole text is checked as UTF-8 here (the relations, most of it, were never read
    // before): by a vectorized check, all that is needed is whether it is.
    let text = simdutf8::basic::from_utf8(buffer).map_err(|_| Again::NotUtf8)?;
    match kept {
        Kept::Hashed { hash, .. } if xxh3_128(text.as_bytes()) != hash => Err(Again::Changed),
        _ => Ok(text),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use proptest::prelude::*;

    use super::*;

    /// What a first reading gave, to compare: whether it was cut, the text kept and what was
    /// read before the relations (but how many relations there may be, an estimate).
    fn shown(first: First) -> String {
        match first {
            First::Cut((file, problems, head, _, _)) => {
                let head = head.map(|(parsed, tail)| (parsed, tail.map(|t| t.at)));
                format!("cut {:?} {problems:?} {head:?}", file.text)
            }
            First::Whole(bytes, head) => format!("whole {} {head:?}", bytes.len()),
            First::Failed(e) => format!("failed {e}"),
        }
    }

    /// The seed data's files, each with a byte-order mark or not, and with a comment of
    /// two-byte characters in its head or not.
    fn files() -> Vec<Vec<u8>> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
        let mut out = Vec::new();
        for path in crate::discover(&root).unwrap() {
            let text = std::fs::read_to_string(path).unwrap();
            let open = text.find('(').map_or(0, |i| i + 1);
            let commented = format!("{}// {}\n{}", &text[..open], "é".repeat(3000), &text[open..]);
            for text in [text, commented] {
                out.push(format!("\u{FEFF}{text}").into_bytes());
                out.push(text.into_bytes());
            }
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Read a piece at a time, from a first piece of any size (a character, a token or an
        /// entry cut at its end), a file gives the head it gives when read whole.
        #[test]
        fn a_head_read_in_pieces_is_the_head_read_whole(
            file in any::<prop::sample::Index>(),
            first in 1usize..20_000,
        ) {
            let bytes = file.get(&files()).clone();
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("f.ron");
            std::fs::write(&path, &bytes).unwrap();
            let input = Input { path, name: "f.ron".into(), bytes: Vec::new(), unread: true };
            let in_pieces = shown(read_head(&input, &mut Vec::new(), first));
            let whole = shown(read_whole(&input, &mut bytes.clone(), None));
            prop_assert_eq!(in_pieces, whole);
        }
    }

    #[test]
    fn a_text_read_again_is_the_one_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.ron");
        let head = "Graph(relations: [";
        std::fs::write(&path, format!("\u{FEFF}{head}])")).unwrap();
        let file = SourceFile { path: path.clone(), name: "f.ron".into(), text: head.into(), had_bom: true };
        let again = |bytes: &str| {
            std::fs::write(&path, bytes).unwrap();
            read_again_into(&file, Kept::Head, &mut Vec::new()).map(str::to_owned)
        };
        // The relations may have changed: they are read as they are now.
        assert_eq!(again("\u{FEFF}Graph(relations: [Relation()])").unwrap(), "Graph(relations: [Relation()])");
        // Not the head, nor the mark.
        assert!(matches!(again("\u{FEFF}Graph(actors: [])"), Err(Again::Changed)));
        assert!(matches!(again("Graph(relations: [])"), Err(Again::Changed)));
        assert!(again("\u{FEFF}Graph(relations: [é").is_ok());
        std::fs::write(&path, b"\xEF\xBB\xBFGraph(relations: [\xFF").unwrap();
        assert!(matches!(read_again_into(&file, Kept::Head, &mut Vec::new()), Err(Again::NotUtf8)));
        // A head whose rest is not UTF-8 stays as it is; a whole text must hash the same.
        assert_eq!(read_again(&file, Kept::Head).unwrap(), None);
        let hashed = Kept::Hashed { hash: xxh3_128(b"Graph(relations: [])"), len: 0 };
        std::fs::write(&path, "\u{FEFF}Graph(relations: [])").unwrap();
        assert_eq!(read_again(&file, hashed).unwrap().as_deref(), Some("Graph(relations: [])"));
        std::fs::write(&path, "\u{FEFF}Graph(relations: [ ])").unwrap();
        assert_eq!(read_again(&file, hashed), Err("it changed".to_owned()));
    }
}
