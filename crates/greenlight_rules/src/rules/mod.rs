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

use rayon::prelude::*;

use crate::checker::Checker;

/// Builds what several rules share (each file's node index and callees, the
/// queryset analysis, the models, the tokenized templates) before the rules
/// run: `GREENLIGHT_PROFILE_RULES` then times each rule's own work instead of
/// charging a shared analysis to whichever rule asked first.
pub(crate) fn build_shared_analyses(checker: &Checker) {
    // Test files are outlines that no rule walks (building their index would parse them again).
    let walked: Vec<_> = checker.python_files().iter().filter(|f| f.role != crate::analysis::FileRole::Test).collect();
    walked.par_iter().for_each(|file| file.build_caches());
    code_quality::build_shared_analyses(checker);
    templates::build_shared_analyses(checker);
}

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
