//! All rules, grouped by what they read.

use crate::rule::Rule;

pub mod code_quality;
pub mod code_security;
pub mod dependencies;
pub mod deploy;
pub mod project_health;
pub mod settings;
pub mod suppressions;
pub mod templates;
pub mod undetermined;


use std::sync::OnceLock;

/// Every rule, in code order: each family lists its own in `RULES`.
pub fn all() -> &'static [&'static Rule] {
    static ALL: OnceLock<Vec<&'static Rule>> = OnceLock::new();
    ALL.get_or_init(|| {
        let families: &[&[&'static Rule]] = &[
            settings::RULES,
            code_security::RULES,
            code_quality::RULES,
            templates::RULES,
            deploy::RULES,
            dependencies::RULES,
            project_health::RULES,
            &[&undetermined::SETTING_UNDETERMINED, &suppressions::UNUSED_SUPPRESSION],
        ];
        let mut rules: Vec<&'static Rule> = families.iter().flat_map(|family| family.iter().copied()).collect();
        rules.sort_by_key(|r| (r.category, r.code));
        rules
    })
}
