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

/// One text replacement: bytes `start..end` of the file at `path` (as greenlight
/// decoded it: UTF-8 without a BOM) become `content`. An insertion has
/// `start == end` (e.g. at the end of the file); a deletion an empty `content`.
/// `content` uses `\n` line breaks; `fix` writes them in the file's own style.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Edit {
    /// Relative to the project root, `/` separators.
    pub path: String,
    pub start: u32,
    pub end: u32,
    pub content: String,
}

impl Edit {
    pub fn replace(path: &str, start: usize, end: usize, content: impl Into<String>) -> Edit {
        Edit { path: path.to_owned(), start: start as u32, end: end as u32, content: content.into() }
    }

    pub fn insert(path: &str, at: usize, content: impl Into<String>) -> Edit {
        Edit::replace(path, at, at, content)
    }

    pub fn is_insertion(&self) -> bool {
        self.start == self.end
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub applicability: Applicability,
    pub description: String,
    /// Code to write instead, when there is one.
    pub snippet: Option<String>,
    /// The edits `greenlight fix` applies (all or none); empty for manual advice.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn manual(description: impl Into<String>, snippet: Option<&str>) -> Fix {
        Fix { applicability: Applicability::Manual, description: description.into(), snippet: snippet.map(str::to_owned), edits: Vec::new() }
    }

    /// Turns advice into an applicable fix when the rule could build the
    /// edits; without them the fix stays manual.
    pub fn with_edits(mut self, applicability: Applicability, edits: Option<Vec<Edit>>) -> Fix {
        if let Some(edits) = edits.filter(|e| !e.is_empty()) {
            self.applicability = applicability;
            self.edits = edits;
        }
        self
    }

    /// Whether `fix` can apply it (it carries edits and the applicability is allowed).
    pub fn applies(&self, unsafe_fixes: bool) -> bool {
        !self.edits.is_empty()
            && match self.applicability {
                Applicability::Safe => true,
                Applicability::Unsafe => unsafe_fixes,
                Applicability::Manual => false,
            }
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
