//! Rules over dependency declarations: requirements, pyproject, Pipfile, and
//! the lock files that pin them (parsed by `greenlight_core::manifests`).

use crate::rule::Rule;

mod conflicts;
mod dev_packages;
pub mod django_releases;
mod django_version;
mod drivers;
mod pinning;
mod support;
mod unused;

/// This family's rules (wired into the registry by `rules::all`).
pub static RULES: &[&Rule] = &[
    &pinning::UNPINNED_REQUIREMENT,
    &pinning::LOOSE_REQUIREMENT,
    &django_version::DJANGO_END_OF_LIFE,
    &django_version::DJANGO_SECURITY_RELEASE_MISSING,
    &unused::DECLARED_BUT_UNUSED,
    &dev_packages::DEVELOPMENT_PACKAGE_IN_PRODUCTION,
    &drivers::DATABASE_DRIVER_MISSING,
    &conflicts::CONFLICTING_PINS,
    &unused::ERROR_TRACKING_NOT_CONFIGURED,
];
