//! The core's hints written in the syntax of the files: a hint that names a construct of the
//! format (declare an actor, add evidence) becomes RON the user can copy.

use diplograph_core::Help;

use crate::schema;

/// The text of a hint, for a message.
pub fn help_text(help: &Help) -> String {
    match help {
        Help::Text(text) => text.clone(),
        Help::DeclareActor(id) => {
            format!("define it, for example `Country(id: \"{id}\", name: \"...\")`, or correct the id")
        }
        Help::DeclareSource(id) => {
            format!("declare it: `Source(id: \"{id}\", title: \"...\")` in a `sources: [...]` list")
        }
        Help::AddActorKind => "add `kind: \"...\"` naming an actor kind of the vocabulary".to_owned(),
        Help::GeneralForm { form, kinds, kind } => {
            let form = schema::actor_form_name(*form);
            format!("`{form}(...)` takes one of {kinds}; use `Actor(kind: \"{kind}\", ...)` for other kinds")
        }
        Help::AddPolarity => "add `polarity: \"cooperative\"`, `\"hostile\"` or `\"neutral\"`".to_owned(),
        Help::DeclareRootKind(id) => {
            format!("add `ActorKind(id: \"{id}\", label: ...)`: the `{}(...)` form of actors needs it", capitalised(id))
        }
        Help::DeclareHoldsOffice => "add `RelationKind(id: \"holds_office\", polarity: \"neutral\", category: \"role\", subjects: [\"person\"])`: offices are drawn and queried through it".to_owned(),
        Help::MoveOfficeToPerson => "move the office to a `Person(...)`".to_owned(),
        Help::WriteOfficeOnPerson => {
            "write `offices: [Office(title: ..., of: ...)]` on the `Person(...)`: the relation is then derived"
                .to_owned()
        }
        Help::AddEvidence => {
            "add `evidence: [Quote(source: \"...\", text: \"...\")]` with the words that support it".to_owned()
        }
        Help::AddSourceText(id) => format!(
            "give it its full text, `text: \"sources/{id}.txt\"` (relative to this file), and every quote citing it is checked against it"
        ),
    }
}

/// `country` as the form's name, `Country`.
fn capitalised(id: &str) -> String {
    let mut chars = id.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_that_name_a_construct_are_written_in_ron() {
        assert_eq!(help_text(&Help::Text("remove it".into())), "remove it");
        let declare = help_text(&Help::DeclareActor("iram".into()));
        assert!(declare.contains(r#"`Country(id: "iram", name: "...")`"#), "{declare}");
        let form = Help::GeneralForm {
            form: diplograph_core::ActorForm::Country,
            kinds: "\"country\"".into(),
            kind: "city".into(),
        };
        assert!(help_text(&form).contains(r#"use `Actor(kind: "city", ...)`"#));
    }
}
