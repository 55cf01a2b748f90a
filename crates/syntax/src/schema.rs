//! The one table of the format: every form (`Country(...)`, `Relation(...)`, ...), the section
//! it sits in, and its fields with their types, in the order new fields are written.
//!
//! The serde shapes of [`crate::raw`] and the writer of [`crate::writer`] are tested against it
//! field by field; the edits take their field types and writing order from it.

use diplograph_core::{ActorForm, suggest};

use crate::outline::Section;

/// The type of a field's value, which decides how `FIELD=VALUE` is written.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FieldType {
    /// A string.
    Str,
    /// `true` or `false`.
    Bool,
    /// A number.
    Number,
    /// A list of strings.
    StrList,
    /// A list of `Quote(source: ..., text: ...)`.
    Quotes,
    /// A list of `Office(...)`: edited by hand only.
    Offices,
}

/// One field of a form.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Field {
    /// Its name in the file.
    pub name: &'static str,
    /// The type of its value.
    pub ty: FieldType,
    /// Whether every entry of the form must have it.
    pub required: bool,
    /// Whether its values are actor ids (renames and removals follow them).
    pub actors: bool,
}

/// A form: `Country(...)`, `Relation(...)`, ..., the section its entries sit in (none for forms
/// that only appear inside another, such as `Quote`), and its fields in the order new ones are
/// written.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Form {
    /// Its name in the file.
    pub name: &'static str,
    /// The section its entries sit in.
    pub section: Option<Section>,
    /// Its fields, in writing order.
    pub fields: &'static [Field],
}

/// An optional field.
const fn opt(name: &'static str, ty: FieldType) -> Field {
    Field { name, ty, required: false, actors: false }
}

/// A field every entry must have.
const fn req(name: &'static str, ty: FieldType) -> Field {
    Field { name, ty, required: true, actors: false }
}

/// A field whose values are actor ids.
const fn actor(field: Field) -> Field {
    Field { actors: true, ..field }
}

use FieldType::{Bool, Number, Offices, Quotes, Str, StrList};

const COUNTRY: &[Field] = &[
    req("id", Str),
    req("name", Str),
    opt("kind", Str),
    opt("iso3", Str),
    opt("aliases", StrList),
    opt("tags", StrList),
    opt("note", Str),
];
const PERSON: &[Field] = &[
    req("id", Str),
    req("name", Str),
    opt("kind", Str),
    opt("aliases", StrList),
    opt("tags", StrList),
    actor(opt("country", Str)),
    opt("offices", Offices),
    opt("note", Str),
];
const ORGANIZATION: &[Field] = &[
    req("id", Str),
    req("name", Str),
    opt("kind", Str),
    opt("aliases", StrList),
    opt("tags", StrList),
    actor(opt("country", Str)),
    opt("note", Str),
];
const EVENT: &[Field] = &[
    req("id", Str),
    req("name", Str),
    opt("kind", Str),
    opt("aliases", StrList),
    opt("tags", StrList),
    opt("start", Str),
    opt("end", Str),
    opt("on", Str),
    actor(opt("place", Str)),
    opt("note", Str),
];
const GENERIC: &[Field] = &[
    req("kind", Str),
    req("id", Str),
    req("name", Str),
    opt("iso3", Str),
    opt("aliases", StrList),
    opt("tags", StrList),
    actor(opt("country", Str)),
    opt("offices", Offices),
    opt("start", Str),
    opt("end", Str),
    opt("on", Str),
    actor(opt("place", Str)),
    opt("note", Str),
];
const OFFICE: &[Field] = &[req("title", Str), actor(req("of", Str)), opt("since", Str), opt("until", Str)];
const RELATION: &[Field] = &[
    opt("id", Str),
    actor(req("subject", Str)),
    req("kind", Str),
    actor(req("object", Str)),
    opt("since", Str),
    opt("until", Str),
    opt("on", Str),
    actor(opt("since_event", Str)),
    actor(opt("until_event", Str)),
    opt("status", Str),
    opt("negated", Bool),
    actor(opt("about", StrList)),
    actor(opt("place", Str)),
    opt("strength", Str),
    opt("confidence", Number),
    opt("evidence", Quotes),
    opt("note", Str),
];
const QUOTE: &[Field] = &[req("source", Str), req("text", Str)];
const SOURCE: &[Field] = &[
    req("id", Str),
    opt("title", Str),
    opt("publisher", Str),
    opt("published", Str),
    opt("url", Str),
    opt("text", Str),
];
const ACTOR_KIND: &[Field] =
    &[req("id", Str), opt("label", Str), opt("parent", Str), opt("shape", Str), opt("color", Str)];
