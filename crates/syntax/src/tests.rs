//! The table of forms, the serde shapes and the writer agree: any field added to one and not to
//! the others fails here.

use diplograph_core::{ActorForm, ActorSpec, EvidenceSpec, OfficeSpec, RelationSpec, SourceSpec};
use proptest::prelude::*;
use ron::error::Error as RonError;

use crate::raw::{
    ActorKindRaw, ActorRaw, BackgroundRaw, OfficeRaw, QuoteRaw, RelationKindRaw, RelationRaw, SourceRaw, ron_options,
};
use crate::schema::{FORMS, Field, FieldType, Form};
use crate::writer;

/// Reads `text` as an entry of `form` with the loader's serde shape for it.
fn read(form: &str, text: &str) -> Result<(), RonError> {
    let o = ron_options();
    let r = match form {
        "Country" | "Person" | "Organization" | "Event" | "Actor" => o.from_str::<ActorRaw>(text).map(drop),
        "Office" => o.from_str::<OfficeRaw>(text).map(drop),
        "Relation" => o.from_str::<RelationRaw>(text).map(drop),
        "Quote" => o.from_str::<QuoteRaw>(text).map(drop),
        "Background" => o.from_str::<BackgroundRaw>(text).map(drop),
        "Source" => o.from_str::<SourceRaw>(text).map(drop),
        "ActorKind" => o.from_str::<ActorKindRaw>(text).map(drop),
        "RelationKind" => o.from_str::<RelationKindRaw>(text).map(drop),
        other => panic!("the form `{other}` of the table has no serde shape"),
    };
    r.map_err(|e| e.code)
}

/// A value of a field's type.
fn sample(ty: FieldType) -> &'static str {
    match ty {
        FieldType::Str => "\"x\"",
        FieldType::Bool => "true",
        FieldType::Number => "0.5",
        FieldType::StrList => "[\"x\"]",
        FieldType::Evidence => "[Quote(source: \"s\", text: \"t\"), Background(source: \"g\", fields: [\"since\"])]",
        FieldType::Offices => "[Office(title: \"t\", of: \"o\")]",
    }
}

fn text(form: &Form, fields: impl Iterator<Item = &'static Field>) -> String {
    let body: Vec<String> = fields.map(|f| format!("{}: {}", f.name, sample(f.ty))).collect();
    format!("{}({})", form.name, body.join(", "))
}

#[test]
fn every_serde_shape_has_exactly_the_fields_of_the_table() {
    for form in FORMS {
        let err = read(form.name, &format!("{}(no_such_field: 1)", form.name)).unwrap_err();
        let RonError::NoSuchStructField { expected, .. } = err else { panic!("{}: {err:?}", form.name) };
        let mut shape: Vec<&str> = expected.to_vec();
        let mut table: Vec<&str> = form.fields.iter().map(|f| f.name).collect();
        shape.sort_unstable();
        table.sort_unstable();
        assert_eq!(shape, table, "the fields of `{}`: serde shape, then table", form.name);
    }
}

#[test]
fn every_field_reads_with_the_type_of_the_table() {
    for form in FORMS {
        let all = text(form, form.fields.iter());
        read(form.name, &all).unwrap_or_else(|e| panic!("{all}: {e:?}"));
    }
}

#[test]
fn exactly_the_required_fields_of_the_table_are_required() {
    for form in FORMS {
        let required = || form.fields.iter().filter(|f| f.required);
        let least = text(form, required());
        read(form.name, &least).unwrap_or_else(|e| panic!("{least}: {e:?}"));
        for missing in required() {
            let without = text(form, required().filter(|f| f.name != missing.name));
            match read(form.name, &without) {
                Err(RonError::MissingStructField { field, .. }) => assert_eq!(field, missing.name, "{without}"),
                other => panic!("{without}: {other:?}, expected `{}` to be missing", missing.name),
            }
        }
    }
}

#[test]
fn every_form_of_a_section_is_a_variant_of_its_shape() {
    let Err(err) = ron_options().from_str::<ActorRaw>("NoSuchForm(id: \"x\")").map(drop) else { panic!() };
    let err = err.code;
    let RonError::NoSuchEnumVariant { expected, .. } = err else { panic!("{err:?}") };
    let mut shape: Vec<&str> = expected.to_vec();
    let mut table: Vec<&str> =
        FORMS.iter().filter(|f| f.section == Some(crate::outline::Section::Actors)).map(|f| f.name).collect();
    shape.sort_unstable();
    table.sort_unstable();
    assert_eq!(shape, table);
}

fn text_strategy() -> impl Strategy<Value = String> {
    prop_oneof!["[a-z_]{1,8}", any::<String>()]
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(text_strategy())
}

