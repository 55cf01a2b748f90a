//! Problems found while validating data, located by entry and field rather than by file.

use std::fmt;

use crate::actor::ActorForm;

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

/// How to fix a problem. Most hints are words any way of writing the data shares; the others
/// name a construct of the data format, which the core does not know: the layer that reads the
/// format writes them out in its own syntax (diplograph-syntax, in RON).
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Help {
    /// Advice in words, whatever the format.
    Text(String),
    /// Declare the actor with this id (or correct the id).
    DeclareActor(String),
    /// Declare the source with this id.
    DeclareSource(String),
    /// Give the actor a `kind` naming an actor kind of the vocabulary.
    AddActorKind,
    /// An actor form (`form`, e.g. a country) takes only the kinds `kinds` (written out);
    /// `kind`, another, needs the general actor form.
    GeneralForm {
        /// The form used.
        form: ActorForm,
        /// The kinds it takes, listed for people.
        kinds: String,
        /// The kind asked for.
        kind: String,
    },
    /// Give the relation kind a polarity: cooperative, hostile or neutral.
    AddPolarity,
    /// Declare the root actor kind with this id, which the actor form of the same name needs.
    DeclareRootKind(String),
    /// Declare the relation kind offices are held through.
    DeclareHoldsOffice,
    /// Offices belong on a person: move this one to a person entry.
    MoveOfficeToPerson,
    /// Write the office on the person, from which the relation is derived.
    WriteOfficeOnPerson,
    /// Add evidence: quotes with the words that support the relation.
    AddEvidence,
    /// Give the source with this id its full text (`sources/ID.txt`), against which every quote
    /// citing it is then checked.
    AddSourceText(String),
}

impl Help {
    /// The advice, when it is words only.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Help::Text(t) => Some(t),
            _ => None,
        }
    }
}

impl From<String> for Help {
    fn from(text: String) -> Self {
        Help::Text(text)
    }
}

impl From<&str> for Help {
    fn from(text: &str) -> Self {
        Help::Text(text.to_owned())
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
    pub help: Option<Help>,
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
    pub fn with_help(mut self, help: impl Into<Help>) -> Self {
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