const RELATION_KIND: &[Field] = &[
    req("id", Str),
    opt("label", Str),
    opt("directed", Bool),
    opt("polarity", Str),
    opt("category", Str),
    opt("subjects", StrList),
    opt("objects", StrList),
    opt("cameo", Str),
    opt("color", Str),
    opt("style", Str),
];

/// Every form of the format: the one table the serde shapes ([`crate::raw`]), the edits and the
/// writer ([`crate::writer`]) are checked against.
pub const FORMS: &[Form] = &[
    Form { name: "Country", section: Some(Section::Actors), fields: COUNTRY },
    Form { name: "Person", section: Some(Section::Actors), fields: PERSON },
    Form { name: "Organization", section: Some(Section::Actors), fields: ORGANIZATION },
    Form { name: "Event", section: Some(Section::Actors), fields: EVENT },
    Form { name: "Actor", section: Some(Section::Actors), fields: GENERIC },
    Form { name: "Office", section: None, fields: OFFICE },
    Form { name: "Relation", section: Some(Section::Relations), fields: RELATION },
    Form { name: "Quote", section: None, fields: QUOTE },
    Form { name: "Source", section: Some(Section::Sources), fields: SOURCE },
    Form { name: "ActorKind", section: Some(Section::ActorKinds), fields: ACTOR_KIND },
    Form { name: "RelationKind", section: Some(Section::RelationKinds), fields: RELATION_KIND },
];

/// The form named `name`.
pub fn form(name: &str) -> Option<&'static Form> {
    FORMS.iter().find(|f| f.name == name)
}

/// The fields of an entry form (`Country`, `Relation`, ...), in the order new ones are written;
/// none for a name that is not a form.
pub fn fields(form_name: &str) -> &'static [Field] {
    form(form_name).map_or(&[], |f| f.fields)
}

/// The type of `field` in `form`, or a message naming the fields there are.
pub fn field_type(form: &str, field: &str) -> Result<FieldType, String> {
    let all = fields(form);
    if let Some(f) = all.iter().find(|f| f.name == field) {
        return Ok(f.ty);
    }
    let near = suggest::closest(field, all.iter().map(|f| (f.name, f.name)));
    let hint = suggest::did_you_mean(&near).unwrap_or_else(|| {
        format!("the fields of `{form}` are {}", all.iter().map(|f| f.name).collect::<Vec<_>>().join(", "))
    });
    Err(format!("`{form}` has no field `{field}`; {hint}"))
}

/// The position of `field` in the writing order of `form`.
pub fn rank(form: &str, field: &str) -> usize {
    fields(form).iter().position(|f| f.name == field).unwrap_or(usize::MAX)
}

/// The name of the form an actor is written in: `Country`, ..., `Actor` for the general form.
pub fn actor_form_name(form: ActorForm) -> &'static str {
    match form {
        ActorForm::Country => "Country",
        ActorForm::Person => "Person",
        ActorForm::Organization => "Organization",
        ActorForm::Event => "Event",
        ActorForm::Generic => "Actor",
    }
}

/// The values an actor kind's `shape` may take: the node shapes of Graphviz, which draws them
/// by these names (a kind that names none is drawn as an ellipse).
pub const SHAPES: &[&str] = &[
    "box",
    "polygon",
    "ellipse",
    "oval",
    "circle",
    "point",
    "egg",
    "triangle",
    "plaintext",
    "plain",
    "diamond",
    "trapezium",
    "parallelogram",
    "house",
    "pentagon",
    "hexagon",
    "septagon",
    "octagon",
    "doublecircle",
    "doubleoctagon",
    "tripleoctagon",
    "invtriangle",
    "invtrapezium",
    "invhouse",
    "Mdiamond",
    "Msquare",
    "Mcircle",
    "rect",
    "rectangle",
    "square",
    "star",
    "none",
    "underline",
    "cylinder",
    "note",
    "tab",
    "folder",
    "box3d",
    "component",
    "cds",
    "rarrow",
    "larrow",
];
