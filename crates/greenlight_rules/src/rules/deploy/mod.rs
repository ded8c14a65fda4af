//! Rules over deployment files: Dockerfile, compose, Procfile, env files, URL configuration for media.

use crate::rule::Rule;

/// This family's rules (wired into the registry by `rules::all`).
pub static RULES: &[&Rule] = &[];
