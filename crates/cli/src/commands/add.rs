//! `diplograph add actor|relation|source|kind`: add an entry, in the file where its kind already lives.

use anyhow::Result;
use diplograph_edit::Assignment;

use crate::app::{Outcome, UsageError};
use crate::config::{Add, AddRelation, Global};
use crate::edit::{actor_id, finish, open, step};

pub fn run(global: &Global, command: Add) -> Result<Outcome> {
    match command {
        Add::Actor { kind, id, name, assignments, file, edit } => {
            let mut editor = open(global, edit)?;
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
    let place = args.place.as_deref().map(|p| actor_id(&editor, p)).transpose()?;
    let about = args.about.iter().map(|x| actor_id(&editor, x)).collect::<Result<Vec<_>>>()?;
    let (subject, object) = (actor_id(&editor, &args.subject)?, actor_id(&editor, &args.object)?);
    let mut a = Vec::new();
    let mut scalar = |field: &str, value: &Option<String>| {
        if let Some(v) = value {
            a.push(Assignment::set(field, v));
        }
    };
    scalar("id", &args.id);
    scalar("since", &args.since);
    scalar("until", &args.until);
    scalar("status", &args.status);
    scalar("place", &place);
    scalar("strength", &args.strength);
    scalar("confidence", &args.confidence);
    scalar("note", &args.note);
    if args.negated {
        a.push(Assignment::set("negated", "true"));
    }
    a.extend(about.iter().map(|x| Assignment::add("about", x)));
    a.extend(args.evidence.iter().map(|x| Assignment::add("evidence", x)));
    if let Some(outcome) = step(editor.add_relation(&subject, &args.kind, &object, &a, args.file.as_deref()))? {
        return Ok(outcome);
    }
    finish(global, editor, args.edit)
}
