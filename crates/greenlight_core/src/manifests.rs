//! Dependency manifests: what a project declares it needs (requirements files,
//! `pyproject.toml`, `Pipfile`) and what its lock files pin, with file and line
//! for every requirement and whether it is for development only. Parsing never
//! fails: what cannot be read becomes a `problem`, never a panic.

mod pyproject;
mod requirements;
pub mod version;

use crate::discover::FileKind;
use crate::project::Project;
use version::Specifier;

/// PEP 503 normalised name: lower case, runs of `-`, `_`, `.` become `-`.
pub fn normalize_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut separator = false;
    for c in name.trim().chars() {
        if matches!(c, '-' | '_' | '.') {
            separator = true;
            continue;
        }
        if separator && !out.is_empty() {
            out.push('-');
        }
        separator = false;
        out.extend(c.to_lowercase());
    }
    out
}

/// Words that mark a requirements file or dependency group as development-only.
const DEV_WORDS: &[&str] = &[
    "dev", "develop", "development", "test", "tests", "testing", "local", "ci", "lint", "linting", "docs", "doc", "typing", "debug",
    "mypy", "qa",
];

/// Whether a group or file-name word means development only (`dev`, `test`, `ci`, …).
pub fn is_dev_word(word: &str) -> bool {
    let word = word.to_ascii_lowercase();
    word.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| DEV_WORDS.contains(&w))
}

/// Whether a manifest's path says it is for development (`requirements-dev.txt`,
/// `requirements/test.txt`, `ci/requirements.txt`, `docs/requirements.txt`).
pub fn is_dev_path(path: &str) -> bool {
    let without_ext = path.rsplit_once('.').map(|(stem, _)| stem).unwrap_or(path);
    is_dev_word(without_ext)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManifestKind {
    Requirements,
    Pyproject,
    Pipfile,
}

/// Where in its manifest a requirement sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Section {
    /// Installed in production: a requirements file, `[project] dependencies`,
    /// `[tool.poetry.dependencies]`, `[packages]`.
    Main,
    /// An extra (`[project.optional-dependencies]`) or an optional Poetry dependency.
    Optional(String),
    /// A dependency group (PEP 735, Poetry group, `dev-packages`).
    Group(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// Normalised (PEP 503).
    pub name: String,
    /// As written.
    pub raw_name: String,
    pub extras: Vec<String>,
    pub specifier: Specifier,
    pub marker: Option<String>,
    /// A direct reference: URL, VCS or path.
    pub url: Option<String>,
    pub editable: bool,
    /// Carries `--hash` options.
    pub hashes: bool,
    pub path: String,
    pub line: u32,
    /// Development only: by file name or group.
    pub dev: bool,
    pub section: Section,
}

impl Requirement {
    fn new(name: &str, path: &str, line: u32, dev: bool) -> Requirement {
        Requirement {
            name: normalize_name(name),
            raw_name: name.trim().to_owned(),
            extras: Vec::new(),
            specifier: Specifier::default(),
            marker: None,
            url: None,
            editable: false,
            hashes: false,
            path: path.to_owned(),
            line,
            dev,
            section: Section::Main,
        }
    }

    /// Installed in production: not dev, not an extra or a group.
    pub fn is_production(&self) -> bool {
        !self.dev && self.section == Section::Main
    }

    pub fn pin(&self) -> Pin<'_> {
        if self.url.is_some() {
            Pin::Direct
        } else if let Some(version) = self.specifier.exact() {
            Pin::Exact(version)
        } else if self.specifier.is_empty() {
            Pin::Unpinned
        } else {
            Pin::Range
        }
    }
}

/// How tightly a requirement is pinned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pin<'r> {
    /// `==1.2.3`
    Exact(&'r str),
    /// `>=1.2`, `~=1.2`, `<2`, `==1.*`
    Range,
    /// No version at all.
    Unpinned,
    /// A URL, VCS reference or path: pinned by what it points at, if anything.
    Direct,
}

