//! `diplograph add actor|relation`: add an entry, in the file where its kind already lives.

use anyhow::Result;
use diplograph_edit::Assignment;

use crate::app::Outcome;
use crate::cli::{AddActorArgs, AddCommand, AddRelationArgs, Global};
use crate::edit::{finish, open, step};

pub fn run(global: &Global, command: AddCommand) -> Result<Outcome> {
    match command {
        AddCommand::Actor(args) => actor(global, args),
        AddCommand::Relation(args) => relation(global, args),
    }
}

fn parse_all(items: &[String]) -> Result<Vec<Assignment>, diplograph_edit::Error> {
    items.iter().map(|s| Assignment::parse(s)).collect()
}

fn actor(global: &Global, args: AddActorArgs) -> Result<Outcome> {
    let mut editor = open(global)?;
    let mut assignments: Vec<Assignment> = args.aliases.iter().map(|a| Assignment::add("aliases", a)).collect();
    let result = parse_all(&args.set).and_then(|set| {
        assignments.extend(set);
        editor.add_actor(&args.kind, &args.id, &args.name, &assignments, args.file.as_deref())
    });
    if let Some(outcome) = step(result)? {
        return Ok(outcome);
    }
    finish(global, editor, &args.edit)
}

fn relation(global: &Global, args: AddRelationArgs) -> Result<Outcome> {
    let mut editor = open(global)?;
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
    scalar("place", &args.place);
    scalar("strength", &args.strength);
    scalar("confidence", &args.confidence);
    scalar("note", &args.note);
    if args.negated {
        a.push(Assignment::set("negated", "true"));
    }
    a.extend(args.about.iter().map(|x| Assignment::add("about", x)));
    a.extend(args.evidence.iter().map(|x| Assignment::add("evidence", x)));
    if let Some(outcome) = step(editor.add_relation(&args.subject, &args.kind, &args.object, &a, args.file.as_deref()))?
    {
        return Ok(outcome);
    }
    finish(global, editor, &args.edit)
}
