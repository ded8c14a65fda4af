//! Reliability, performance and observability rules over application code.

use crate::rule::Rule;

/// This family's rules (wired into the registry by `rules::all`).
pub static RULES: &[&Rule] = &[];