/// A `-r` / `-c` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Include {
    /// Resolved relative to the project root (or a URL).
    pub path: String,
    pub constraint: bool,
    pub line: u32,
}

#[derive(Debug, Clone)]
pub struct Manifest {
    pub path: String,
    pub kind: ManifestKind,
    /// The file is for development (by its name).
    pub dev: bool,
    /// pip-compile / `uv pip compile` output (header or `--hash` options).
    pub compiled: bool,
    pub requirements: Vec<Requirement>,
    pub includes: Vec<Include>,
    /// Lines that could not be read, with why.
    pub problems: Vec<(u32, String)>,
}

impl Manifest {
    fn new(path: &str, kind: ManifestKind) -> Manifest {
        let dev = kind == ManifestKind::Requirements && is_dev_path(path);
        Manifest { path: path.to_owned(), kind, dev, compiled: false, requirements: Vec::new(), includes: Vec::new(), problems: Vec::new() }
    }

    pub fn parse(path: &str, kind: ManifestKind, text: &str) -> Manifest {
        match kind {
            ManifestKind::Requirements => requirements::parse(path, text),
            ManifestKind::Pyproject => pyproject::parse_pyproject(path, text),
            ManifestKind::Pipfile => pyproject::parse_pipfile(path, text),
        }
    }

