//! The one registry: every rule greenlight has, in code order, and selection
//! by code or prefix (`SEC`, `SEC0`, `SEC001`) as in ruff.

use crate::rule::Rule;
use crate::rules;

/// Every rule. Codes are stable: a retired rule keeps its code unused.
pub fn all_rules() -> &'static [&'static Rule] {
    rules::all()
}

pub fn rule_by_code(code: &str) -> Option<&'static Rule> {
    all_rules().iter().copied().find(|r| r.code.eq_ignore_ascii_case(code) || r.name == code)
}

/// Which rules run: `select` (default all) minus `ignore`, by code prefix.
#[derive(Debug, Clone, Default)]
pub struct RuleSelection {
    select: Vec<String>,
    ignore: Vec<String>,
}

impl RuleSelection {
    /// Builds a selection; an unknown code or prefix is an error naming it.
    pub fn new(select: &[String], ignore: &[String]) -> Result<RuleSelection, String> {
        let normalise = |codes: &[String]| -> Result<Vec<String>, String> {
            codes
                .iter()
                .flat_map(|c| c.split(','))
                .map(|c| c.trim().to_ascii_uppercase())
                .filter(|c| !c.is_empty())
                .map(|c| {
                    if c == "ALL" || all_rules().iter().any(|r| r.code.starts_with(&c)) {
                        Ok(c)
                    } else {
                        Err(format!("`{c}` matches no rule code; `greenlight rules` lists them"))
                    }
                })
                .collect()
        };
        Ok(RuleSelection { select: normalise(select)?, ignore: normalise(ignore)? })
    }

    pub fn is_selected(&self, code: &str) -> bool {
        let matches = |prefix: &String| prefix == "ALL" || code.starts_with(prefix.as_str());
        let selected = self.select.is_empty() || self.select.iter().any(matches);
        // The most specific entry wins, as in ruff: `--select SEC --ignore SEC001`.
        let select_len = self.select.iter().filter(|p| matches(p)).map(String::len).max().unwrap_or(0);
        let ignore_len = self.ignore.iter().filter(|p| matches(p)).map(String::len).max();
        selected && ignore_len.is_none_or(|i| i < select_len)
    }

    pub fn rules(&self) -> Vec<&'static Rule> {
        all_rules().iter().copied().filter(|r| self.is_selected(r.code)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_match_their_category() {
        let mut seen = HashSet::new();
        for rule in all_rules() {
            assert!(seen.insert(rule.code), "duplicate code {}", rule.code);
            assert!(rule.code.starts_with(rule.category.prefix()), "{} is not {:?}", rule.code, rule.category);
            let digits = &rule.code[rule.category.prefix().len()..];
            assert!(digits.len() == 3 && digits.chars().all(|c| c.is_ascii_digit()), "{}", rule.code);
            assert!(rule.name.chars().all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit()), "{}", rule.name);
        }
    }

    #[test]
    fn every_rule_is_documented() {
        for rule in all_rules() {
            for section in ["## What it does", "## Why is this bad?", "## Example", "Use instead:"] {
                assert!(rule.doc.contains(section), "{} lacks `{section}`", rule.code);
            }
        }
    }

    #[test]
    fn selection_by_prefix() {
        let s = RuleSelection::new(&["SEC".into()], &["SEC001".into()]).unwrap();
        assert!(s.is_selected("SEC002"));
        assert!(!s.is_selected("SEC001"));
        assert!(!s.is_selected("CFG001"));
        let s = RuleSelection::new(&[], &["CFG".into()]).unwrap();
        assert!(s.is_selected("SEC001"));
        assert!(!s.is_selected("CFG001"));
        let s = RuleSelection::new(&["SEC001".into()], &["SEC".into()]).unwrap();
        assert!(s.is_selected("SEC001"), "the more specific select wins");
        assert!(RuleSelection::new(&["NOPE".into()], &[]).is_err());
    }
}
