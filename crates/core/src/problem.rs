//! Problems found while validating data, located by entry and field rather than by file.

use std::fmt;

/// How serious a problem is: errors make the data unusable, warnings do not.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Severity {
    /// The data is wrong; it cannot be used until this is fixed.
    Error,
    /// Suspicious but usable.
    Warning,
}

/// Which list of input entries a problem is about.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum EntryKind {
    /// An actor kind in a vocabulary.
    ActorKind,
    /// A relation kind in a vocabulary.
    RelationKind,
    /// A source.
    Source,
    /// An actor.
    Actor,
    /// A relation.
    Relation,
}

/// A field of an input entry, possibly inside a list (`evidence[1].source`).
///
/// The loader turns a field path into a position in the file; other callers can print it.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum FieldPath {
    /// The entry as a whole.
    Whole,
    /// A named field.
    Field(&'static str),
    /// An element of a list field.
    Item(&'static str, usize),
    /// A named field of an element of a list field.
    ItemField(&'static str, usize, &'static str),
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldPath::Whole => f.write_str("(entry)"),
            FieldPath::Field(name) => f.write_str(name),
            FieldPath::Item(name, i) => write!(f, "{name}[{i}]"),
            FieldPath::ItemField(name, i, field) => write!(f, "{name}[{i}].{field}"),
        }
    }
}

/// Where a problem is: the `index`-th entry of a kind, in input order, and a field of it.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Site {
    /// Which list.
    pub entry: EntryKind,
    /// Position in the list given to the builder.
    pub index: usize,
    /// The field within the entry.
    pub field: FieldPath,
}

impl Site {
    /// A site for a field of an entry.
    pub fn new(entry: EntryKind, index: usize, field: FieldPath) -> Self {
        Self { entry, index, field }
    }
}

/// One problem in the data, with a message, an optional hint and related places.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// Where it is.
    pub site: Site,
    /// What is wrong, in one line.
    pub message: String,
    /// What the label at the site says, when it adds to the message.
    pub label: Option<String>,
    /// How to fix it.
    pub help: Option<String>,
    /// Other places that explain the problem (the first definition of a duplicate id).
    pub related: Vec<(Site, String)>,
    /// What sort of problem it is, as a stable name for programs (`unknown-actor`); the list is
    /// in docs/cli.md.
    pub code: Option<&'static str>,
}

impl Problem {
    /// An error at `site`.
    pub fn error(site: Site, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            site,
            message: message.into(),
            label: None,
            help: None,
            related: Vec::new(),
            code: None,
        }
    }

    /// A warning at `site`.
    pub fn warning(site: Site, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::error(site, message) }
    }

    /// Adds a hint on how to fix the problem.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Names the sort of problem (see [`Problem::code`]).
    #[must_use]
    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    /// Adds a label shown under the site.
    #[must_use]
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a related place.
    #[must_use]
    pub fn with_related(mut self, site: Site, note: impl Into<String>) -> Self {
        self.related.push((site, note.into()));
        self
    }

    /// Whether this problem is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
