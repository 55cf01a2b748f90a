//! `diplograph rm TARGET [--cascade]`: remove an actor or a relation.

use anyhow::Result;

use crate::app::Outcome;
use crate::cli::{Global, RmArgs};
use crate::edit::{finish, open, step, target};

pub fn run(global: &Global, args: RmArgs) -> Result<Outcome> {
    let mut editor = open(global)?;
    let target = target(&editor, &args.target)?;
    if let Some(outcome) = step(editor.remove(&target, args.cascade))? {
        return Ok(outcome);
    }
    finish(global, editor, &args.edit)
}
