//! Reading the files a dataset names, confined to the dataset: regular files only, never through
//! a link that leads out of it, never more than a size cap.
//!
//! A data file or a source's `text` is read by `open_regular`, which refuses anything but a
//! regular file without following a symbolic link at the last step and without waiting on a
//! FIFO, and by `read_capped`, which stops at [`MAX_FILE_BYTES`]. A source text's path must also
//! be relative and stay inside the dataset once every link on the way is resolved
//! (`read_confined`).

use std::fs::{self, File};
use std::io::{self, Read as _};
use std::path::{Component, Path, PathBuf};

/// The largest file diplograph reads: a data file or a source text (256 MiB).
pub const MAX_FILE_BYTES: u64 = 256 << 20;

/// Why a file named by the data was not read.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    /// The path is absolute.
    #[error("the path is absolute; source texts are named relative to the file that names them")]
    Absolute,
    /// The path, once `..` and links are resolved, leads out of the dataset.
    #[error("the path leads outside the data directory {}", .0.display())]
    Outside(PathBuf),
    /// A symbolic link.
    #[error("it is a symbolic link; diplograph reads only regular files")]
    Link,
    /// A directory, FIFO, socket or device.
    #[error("it is not a regular file (it is {0})")]
    NotRegular(&'static str),
    /// Larger than [`MAX_FILE_BYTES`].
    #[error("it is larger than {} MiB", MAX_FILE_BYTES >> 20)]
    TooLarge,
    /// It could not be read.
    #[error("{0}")]
    Io(#[from] io::Error),
}

impl Refusal {
    /// How to fix a source's `text` that was refused for this reason.
    pub fn help(&self) -> &'static str {
        match self {
            Refusal::Io(e) if e.kind() == io::ErrorKind::PermissionDenied => {
                "the file exists but this user may not read it: fix its permissions (for example `chmod a+r FILE`)"
            }
            Refusal::Io(e) if e.kind() == io::ErrorKind::NotFound => {
                "no such file: fix the path (relative to this file) or remove `text`"
            }
            Refusal::TooLarge => "shorten the text, or remove `text`",
            _ => "name a regular file inside the data directory, relative to this file; fix the path or remove `text`",
        }
    }
}

/// The directory a dataset lives in: `root` itself, or the directory of a one-file dataset.
pub(crate) fn dataset_dir(root: &Path) -> PathBuf {
    if root.is_dir() {
        return root.to_owned();
    }
    match root.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// What kind of file a file type is, in words.
pub(crate) fn kind_of(file_type: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        "a directory"
    } else if file_type.is_symlink() {
        "a symbolic link"
    } else {
        "not a regular file"
    }
}

/// Opens `path` for reading only if it is a regular file: a symbolic link as its last
/// component is refused rather than followed, and a FIFO is refused rather than waited on.
pub(crate) fn open_regular(path: &Path) -> Result<File, Refusal> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        let flags = rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK;
        options.custom_flags(flags.bits() as i32);
    }
    let file = match options.open(path) {
        Ok(f) => f,
        Err(e) => {
            // ELOOP: the last component is a link.
            return Err(match fs::symlink_metadata(path) {
                Ok(m) if m.file_type().is_symlink() => Refusal::Link,
                _ => Refusal::Io(e),
            });
        }
    };
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(Refusal::NotRegular(kind_of(meta.file_type())));
    }
    Ok(file)
}

/// Reads all of an open file, refusing one larger than [`MAX_FILE_BYTES`] (checked on the bytes
/// read, not only on the size the file claims).
pub(crate) fn read_capped(file: File) -> Result<Vec<u8>, Refusal> {
    let mut bytes = Vec::new();
    read_capped_into(file, &mut bytes)?;
    Ok(bytes)
}

/// [`read_capped`] into `bytes`, which is cleared first: a buffer kept from file to file is
/// memory already touched, where fresh memory costs a page fault a page.
fn read_capped_into(file: File, bytes: &mut Vec<u8>) -> Result<(), Refusal> {
    bytes.clear();
    let claimed = file.metadata().map(|m| m.len()).unwrap_or(0);
    if claimed > MAX_FILE_BYTES {
        return Err(Refusal::TooLarge);
    }
    bytes.reserve_exact(claimed as usize);
    file.take(MAX_FILE_BYTES + 1).read_to_end(bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Refusal::TooLarge);
    }
    Ok(())
}

