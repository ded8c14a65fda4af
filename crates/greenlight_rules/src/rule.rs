//! A rule: its identity, its documentation, and its check.

use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use greenlight_core::Span;

pub type CheckFn = fn(&Checker, &mut Vec<Finding>);

#[derive(Debug)]
pub struct Rule {
    /// Stable code, never reused (`SEC001`).
    pub code: &'static str,
    /// Kebab-case name (`debug-enabled`).
    pub name: &'static str,
    pub category: Category,
    pub severity: Severity,
    /// The Django `check --deploy` ids this rule mirrors.
    pub django_checks: &'static [&'static str],
    pub cwe: Option<u32>,
    /// Typical time to fix one occurrence, for the remediation plan.
    pub effort_minutes: u32,
    /// One line: what the rule reports.
    pub summary: &'static str,
    /// Markdown with the sections `## What it does`, `## Why is this bad?`,
    /// `## Example`, `Use instead:` and `## References`; feeds `explain` and the docs.
    pub doc: &'static str,
    pub check: CheckFn,
}

impl Rule {
    /// A finding of this rule at `path`/`span`, with the rule's default severity.
    pub fn finding(&'static self, path: &str, span: Span, message: impl Into<String>) -> Finding {
        Finding {
            code: self.code,
            name: self.name,
            category: self.category,
            severity: self.severity,
            message: message.into(),
            path: path.to_owned(),
            span,
            django_check: self.django_checks.first().map(|id| (*id).to_owned()),
            cwe: self.cwe,
            fix: None,
            undetermined_rule: None,
        }
    }
}

impl Finding {
    pub fn with_fix(mut self, fix: Fix) -> Finding {
        self.fix = Some(fix);
        self
    }

    pub fn with_django_check(mut self, id: &str) -> Finding {
        self.django_check = Some(id.to_owned());
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }
}
