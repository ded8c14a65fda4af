//! Security rules over application code: CSRF exemptions, SQL and template injection,
//! dangerous calls, credentials in code, webhooks, uploads, authentication, APIs.

use crate::rule::Rule;

/// This family's rules (wired into the registry by `rules::all`).
pub static RULES: &[&Rule] = &[];