    /// A pip-compile input (`requirements.in`) next to its compiled output.
    pub fn is_compile_input(&self) -> bool {
        self.path.ends_with(".in")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockedPackage {
    pub name: String,
    pub version: String,
    pub line: u32,
}

/// `poetry.lock`, `uv.lock`, `pdm.lock` or `Pipfile.lock`.
#[derive(Debug, Clone)]
pub struct LockFile {
    pub path: String,
    pub packages: Vec<LockedPackage>,
}

impl LockFile {
    pub fn parse(path: &str, text: &str) -> LockFile {
        pyproject::parse_lock(path, text)
    }
}

/// Every manifest and lock file of a project.
#[derive(Debug, Clone, Default)]
pub struct Manifests {
    pub manifests: Vec<Manifest>,
    pub locks: Vec<LockFile>,
}

impl Manifests {
    pub fn of(project: &Project) -> Manifests {
        let texts = project.texts.iter().map(|t| (t.rel_path.as_str(), t.kind, t.text.as_str()));
        Manifests::from_texts(texts)
    }

    /// From (path, kind, text) triples; files of other kinds are ignored.
    pub fn from_texts<'t>(texts: impl IntoIterator<Item = (&'t str, FileKind, &'t str)>) -> Manifests {
        let mut out = Manifests::default();
        for (path, kind, text) in texts {
            let kind = match kind {
                FileKind::Requirements => ManifestKind::Requirements,
                FileKind::Pyproject => ManifestKind::Pyproject,
                FileKind::Pipfile => ManifestKind::Pipfile,
                FileKind::Lockfile => {
                    out.locks.push(LockFile::parse(path, text));
                    continue;
                }
                _ => continue,
            };
            out.manifests.push(Manifest::parse(path, kind, text));
        }
        out
    }

    /// Production requirements of every manifest (not dev files, groups or extras).
    pub fn production(&self) -> impl Iterator<Item = &Requirement> {
        self.manifests.iter().filter(|m| !m.dev).flat_map(|m| m.requirements.iter()).filter(|r| r.is_production())
    }

    /// The production requirements naming `name` (any spelling).
    pub fn declared(&self, name: &str) -> Vec<&Requirement> {
        let name = normalize_name(name);
        self.production().filter(|r| r.name == name).collect()
    }

    /// Whether any production manifest exists (otherwise what gets installed is
    /// unknown): a requirements file not named for development, or a
    /// `pyproject.toml`/`Pipfile` that declares a production dependency.
    pub fn has_production_manifest(&self) -> bool {
        self.manifests.iter().any(|m| match m.kind {
            ManifestKind::Requirements => !m.dev,
            _ => m.requirements.iter().any(Requirement::is_production),
        })
    }

    /// `-r` targets that are not among the project's manifests (URLs, files
    /// outside the tree): what they install is unknown.
    pub fn unresolved_includes(&self) -> Vec<(&Manifest, &Include)> {
        self.manifests
            .iter()
            .filter(|m| !m.dev)
            .flat_map(|m| m.includes.iter().filter(|i| !i.constraint).map(move |i| (m, i)))
            .filter(|(_, i)| !self.manifests.iter().any(|m| m.path == i.path))
            .collect()
    }

    /// Where an exact version of `name` is fixed outside hand-written ranges:
    /// a lock file, a compiled requirements file, or a `-c` constraints file.
    /// Returns (path, version, line).
    pub fn locked(&self, name: &str) -> Option<(&str, &str, u32)> {
        let name = normalize_name(name);
        let from_lock = self.locks.iter().find_map(|lock| {
            lock.packages.iter().find(|p| p.name == name).map(|p| (lock.path.as_str(), p.version.as_str(), p.line))
        });
        let constraint_files: Vec<&str> = self.manifests.iter().flat_map(|m| m.includes.iter()).filter(|i| i.constraint).map(|i| i.path.as_str()).collect();
        from_lock.or_else(|| {
            self.manifests
                .iter()
                .filter(|m| m.compiled || constraint_files.contains(&m.path.as_str()))
                .flat_map(|m| m.requirements.iter())
                .find(|r| r.name == name)
                .and_then(|r| r.specifier.exact().map(|v| (r.path.as_str(), v, r.line)))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise() {
        assert_eq!(normalize_name("Django_Ratelimit"), "django-ratelimit");
        assert_eq!(normalize_name("zope.interface"), "zope-interface");
        assert_eq!(normalize_name("A--B__c"), "a-b-c");
        assert_eq!(normalize_name("Pillow"), "pillow");
    }

    #[test]
    fn dev_files_by_name() {
        for dev in ["requirements-dev.txt", "requirements/test.txt", "requirements/local.txt", "dev-requirements.in", "ci/requirements.txt", "requirements_testing.txt"] {
            assert!(is_dev_path(dev), "{dev}");
        }
        for prod in ["requirements.txt", "requirements/production.txt", "requirements/base.in", "requirements/prod.txt", "requirements-deploy.txt"] {
            assert!(!is_dev_path(prod), "{prod}");
        }
    }

    #[test]
    fn production_view_and_locks() {
        let manifests = Manifests::from_texts([
            ("requirements.txt", FileKind::Requirements, "-r requirements/base.txt\ngunicorn\n"),
            ("requirements/base.txt", FileKind::Requirements, "Django==5.2.19\n"),
            ("requirements-dev.txt", FileKind::Requirements, "-r requirements.txt\ndjango-debug-toolbar==4.4\n"),
            ("pyproject.toml", FileKind::Pyproject, "[project]\nname='x'\ndependencies=['celery>=5']\n[project.optional-dependencies]\ndev=['pytest']\n"),
            ("poetry.lock", FileKind::Lockfile, "[[package]]\nname = \"celery\"\nversion = \"5.4.0\"\n"),
            ("README.md", FileKind::Readme, "# x"),
        ]);
        let names: Vec<&str> = manifests.production().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["gunicorn", "django", "celery"]);
        assert_eq!(manifests.declared("DJANGO")[0].pin(), Pin::Exact("5.2.19"));
        assert_eq!(manifests.declared("gunicorn")[0].pin(), Pin::Unpinned);
        assert_eq!(manifests.locked("Celery"), Some(("poetry.lock", "5.4.0", 2)));
        assert!(manifests.unresolved_includes().is_empty());
        assert!(manifests.has_production_manifest());
    }
}