/// A regular file ([`open_regular`]) read a piece at a time, refused like [`read_capped`] once
/// more than [`MAX_FILE_BYTES`] are read.
pub(crate) struct Pieces {
    file: File,
    read: u64,
    /// The size the file claimed when opened.
    pub(crate) claimed: u64,
}

impl Pieces {
    /// Opens the regular file `path`.
    pub(crate) fn open(path: &Path) -> Result<Self, Refusal> {
        let file = open_regular(path)?;
        let claimed = file.metadata().map(|m| m.len()).unwrap_or(0);
        if claimed > MAX_FILE_BYTES {
            return Err(Refusal::TooLarge);
        }
        Ok(Pieces { file, read: 0, claimed })
    }

    /// Appends to `bytes` what follows in the file, until `bytes` holds `len` bytes or the file
    /// ends; whether it ended.
    pub(crate) fn read_up_to(&mut self, bytes: &mut Vec<u8>, len: usize) -> Result<bool, Refusal> {
        let want = len.saturating_sub(bytes.len());
        // Room for what the file claims to hold, the byte that shows it ended, no more.
        let left = self.claimed.saturating_sub(self.read).saturating_add(1);
        bytes.reserve(want.min(usize::try_from(left).unwrap_or(usize::MAX)));
        // Never more than one byte past the limit, whatever the file claimed.
        let allowed = (MAX_FILE_BYTES + 1).saturating_sub(self.read);
        let got = (&mut self.file).take((want as u64).min(allowed)).read_to_end(bytes)?;
        self.read += got as u64;
        if self.read > MAX_FILE_BYTES {
            return Err(Refusal::TooLarge);
        }
        Ok(got < want)
    }
}

/// Reads a regular file: `open_regular`, then `read_capped`.
pub fn read_regular(path: &Path) -> Result<Vec<u8>, Refusal> {
    read_capped(open_regular(path)?)
}

/// [`read_regular`] into `bytes` (cleared first).
pub(crate) fn read_regular_into(path: &Path, bytes: &mut Vec<u8>) -> Result<(), Refusal> {
    read_capped_into(open_regular(path)?, bytes)
}

/// Where `rel`, written in a file of directory `base`, leads, if it stays inside `dataset`:
/// relative, and inside the dataset both as written (`..` resolved by name) and once every
/// symbolic link on the way is resolved. The path returned is the resolved one.
pub(crate) fn confined_path(dataset: &Path, base: &Path, rel: &str) -> Result<PathBuf, Refusal> {
    let rel = Path::new(rel);
    if rel.is_absolute() || rel.has_root() || rel.components().any(|c| matches!(c, Component::Prefix(_))) {
        return Err(Refusal::Absolute);
    }
    let outside = || Refusal::Outside(dataset.to_owned());
    let dataset_real = fs::canonicalize(dataset)?;
    let base_real = fs::canonicalize(if base.as_os_str().is_empty() { Path::new(".") } else { base })?;
    if !base_real.starts_with(&dataset_real) {
        return Err(outside());
    }
    // By name first: `..` may not climb above the dataset, whatever links say.
    let mut depth = base_real.strip_prefix(&dataset_real).map_err(|_| outside())?.components().count();
    for c in rel.components() {
        match c {
            Component::ParentDir if depth == 0 => return Err(outside()),
            Component::ParentDir => depth -= 1,
            Component::Normal(_) => depth += 1,
            _ => {}
        }
    }
    let joined = base_real.join(rel);
    let real = fs::canonicalize(&joined)?;
    if !real.starts_with(&dataset_real) {
        return Err(outside());
    }
    Ok(real)
}