fn actor_strategy() -> impl Strategy<Value = ActorSpec> {
    let form = prop_oneof![
        Just(ActorForm::Country),
        Just(ActorForm::Person),
        Just(ActorForm::Organization),
        Just(ActorForm::Event),
        Just(ActorForm::Generic),
    ];
    let office = (text_strategy(), text_strategy(), opt_text(), opt_text(), evidence_strategy())
        .prop_map(|(title, of, since, until, evidence)| OfficeSpec { title, of, since, until, evidence });
    (
        form,
        (text_strategy(), text_strategy(), opt_text(), prop::collection::vec(text_strategy(), 0..3)),
        (prop::collection::vec(text_strategy(), 0..3), opt_text(), opt_text(), opt_text()),
        (prop::collection::vec(office, 0..3), opt_text(), opt_text(), opt_text(), opt_text()),
        evidence_strategy(),
    )
        .prop_map(
            |(
                form,
                (id, name, kind, aliases),
                (tags, note, iso3, country),
                (offices, start, end, on, place),
                evidence,
            )| {
                let mut a = ActorSpec { aliases, kind, tags, note, evidence, ..ActorSpec::new(form, id, name) };
                // Each form holds the fields of the table only; a generic actor always has a kind.
                match form {
                    ActorForm::Country => a.iso3 = iso3,
                    ActorForm::Person => (a.country, a.offices) = (country, offices),
                    ActorForm::Organization => a.country = country,
                    ActorForm::Event => (a.start, a.end, a.on, a.place) = (start, end, on, place),
                    ActorForm::Generic => {
                        a.kind = Some(a.kind.unwrap_or_default());
                        (a.iso3, a.country, a.offices, a.start, a.end, a.on, a.place) =
                            (iso3, country, offices, start, end, on, place);
                    }
                }
                a
            },
        )
}

/// Evidence lists: quotes and background knowledge, in any order.
fn evidence_strategy() -> impl Strategy<Value = Vec<EvidenceSpec>> {
    let quote = (text_strategy(), text_strategy()).prop_map(|(source, text)| EvidenceSpec::Quote { source, text });
    let background = (text_strategy(), prop::collection::vec(text_strategy(), 0..3), opt_text())
        .prop_map(|(source, fields, note)| EvidenceSpec::Background { source, fields, note });
    prop::collection::vec(prop_oneof![quote, background], 0..3)
}

fn relation_strategy() -> impl Strategy<Value = RelationSpec> {
    (
        (opt_text(), text_strategy(), text_strategy(), text_strategy(), opt_text(), opt_text(), opt_text()),
        (any::<bool>(), prop::collection::vec(text_strategy(), 0..3), opt_text(), opt_text()),
        (proptest::option::of(0.0f64..=1.0), evidence_strategy(), opt_text()),
        (opt_text(), opt_text(), opt_text()),
    )
        .prop_map(
            |(
                (id, subject, kind, object, since, until, status),
                (negated, about, place, strength),
                (confidence, evidence, note),
                (on, since_event, until_event),
            )| RelationSpec {
                id,
                subject,
                kind,
                object,
                since,
                until,
                on,
                since_event,
                until_event,
                status,
                negated,
                about,
                place,
                strength,
                confidence,
                evidence,
                note,
            },
        )
}

proptest! {
    #[test]
    fn actors_written_read_back_the_same(a in actor_strategy()) {
        let text = writer::actor(&a);
        let read = ron_options().from_str::<ActorRaw>(&text).map(ActorRaw::into_spec);
        prop_assert_eq!(format!("{read:?}"), format!("{:?}", Ok::<_, ron::error::SpannedError>(a)), "{}", text);
    }

    #[test]
    fn relations_written_read_back_the_same(r in relation_strategy()) {
        let text = writer::relation(&r);
        let read = ron_options().from_str::<RelationRaw>(&text).map(RelationRaw::into_spec);
        prop_assert_eq!(format!("{read:?}"), format!("{:?}", Ok::<_, ron::error::SpannedError>(r)), "{}", text);
    }

    #[test]
    fn sources_written_read_back_the_same(
        id in text_strategy(), title in opt_text(), publisher in opt_text(), published in opt_text(), url in opt_text(),
        file in opt_text(), kind in opt_text(),
    ) {
        let s = SourceSpec { id, title, publisher, published, url, kind, text: file };
        let text = writer::source(&s);
        let raw = ron_options().from_str::<SourceRaw>(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let file = raw.text.clone();
        prop_assert_eq!(format!("{:?}", raw.into_spec(file)), format!("{s:?}"), "{}", text);
    }
}

/// Text made of the pieces RON files are made of, in any order: the input of the lexer and
/// outline properties (the fuzz target `outline` checks the same on what libFuzzer finds).
fn soup() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Graph",
        "Vocabulary",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ",",
        ":",
        "\"",
        "\\",
        "//",
        "/*",
        "*/",
        "\n",
        "\r",
        "\r\n",
        " ",
        "actors",
        "relations",
        "sources",
        "Country",
        "Relation",
        "id",
        "r#\"",
        "\"#",
        "'",
        "#",
        "é",
        "0.5",
        "true",
        "\u{FEFF}",
        "\u{A0}",
        "\0",
        "\"a\"",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_lexer_and_the_outline_hold_on_any_text(text in soup()) {
        crate::fuzzing::lexer_and_outline(&text);
        crate::fuzzing::line_endings(&text);
    }

    #[test]
    fn the_lexer_and_the_outline_hold_on_any_characters(text in "\\PC{0,80}") {
        crate::fuzzing::lexer_and_outline(&text);
    }
}
