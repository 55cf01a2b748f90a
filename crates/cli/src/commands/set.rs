//! `diplograph set TARGET FIELD=VALUE...`: change fields of one actor or relation.

use anyhow::Result;
use diplograph_edit::Assignment;

use crate::app::Outcome;
use crate::config::{Edit, Global};
use crate::edit::{finish, open, step, target};

pub fn run(global: &Global, wanted: &str, assignments: &[Assignment], options: Edit) -> Result<Outcome> {
    let mut editor = open(global, options)?;
    let target = target(&editor, wanted)?;
    if let Some(outcome) = step(editor.set(&target, assignments))? {
        return Ok(outcome);
    }
    finish(global, editor, options)
}
