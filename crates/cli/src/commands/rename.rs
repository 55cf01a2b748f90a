//! `diplograph rename OLD NEW`: change an actor's id and every reference to it.

use anyhow::Result;

use crate::app::Outcome;
use crate::cli::{Global, RenameArgs};
use crate::edit::{finish, open, step};

pub fn run(global: &Global, args: RenameArgs) -> Result<Outcome> {
    let mut editor = open(global, &args.edit)?;
    if let Some(outcome) = step(editor.rename(&args.old, &args.new, !args.no_alias))? {
        return Ok(outcome);
    }
    finish(global, editor, &args.edit)
}
