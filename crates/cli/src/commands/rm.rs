//! `diplograph rm TARGET [--cascade]`: remove an actor or a relation.

use anyhow::Result;

use crate::app::Outcome;
use crate::config::{Edit, Global};
use crate::edit::{finish, open, step, target};

pub fn run(global: &Global, wanted: &str, cascade: bool, options: Edit) -> Result<Outcome> {
    let mut editor = open(global, options)?;
    let target = target(&editor, wanted)?;
    if let Some(outcome) = step(editor.remove(&target, cascade))? {
        return Ok(outcome);
    }
    finish(global, editor, options)
}
