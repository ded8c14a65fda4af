//! Rules over dependency declarations: requirements, pyproject, Pipfile.

use crate::rule::Rule;

/// This family's rules (wired into the registry by `rules::all`).
pub static RULES: &[&Rule] = &[];
