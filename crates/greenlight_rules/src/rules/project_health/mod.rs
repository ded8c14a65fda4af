//! Rules about the project as a whole: tests, CI, coverage, documentation.

use crate::rule::Rule;

/// This family's rules (wired into the registry by `rules::all`).
pub static RULES: &[&Rule] = &[];
