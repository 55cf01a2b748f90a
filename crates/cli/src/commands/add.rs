//! `diplograph add actor|relation|source|kind`: add an entry, in the file where its kind already lives.

use anyhow::Result;
use diplograph_edit::Assignment;

use crate::app::{Outcome, UsageError};
use crate::cli::{AddActorArgs, AddCommand, AddKindArgs, AddRelationArgs, AddSourceArgs, Global, KindSort};
use crate::edit::{actor_id, finish, open, step};

pub fn run(global: &Global, command: AddCommand) -> Result<Outcome> {
    match command {
        AddCommand::Actor(args) => actor(global, args),
        AddCommand::Relation(args) => relation(global, args),
        AddCommand::Source(args) => source(global, args),
        AddCommand::Kind(args) => kind(global, args),
    }
}

fn kind(global: &Global, args: AddKindArgs) -> Result<Outcome> {
    let mut editor = open(global)?;
    let relation = args.sort == KindSort::Relation;
    let fields = [("label", &args.label), ("polarity", &args.polarity), ("parent", &args.parent)];
    let mut assignments: Vec<Assignment> =
        fields.iter().filter_map(|(field, value)| value.as_deref().map(|v| Assignment::set(field, v))).collect();
    let result = parse_all(&args.set).and_then(|set| {
        assignments.extend(set);
        editor.add_kind(relation, &args.id, &assignments, args.file.as_deref())
    });
    if let Some(outcome) = step(result)? {
        return Ok(outcome);
    }
    finish(global, editor, &args.edit)
}

fn source(global: &Global, args: AddSourceArgs) -> Result<Outcome> {
    let text = match &args.text {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .map_err(|e| UsageError(format!("cannot read the text {}: {e}", path.display())))?,
        ),
        None => None,
    };
    let mut editor = open(global)?;
    let fields =
        [("title", &args.title), ("publisher", &args.publisher), ("published", &args.published), ("url", &args.url)];
    let assignments: Vec<Assignment> =
        fields.iter().filter_map(|(field, value)| value.as_deref().map(|v| Assignment::set(field, v))).collect();
    if let Some(outcome) = step(editor.add_source(&args.id, &assignments, text.as_deref(), args.file.as_deref()))? {
        return Ok(outcome);
    }
    finish(global, editor, &args.edit)
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
    finish(global, editor, &args.edit)
}
