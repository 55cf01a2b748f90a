//! `diplograph rename OLD NEW`: change an actor's id and every reference to it.

use anyhow::Result;

use crate::app::Outcome;
use crate::config::{Edit, Global};
use crate::edit::{finish, open, step};

pub fn run(global: &Global, old: &str, new: &str, alias: bool, options: Edit) -> Result<Outcome> {
    let mut editor = open(global, options)?;
    if let Some(outcome) = step(editor.rename(old, new, alias))? {
        return Ok(outcome);
    }
    finish(global, editor, options)
}
