//! greenlight's rules: the registry, the finding model, and the rules
//! themselves, one small family per file under `rules/<area>/`.

pub mod analysis;
pub mod checker;
pub mod docs;
pub mod suppression;
pub mod finding;
pub mod fuzzing;
pub mod registry;
pub mod rule;
pub mod rules;

pub use checker::{check_project, Checker};
pub use finding::{Applicability, Category, Edit, Finding, Fix, Severity};
pub mod fixes;
pub use registry::{all_rules, rule_by_code, RuleSelection};
pub use rule::Rule;
