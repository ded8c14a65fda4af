//! Rules about the project as a whole: tests, CI, coverage, documentation.

use crate::rule::Rule;

mod ci;
mod docs;
mod env_docs;
mod support;
mod tests;

/// This family's rules (wired into the registry by `rules::all`).
pub static RULES: &[&Rule] = &[
    &tests::NO_TESTS,
    &tests::EMPTY_TEST_MODULE,
    &tests::APP_WITHOUT_TESTS,
    &ci::NO_CI,
    &ci::CI_RUNS_NO_TESTS,
    &ci::NO_COVERAGE_CONFIG,
    &docs::NO_README,
    &docs::README_NO_SETUP,
    &docs::README_NO_DEPLOYMENT,
    &env_docs::ENV_VARS_UNDOCUMENTED,
    &env_docs::NO_ENV_EXAMPLE,
];
