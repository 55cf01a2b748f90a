//! `diplograph add actor|relation|source|kind`: add an entry, in the file where its kind already lives.

use anyhow::Result;
use diplograph_edit::Assignment;

use crate::app::{Outcome, UsageError};
use crate::config::{Add, AddRelation, Global};
use crate::edit::{finish, known_actor_id as known, open, step};

pub fn run(global: &Global, command: Add) -> Result<Outcome> {
    match command {
        Add::Actor { kind, id, name, mut assignments, file, edit } => {
            let mut editor = open(global, edit)?;
            // The fields that name an actor (a person's `country`, an event's `place`).
            for a in assignments.iter_mut().filter(|a| diplograph_edit::names_actor(&a.field) && !a.value.is_empty()) {
                a.value = known(&editor, &a.value, &format!("--set {}", a.field))?;
            }
            if let Some(outcome) = step(editor.add_actor(&kind, &id, &name, &assignments, file.as_deref()))? {
                return Ok(outcome);
            }
            finish(global, editor, edit)
        }
        Add::Relation(relation) => add_relation(global, *relation),
        Add::Source { id, assignments, text, file, edit } => {
            let text = match &text {
                Some(path) => Some(
                    std::fs::read_to_string(path)
                        .map_err(|e| UsageError(format!("cannot read the text {}: {e}", path.display())))?,
                ),
                None => None,
            };
            let mut editor = open(global, edit)?;
            if let Some(outcome) = step(editor.add_source(&id, &assignments, text.as_deref(), file.as_deref()))? {
                return Ok(outcome);
            }
            finish(global, editor, edit)
        }
        Add::Kind { relation, id, assignments, file, edit } => {
            let mut editor = open(global, edit)?;
            if let Some(outcome) = step(editor.add_kind(relation, &id, &assignments, file.as_deref()))? {
                return Ok(outcome);
            }
            finish(global, editor, edit)
        }
    }
}

fn add_relation(global: &Global, args: AddRelation) -> Result<Outcome> {
    let mut editor = open(global, args.edit)?;
    // Actors by id, name or alias.
    let (subject, object) = (known(&editor, &args.subject, "SUBJECT")?, known(&editor, &args.object, "OBJECT")?);
    let place = args.place.as_deref().map(|p| known(&editor, p, "--place")).transpose()?;
    let about = args.about.iter().map(|x| known(&editor, x, "--about")).collect::<Result<Vec<_>>>()?;
    let mut a = Vec::new();
    let mut scalar = |field: &str, value: &Option<String>| {
        if let Some(v) = value {
            a.push(Assignment::set(field, v));
        }
    };
    scalar("id", &args.id);
    scalar("since", &args.since);
    scalar("until", &args.until);
    scalar("on", &args.on);
    scalar("since_event", &args.since_event);
    scalar("until_event", &args.until_event);
    scalar("status", &args.status);
    scalar("place", &place);
    scalar("strength", &args.strength);
    scalar("confidence", &args.confidence);
    scalar("note", &args.note);
    if args.negated {
        a.push(Assignment::set("negated", "true"));
    }
    a.extend(about.iter().map(|x| Assignment::add("about", x)));
    a.extend(args.evidence.iter().chain(&args.background).map(|x| Assignment::add("evidence", x)));
    if let Some(outcome) = step(editor.add_relation(&subject, &args.kind, &object, &a, args.file.as_deref()))? {
        return Ok(outcome);
    }
    finish(global, editor, args.edit)
}
