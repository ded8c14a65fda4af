//! Findings: what a rule reports, as plain data that renderers only read.

use greenlight_core::Span;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
    Info,
}

impl Severity {
    pub const ALL: [Severity; 5] = [Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Info];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::Info => "info",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|s| s.as_str() == text.to_ascii_lowercase())
    }

    /// Whether this is at least as severe as `threshold`.
    pub fn at_least(self, threshold: Severity) -> bool {
        self <= threshold
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Security,
    Configuration,
    Performance,
    Reliability,
    Testing,
    Observability,
    Deployment,
    Dependencies,
    Documentation,
}

impl Category {
    pub const ALL: [Category; 9] = [
        Category::Security,
        Category::Configuration,
        Category::Performance,
        Category::Reliability,
        Category::Testing,
        Category::Observability,
        Category::Deployment,
        Category::Dependencies,
        Category::Documentation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Security => "security",
            Category::Configuration => "configuration",
            Category::Performance => "performance",
            Category::Reliability => "reliability",
            Category::Testing => "testing",
            Category::Observability => "observability",
            Category::Deployment => "deployment",
            Category::Dependencies => "dependencies",
            Category::Documentation => "documentation",
        }
    }

    /// The code prefix of the category's rules.
    pub fn prefix(self) -> &'static str {
        match self {
            Category::Security => "SEC",
            Category::Configuration => "CFG",
            Category::Performance => "PERF",
            Category::Reliability => "REL",
            Category::Testing => "TEST",
            Category::Observability => "OBS",
            Category::Deployment => "OPS",
            Category::Dependencies => "DEP",
            Category::Documentation => "DOC",
        }
    }
}

/// How safe a fix is to apply, as in ruff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Behaviour-preserving for a correct production deploy; applied by `fix`.
    Safe,
    /// Needs `--unsafe-fixes`.
    Unsafe,
    /// A suggestion to apply by hand.
    Manual,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub applicability: Applicability,
    pub description: String,
    /// Code to write instead, when there is one.
    pub snippet: Option<String>,
}

impl Fix {
    pub fn manual(description: impl Into<String>, snippet: Option<&str>) -> Fix {
        Fix { applicability: Applicability::Manual, description: description.into(), snippet: snippet.map(str::to_owned) }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub name: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub message: String,
    /// Relative to the project root, `/` separators.
    pub path: String,
    pub span: Span,
    /// The `manage.py check --deploy` id reporting the same condition, if any.
    pub django_check: Option<String>,
    pub cwe: Option<u32>,
    pub fix: Option<Fix>,
    /// For CFG001: the rule whose condition could not be decided.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undetermined_rule: Option<&'static str>,
}

impl Finding {
    /// Sort key: most severe first, then by place.
    pub fn sort_key(&self) -> (Severity, &str, greenlight_core::Span, &'static str) {
        (self.severity, self.path.as_str(), self.span, self.code)
    }
}
