//! The parts of a rule's documentation the reports quote: "why it matters"
//! comes from the rule's own `## Why is this bad?` section and the fallback
//! fix example from its `Use instead:` block, so reports never restate (and
//! never contradict) the rule docs.

use greenlight_rules::{rule_by_code, Rule};

/// The body of the `## {heading}` section, trimmed (empty sections are `None`).
pub fn section<'d>(doc: &'d str, heading: &str) -> Option<&'d str> {
    let marker = format!("## {heading}");
    let start = doc.lines().scan(0usize, |offset, line| {
        let here = *offset;
        *offset += line.len() + 1;
        Some((here, line))
    });
    let (at, line) = start.into_iter().find(|(_, line)| line.trim_end() == marker)?;
    let body_start = (at + line.len() + 1).min(doc.len());
    let rest = &doc[body_start..];
    let end = rest.find("\n## ").map(|i| i + 1).unwrap_or(rest.len());
    let body = rest[..end].trim();
    (!body.is_empty()).then_some(body)
}

/// "Why is this bad?", as prose.
pub fn why_it_matters(rule: &Rule) -> Option<&'static str> {
    section(rule.doc, "Why is this bad?")
}

/// What the rule checks ("What it does").
pub fn what_it_does(rule: &Rule) -> Option<&'static str> {
    section(rule.doc, "What it does")
}

/// The good code of the rule's example (the block after `Use instead:`).
pub fn use_instead(rule: &Rule) -> Option<&'static str> {
    let example = section(rule.doc, "Example")?;
    let after = &example[example.find("Use instead:")? + "Use instead:".len()..];
    let open = after.find("```")?;
    let body_start = open + after[open..].find('\n')? + 1;
    let close = after[body_start..].find("```")?;
    Some(after[body_start..body_start + close].trim_end())
}

/// The rule for a code, when the registry knows it.
pub fn rule(code: &str) -> Option<&'static Rule> {
    rule_by_code(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "## What it does\nChecks X.\n\n## Why is this bad?\nBecause Y.\nReally.\n\n## Example\n```python\nbad()\n```\n\nUse instead:\n```python\ngood()\n```\n\n## References\n- link\n";

    #[test]
    fn sections_are_found_by_heading() {
        assert_eq!(section(DOC, "What it does"), Some("Checks X."));
        assert_eq!(section(DOC, "Why is this bad?"), Some("Because Y.\nReally."));
        assert_eq!(section(DOC, "References"), Some("- link"));
        assert_eq!(section(DOC, "Missing"), None);
    }

    #[test]
    fn every_rule_has_the_sections_reports_quote() {
        for rule in greenlight_rules::all_rules() {
            assert!(why_it_matters(rule).is_some(), "{} has no `## Why is this bad?`", rule.code);
            assert!(what_it_does(rule).is_some(), "{} has no `## What it does`", rule.code);
        }
    }

    #[test]
    fn use_instead_is_the_good_code() {
        let fake = Rule { doc: DOC, ..*greenlight_rules::all_rules()[0] };
        assert_eq!(use_instead(&fake), Some("good()"));
    }
}
