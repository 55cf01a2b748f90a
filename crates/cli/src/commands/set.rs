//! `diplograph set TARGET FIELD=VALUE...`: change fields of one actor or relation.

use anyhow::Result;
use diplograph_edit::Assignment;

use crate::app::Outcome;
use crate::cli::{Global, SetArgs};
use crate::edit::{finish, open, step, target};

pub fn run(global: &Global, args: SetArgs) -> Result<Outcome> {
    let mut editor = open(global)?;
    let target = target(&editor, &args.target)?;
    let result = args
        .assignments
        .iter()
        .map(|s| Assignment::parse(s))
        .collect::<Result<Vec<_>, _>>()
        .and_then(|a| editor.set(&target, &a));
    if let Some(outcome) = step(result)? {
        return Ok(outcome);
    }
    finish(global, editor, &args.edit)
}
