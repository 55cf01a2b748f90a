//! Which fields each entry form has, their types, and the order new fields are written in.

use diplograph_core::suggest;

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

/// Whether a field's values are actor ids (renames and removals follow them).
pub fn refers_to_actors(form: &str, field: &str) -> bool {
    match form {
        "Relation" => matches!(field, "subject" | "object" | "about" | "place"),
        _ => matches!(field, "country" | "place"),
    }
}

const COUNTRY: &[(&str, FieldType)] = &[
    ("id", FieldType::Str),
    ("name", FieldType::Str),
    ("kind", FieldType::Str),
    ("iso3", FieldType::Str),
    ("aliases", FieldType::StrList),
    ("tags", FieldType::StrList),
    ("note", FieldType::Str),
];
const PERSON: &[(&str, FieldType)] = &[
    ("id", FieldType::Str),
    ("name", FieldType::Str),
    ("kind", FieldType::Str),
    ("aliases", FieldType::StrList),
    ("tags", FieldType::StrList),
    ("country", FieldType::Str),
    ("offices", FieldType::Offices),
    ("note", FieldType::Str),
];
const ORGANIZATION: &[(&str, FieldType)] = &[
    ("id", FieldType::Str),
    ("name", FieldType::Str),
    ("kind", FieldType::Str),
    ("aliases", FieldType::StrList),
    ("tags", FieldType::StrList),
    ("country", FieldType::Str),
    ("note", FieldType::Str),
];
const EVENT: &[(&str, FieldType)] = &[
    ("id", FieldType::Str),
    ("name", FieldType::Str),
    ("kind", FieldType::Str),
    ("aliases", FieldType::StrList),
    ("tags", FieldType::StrList),
    ("start", FieldType::Str),
    ("end", FieldType::Str),
    ("place", FieldType::Str),
    ("note", FieldType::Str),
];
const GENERIC: &[(&str, FieldType)] = &[
    ("kind", FieldType::Str),
    ("id", FieldType::Str),
    ("name", FieldType::Str),
    ("iso3", FieldType::Str),
    ("aliases", FieldType::StrList),
    ("tags", FieldType::StrList),
    ("country", FieldType::Str),
    ("offices", FieldType::Offices),
    ("start", FieldType::Str),
    ("end", FieldType::Str),
    ("place", FieldType::Str),
    ("note", FieldType::Str),
];
const RELATION: &[(&str, FieldType)] = &[
    ("id", FieldType::Str),
    ("subject", FieldType::Str),
    ("kind", FieldType::Str),
    ("object", FieldType::Str),
    ("since", FieldType::Str),
    ("until", FieldType::Str),
    ("status", FieldType::Str),
    ("negated", FieldType::Bool),
    ("about", FieldType::StrList),
    ("place", FieldType::Str),
    ("strength", FieldType::Str),
    ("confidence", FieldType::Number),
    ("evidence", FieldType::Quotes),
    ("note", FieldType::Str),
];
const SOURCE: &[(&str, FieldType)] = &[
    ("id", FieldType::Str),
    ("title", FieldType::Str),
    ("publisher", FieldType::Str),
    ("published", FieldType::Str),
    ("url", FieldType::Str),
    ("text", FieldType::Str),
];

const ACTOR_KIND: &[(&str, FieldType)] = &[
    ("id", FieldType::Str),
    ("label", FieldType::Str),
    ("parent", FieldType::Str),
    ("shape", FieldType::Str),
    ("color", FieldType::Str),
];
const RELATION_KIND: &[(&str, FieldType)] = &[
    ("id", FieldType::Str),
    ("label", FieldType::Str),
    ("directed", FieldType::Bool),
    ("polarity", FieldType::Str),
    ("category", FieldType::Str),
    ("subjects", FieldType::StrList),
    ("objects", FieldType::StrList),
    ("cameo", FieldType::Str),
    ("color", FieldType::Str),
    ("style", FieldType::Str),
];

/// The fields of an entry form (`Country`, `Relation`, ...), in the order new ones are written.
pub fn fields(form: &str) -> &'static [(&'static str, FieldType)] {
    match form {
        "Country" => COUNTRY,
        "Person" => PERSON,
        "Organization" => ORGANIZATION,
        "Event" => EVENT,
        "Actor" => GENERIC,
        "Relation" => RELATION,
        "Source" => SOURCE,
        "ActorKind" => ACTOR_KIND,
        "RelationKind" => RELATION_KIND,
        _ => &[],
    }
}

/// The type of `field` in `form`, or a message naming the fields there are.
pub fn field_type(form: &str, field: &str) -> Result<FieldType, String> {
    let all = fields(form);
    if let Some((_, t)) = all.iter().find(|(n, _)| *n == field) {
        return Ok(*t);
    }
    let near = suggest::closest(field, all.iter().map(|(n, _)| (*n, *n)));
    let hint = suggest::did_you_mean(&near).unwrap_or_else(|| {
        format!("the fields of `{form}` are {}", all.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "))
    });
    Err(format!("`{form}` has no field `{field}`; {hint}"))
}

/// The position of `field` in the writing order of `form`.
pub fn rank(form: &str, field: &str) -> usize {
    fields(form).iter().position(|(n, _)| *n == field).unwrap_or(usize::MAX)
}