/// Reads the file `rel` names from a file in directory `base` of the dataset in `dataset`:
/// [`confined_path`], then [`read_regular`] on the resolved path. Returns that path and the bytes.
pub(crate) fn read_confined(dataset: &Path, base: &Path, rel: &str) -> Result<(PathBuf, Vec<u8>), Refusal> {
    let path = confined_path(dataset, base, rel)?;
    let bytes = read_regular(&path)?;
    Ok((path, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dataset() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        fs::create_dir_all(data.join("sub")).unwrap();
        fs::write(data.join("text.txt"), "inside").unwrap();
        fs::write(tmp.path().join("secret.txt"), "outside").unwrap();
        (tmp, data)
    }

    #[test]
    fn relative_paths_inside_the_dataset_are_read() {
        let (_tmp, data) = dataset();
        assert_eq!(read_confined(&data, &data, "text.txt").unwrap().1, b"inside");
        assert_eq!(read_confined(&data, &data.join("sub"), "../text.txt").unwrap().1, b"inside");
        assert_eq!(read_confined(&data, &data.join("sub"), "./.././sub/../text.txt").unwrap().1, b"inside");
    }

    #[test]
    fn absolute_and_climbing_paths_are_refused() {
        let (_tmp, data) = dataset();
        for rel in ["/etc/passwd", "/proc/self/environ", "/dev/zero"] {
            assert!(matches!(read_confined(&data, &data, rel), Err(Refusal::Absolute)), "{rel}");
        }
        for rel in ["../secret.txt", "../../../../etc/passwd", "sub/../../secret.txt", "../data/text.txt"] {
            assert!(matches!(read_confined(&data, &data, rel), Err(Refusal::Outside(_))), "{rel}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_out_fifos_and_devices_are_refused() {
        let (tmp, data) = dataset();
        std::os::unix::fs::symlink(tmp.path().join("secret.txt"), data.join("out.txt")).unwrap();
        std::os::unix::fs::symlink("/etc", data.join("etc")).unwrap();
        std::os::unix::fs::symlink(data.join("text.txt"), data.join("in.txt")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", data.join("zero")).unwrap();
        assert!(matches!(read_confined(&data, &data, "out.txt"), Err(Refusal::Outside(_))));
        assert!(matches!(read_confined(&data, &data, "etc/passwd"), Err(Refusal::Outside(_))));
        assert!(matches!(read_confined(&data, &data, "zero"), Err(Refusal::Outside(_))));
        // A link that stays inside is resolved and read.
        assert_eq!(read_confined(&data, &data, "in.txt").unwrap().1, b"inside");
        // Read directly, a link is refused, not followed.
        assert!(matches!(read_regular(&data.join("in.txt")), Err(Refusal::Link)));
        let fifo = data.join("fifo");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        assert!(matches!(read_confined(&data, &data, "fifo"), Err(Refusal::NotRegular("a FIFO"))));
        assert!(matches!(read_confined(&data, &data, "sub"), Err(Refusal::NotRegular("a directory"))));
        assert!(matches!(read_regular(Path::new("/dev/zero")), Err(Refusal::NotRegular("a device"))));
    }

    #[test]
    fn files_over_the_cap_are_refused_without_reading_them_whole() {
        let (_tmp, data) = dataset();
        let big = File::create(data.join("big.txt")).unwrap();
        big.set_len(MAX_FILE_BYTES + 1).unwrap();
        assert!(matches!(read_confined(&data, &data, "big.txt"), Err(Refusal::TooLarge)));
        let exact = File::create(data.join("exact.txt")).unwrap();
        exact.set_len(10).unwrap();
        assert_eq!(read_confined(&data, &data, "exact.txt").unwrap().1.len(), 10);
    }

    #[test]
    fn the_help_for_a_refused_text_follows_the_reason() {
        // A text the user may not read (as root, a mode of 000 does not stop reading, so the
        // reason is made here): permissions, never the path.
        let denied = Refusal::Io(io::Error::from(io::ErrorKind::PermissionDenied));
        assert!(denied.help().contains("fix its permissions"), "{}", denied.help());
        assert!(!denied.help().contains("fix the path"));
        let missing = Refusal::Io(io::Error::from(io::ErrorKind::NotFound));
        assert!(missing.help().starts_with("no such file: fix the path"));
        for other in [Refusal::Absolute, Refusal::Link, Refusal::NotRegular("a FIFO")] {
            assert!(other.help().contains("fix the path"), "{other}");
        }
        // The real error of an unreadable file, where the user is not root.
        let (_tmp, data) = dataset();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            fs::set_permissions(data.join("text.txt"), fs::Permissions::from_mode(0o000)).unwrap();
            if let Err(e) = read_confined(&data, &data, "text.txt") {
                assert!(e.help().contains("fix its permissions"), "{e}");
            }
        }
    }
}
