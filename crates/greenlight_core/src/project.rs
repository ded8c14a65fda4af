//! The project model: every file greenlight audits, the parsed Python modules
//! indexed by dotted name, the production settings module evaluated under the
//! profile, and the local apps.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use regex::Regex;

use crate::discover::{discover, FileKind, ProjectFile};
use crate::notes::Note;
use crate::profile::Profile;
use crate::limits::{check_line_length, over_size_message, read_limited, Limits};
use crate::python::{decode_source, parse_python_within, PythonModule};
use crate::settings::{evaluate_settings, EvaluatedSettings, ModuleLookup, ModuleSource, Value};

/// Parsing recurses; deep (but legal) nesting needs more than the default stack.
const PARSER_STACK_BYTES: usize = 64 * 1024 * 1024;

#[derive(Debug)]
pub enum ProjectError {
    NotADirectory(PathBuf),
    NotDjango(PathBuf),
    SettingsNotFound { module: String, candidates: Vec<String> },
}

impl std::fmt::Display for ProjectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProjectError::NotADirectory(path) => {
                write!(f, "{} is not a directory; pass the directory that holds your Django project", path.display())
            }
            ProjectError::NotDjango(path) => write!(
                f,
                "{} does not look like a Django project (no manage.py and no settings module found); \
                 pass the directory with manage.py, or name the settings with --settings MODULE",
                path.display()
            ),
            ProjectError::SettingsNotFound { module, candidates } => {
                write!(f, "settings module `{module}` was not found in the project")?;
                if !candidates.is_empty() {
                    write!(f, "; settings modules found: {}", candidates.join(", "))?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ProjectError {}

/// A non-Python file greenlight reads (requirements, Dockerfile, templates, …).
#[derive(Debug)]
pub struct TextFile {
    pub rel_path: String,
    pub kind: FileKind,
    pub text: String,
}

/// A local Django app listed in INSTALLED_APPS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalApp {
    /// The INSTALLED_APPS entry, e.g. `accounts` or `apps.accounts.apps.AccountsConfig`.
    pub entry: String,
    /// The app's package, e.g. `apps.accounts`.
    pub module: String,
    /// Its directory relative to the root.
    pub path: String,
}

/// How the settings module was chosen, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsChoice {
    Flag,
    ProfileEnv,
    /// Named by `DJANGO_SETTINGS_MODULE` in these files.
    EntryPoint(String),
    /// A production sibling of the module the entry points name.
    ProductionSibling(String),
    Found,
}

pub struct Project {
    pub root: PathBuf,
    pub files: Vec<ProjectFile>,
    pub python: Vec<PythonModule>,
    pub texts: Vec<TextFile>,
    pub settings: EvaluatedSettings,
    pub settings_choice: SettingsChoice,
    pub local_apps: Vec<LocalApp>,
    pub notes: Vec<Note>,
    index: ModuleIndex,
    /// Relative path → position in `python` / `texts`: rules and suppressions
    /// look files up once per finding.
    python_by_path: HashMap<String, usize>,
    text_by_path: HashMap<String, usize>,
}

/// Options for loading a project.
#[derive(Debug, Default, Clone)]
pub struct LoadOptions {
    pub settings_module: Option<String>,
    pub profile: Profile,
    /// Per-file size, line-length and nesting limits; files over them are skipped with a note.
    pub limits: Limits,
}

impl Project {
    pub fn load(root: &Path, options: &LoadOptions) -> Result<Project, ProjectError> {
        if !root.is_dir() {
            return Err(ProjectError::NotADirectory(root.to_path_buf()));
        }
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let (files, mut notes) = discover(&root);
        let (python, texts, read_notes) = read_files(&files, &options.limits);
        notes.extend(read_notes);
        let python_by_path: HashMap<String, usize> = python.iter().enumerate().map(|(i, m)| (m.rel_path.clone(), i)).collect();
        let index = ModuleIndex::build(&files, &python_by_path, &notes);
        let (module, choice) = choose_settings_module(&index, &python, options)
            .ok_or_else(|| ProjectError::NotDjango(root.clone()))?;
        if !index.contains(&module) {
            let mut candidates = index.settings_candidates();
            candidates.sort();
            return Err(ProjectError::SettingsNotFound { module, candidates });
        }
        let python_by_index = PythonSource { index: &index, python: &python };
        let settings = evaluate_settings(&python_by_index, &module, &options.profile);
        notes.extend(settings.notes.iter().cloned());
        let local_apps = local_apps(&index, &settings);
        notes.sort();
        notes.dedup();
        let text_by_path = texts.iter().enumerate().map(|(i, t)| (t.rel_path.clone(), i)).collect();
        Ok(Project { root, files, python, texts, settings, settings_choice: choice, local_apps, notes, index, python_by_path, text_by_path })
    }

    pub fn settings_module(&self) -> &str {
        &self.settings.module
    }

    /// The parsed module at `rel_path`.
    pub fn python_file(&self, rel_path: &str) -> Option<&PythonModule> {
        self.python_by_path.get(rel_path).map(|&i| &self.python[i])
    }

    /// The text of any file greenlight read (Python or other), by relative path.
    pub fn file_text(&self, rel_path: &str) -> Option<&str> {
        self.python_file(rel_path)
            .map(|m| m.text.as_str())
            .or_else(|| self.text_by_path.get(rel_path).map(|&i| self.texts[i].text.as_str()))
    }

    pub fn files_of(&self, kind: FileKind) -> impl Iterator<Item = &ProjectFile> {
        self.files.iter().filter(move |f| f.kind == kind)
    }

    pub fn texts_of(&self, kind: FileKind) -> impl Iterator<Item = &TextFile> {
        self.texts.iter().filter(move |f| f.kind == kind)
    }

    /// Dotted module name of a Python file, relative to its source root.
    pub fn module_name(&self, rel_path: &str) -> Option<&str> {
        self.index.name_of.get(rel_path).map(String::as_str)
    }
}

/// Reads and parses every Python file and reads the other text files, in parallel.
fn read_files(files: &[ProjectFile], limits: &Limits) -> (Vec<PythonModule>, Vec<TextFile>, Vec<Note>) {
    enum Read {
        Python(PythonModule),
        Text(TextFile),
        Skipped(Note),
    }
    let read_one = |file: &ProjectFile| -> Read {
        if file.size > limits.max_file_bytes {
            return Read::Skipped(Note::new(&file.rel_path, over_size_message(limits.max_file_bytes)));
        }
        let bytes = match read_limited(&file.abs_path, limits.max_file_bytes) {
            Ok(bytes) => bytes,
            Err(why) => return Read::Skipped(Note::new(&file.rel_path, why)),
        };
        if file.kind == FileKind::Python {
            let text = match decode_source(bytes) {
                Ok(text) => text,
                Err(why) => return Read::Skipped(Note::new(&file.rel_path, format!("skipped: {why}"))),
            };
            match parse_python_within(&file.rel_path, text, limits) {
                Ok(module) => Read::Python(module),
                Err(failure) => Read::Skipped(Note::new(&file.rel_path, failure.describe())),
            }
        } else {
            let text = match decode_source(bytes) {
                Ok(text) => text,
                Err(why) => return Read::Skipped(Note::new(&file.rel_path, format!("skipped: {why}"))),
            };
            if let Err(over) = check_line_length(&text, limits) {
                let line = text[..over.offset].matches('\n').count() + 1;
                return Read::Skipped(Note::new(&file.rel_path, format!("skipped at line {line}: {}", over.message)));
            }
            Read::Text(TextFile { rel_path: file.rel_path.clone(), kind: file.kind, text })
        }
    };
    let pool = rayon::ThreadPoolBuilder::new().stack_size(PARSER_STACK_BYTES).build();
    let results: Vec<Read> = match pool {
        Ok(pool) => pool.install(|| files.par_iter().map(read_one).collect()),
        Err(_) => files.iter().map(read_one).collect(),
    };
    let (mut python, mut texts, mut notes) = (Vec::new(), Vec::new(), Vec::new());
    for result in results {
        match result {
            Read::Python(m) => python.push(m),
            Read::Text(t) => texts.push(t),
            Read::Skipped(n) => notes.push(n),
        }
    }
    (python, texts, notes)
}

/// Dotted module names of the project's Python files.
struct ModuleIndex {
    /// dotted name → index into `python`.
    modules: HashMap<String, usize>,
    /// dotted names of files that exist but could not be parsed, with why.
    broken: HashMap<String, String>,
    packages: HashSet<String>,
    /// Top-level names that are the project's (packages or modules).
    top_level: HashSet<String>,
    name_of: HashMap<String, String>,
    /// Entry-point files (`manage.py`, `wsgi.py`, `asgi.py`) by path.
    entry_points: Vec<String>,
}

impl ModuleIndex {
    fn build(files: &[ProjectFile], by_path: &HashMap<String, usize>, notes: &[Note]) -> ModuleIndex {
        let roots = source_roots(files);
        let mut index = ModuleIndex {
            modules: HashMap::new(),
            broken: HashMap::new(),
            packages: HashSet::new(),
            top_level: HashSet::new(),
            name_of: HashMap::new(),
            entry_points: Vec::new(),
        };
        for file in files.iter().filter(|f| f.kind == FileKind::Python) {
            let name = file.rel_path.rsplit('/').next().unwrap_or("");
            if matches!(name, "manage.py" | "wsgi.py" | "asgi.py") {
                index.entry_points.push(file.rel_path.clone());
            }
            for root in &roots {
                let Some(dotted) = dotted_name(root, &file.rel_path) else { continue };
                if dotted.is_empty() {
                    continue;
                }
                if file.rel_path.ends_with("__init__.py") {
                    index.packages.insert(dotted.clone());
                }
                if let Some(top) = dotted.split('.').next() {
                    index.top_level.insert(top.to_owned());
                }
                match by_path.get(&file.rel_path) {
                    Some(&i) => {
                        index.name_of.entry(file.rel_path.clone()).or_insert_with(|| dotted.clone());
                        index.modules.entry(dotted).or_insert(i);
                    }
                    None => {
                        let why = notes
                            .iter()
                            .find(|n| n.path == file.rel_path)
                            .map(|n| n.message.clone())
                            .unwrap_or_else(|| "could not be parsed".to_owned());
                        index.broken.insert(dotted, why);
                    }
                }
            }
        }
        index
    }

    fn contains(&self, dotted: &str) -> bool {
        self.modules.contains_key(dotted) || self.broken.contains_key(dotted)
    }

    /// Modules that look like settings, for error messages.
    fn settings_candidates(&self) -> Vec<String> {
        self.modules.keys().filter(|m| m.split('.').any(|p| p == "settings")).cloned().collect()
    }
}

/// Directories modules are imported from: where `manage.py` lives, the root, and `src/`.
fn source_roots(files: &[ProjectFile]) -> Vec<String> {
    let mut roots: Vec<String> = files
        .iter()
        .filter(|f| f.rel_path.ends_with("manage.py") && f.rel_path.rsplit('/').next() == Some("manage.py"))
        .map(|f| f.rel_path.rsplit_once('/').map(|(dir, _)| dir.to_owned()).unwrap_or_default())
        .collect();
    roots.sort_by_key(|r| (r.matches('/').count(), r.clone()));
    roots.dedup();
    for extra in ["", "src"] {
        if !roots.iter().any(|r| r == extra) {
            roots.push(extra.to_owned());
        }
    }
    roots
}

/// `dir/pkg/mod.py` under root `dir` → `pkg.mod`; `pkg/__init__.py` → `pkg`.
fn dotted_name(root: &str, rel_path: &str) -> Option<String> {
    let inner = if root.is_empty() { rel_path } else { rel_path.strip_prefix(root)?.strip_prefix('/')? };
    let stem = inner.strip_suffix(".py")?;
    let stem = stem.strip_suffix("/__init__").or(if stem == "__init__" { Some("") } else { None }).unwrap_or(stem);
    let parts: Vec<&str> = stem.split('/').collect();
    if parts.iter().all(|p| is_identifier(p)) || stem.is_empty() {
        Some(parts.join("."))
    } else {
        None
    }
}

fn is_identifier(part: &str) -> bool {
    !part.is_empty()
        && part.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !part.starts_with(|c: char| c.is_ascii_digit())
}

struct PythonSource<'a> {
    index: &'a ModuleIndex,
    python: &'a [PythonModule],
}

impl ModuleSource for PythonSource<'_> {
    fn lookup(&self, dotted: &str) -> ModuleLookup<'_> {
        if let Some(&i) = self.index.modules.get(dotted) {
            return ModuleLookup::Found(&self.python[i]);
        }
        if let Some(why) = self.index.broken.get(dotted) {
            return ModuleLookup::Broken(why.clone());
        }
        let top = dotted.split('.').next().unwrap_or(dotted);
        if self.index.top_level.contains(top) {
            ModuleLookup::Absent
        } else {
            ModuleLookup::External
        }
    }

    fn is_package(&self, dotted: &str) -> bool {
        self.index.packages.contains(dotted)
    }
}

/// Module names that hold production settings, most specific first.
const PRODUCTION_NAMES: &[&str] = &["production", "prod", "settings_prod", "production_settings", "live", "deploy", "deployment"];

fn choose_settings_module(index: &ModuleIndex, python: &[PythonModule], options: &LoadOptions) -> Option<(String, SettingsChoice)> {
    if let Some(module) = &options.settings_module {
        return Some((module.clone(), SettingsChoice::Flag));
    }
    if let Some(module) = options.profile.get("DJANGO_SETTINGS_MODULE") {
        return Some((module.to_owned(), SettingsChoice::ProfileEnv));
    }
    let named = settings_named_by_entry_points(index, python);
    if let Some((module, files)) = named.first() {
        let package = if index.packages.contains(module) {
            module.clone()
        } else {
            module.rsplit_once('.').map(|(p, _)| p.to_owned()).unwrap_or_default()
        };
        let last = module.rsplit('.').next().unwrap_or(module);
        if !PRODUCTION_NAMES.contains(&last) {
            for name in PRODUCTION_NAMES {
                let sibling = if package.is_empty() { name.to_string() } else { format!("{package}.{name}") };
                if index.contains(&sibling) {
                    return Some((sibling, SettingsChoice::ProductionSibling(module.clone())));
                }
            }
        }
        return Some((module.clone(), SettingsChoice::EntryPoint(files.join(", "))));
    }
    // No entry point names one: the shallowest `settings` module or package.
    let mut found: Vec<&String> = index
        .modules
        .keys()
        .chain(index.broken.keys())
        .filter(|m| m.rsplit('.').next() == Some("settings"))
        .collect();
    found.sort_by_key(|m| (m.matches('.').count(), (*m).clone()));
    found.first().map(|m| ((*m).clone(), SettingsChoice::Found))
}

/// `DJANGO_SETTINGS_MODULE` values set in manage.py / wsgi.py / asgi.py, most
/// authoritative for production first (wsgi/asgi, then manage.py).
fn settings_named_by_entry_points(index: &ModuleIndex, python: &[PythonModule]) -> Vec<(String, Vec<String>)> {
    let pattern = Regex::new(r#"DJANGO_SETTINGS_MODULE['"]\s*(?:,|\]\s*=)\s*(?:f?['"])([\w.]+)['"]"#).expect("valid regex");
    let mut named: BTreeMap<(u8, String), Vec<String>> = BTreeMap::new();
    for path in &index.entry_points {
        let Some(module) = python.iter().find(|m| &m.rel_path == path) else { continue };
        let rank = if path.ends_with("manage.py") { 1 } else { 0 };
        for captures in pattern.captures_iter(&module.text) {
            let name = captures[1].to_owned();
            if index.contains(&name) {
                named.entry((rank, name)).or_default().push(path.clone());
            }
        }
    }
    let mut result: Vec<(String, Vec<String>)> = Vec::new();
    for ((_, name), files) in named {
        match result.iter_mut().find(|(n, _)| *n == name) {
            Some((_, existing)) => existing.extend(files),
            None => result.push((name, files)),
        }
    }
    result
}

/// INSTALLED_APPS entries that are packages of this project.
fn local_apps(index: &ModuleIndex, settings: &EvaluatedSettings) -> Vec<LocalApp> {
    let (Value::List(entries) | Value::Tuple(entries)) = settings.effective("INSTALLED_APPS") else { return Vec::new() };
    let mut apps = Vec::new();
    for entry in entries.iter().filter_map(Value::as_str) {
        // `accounts`, or an AppConfig path `accounts.apps.AccountsConfig`: the app is
        // the longest prefix that is a package (else a single-module app).
        let prefixes: Vec<&str> = entry.match_indices('.').map(|(i, _)| &entry[..i]).chain(std::iter::once(entry)).collect();
        let chosen = prefixes
            .iter()
            .rev()
            .find(|p| index.packages.contains(**p))
            .or_else(|| prefixes.iter().rev().find(|p| index.modules.contains_key(**p)));
        let Some(candidate) = chosen.copied() else { continue };
        let path = index
            .name_of
            .iter()
            .find(|(_, name)| name.as_str() == candidate)
            .map(|(file, _)| file.rsplit_once('/').map(|(dir, _)| dir.to_owned()).unwrap_or_default())
            .unwrap_or_else(|| candidate.replace('.', "/"));
        apps.push(LocalApp { entry: entry.to_owned(), module: candidate.to_owned(), path });
    }
    apps.dedup_by(|a, b| a.module == b.module);
    apps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_names() {
        assert_eq!(dotted_name("", "proj/settings/base.py").as_deref(), Some("proj.settings.base"));
        assert_eq!(dotted_name("", "proj/__init__.py").as_deref(), Some("proj"));
        assert_eq!(dotted_name("backend", "backend/proj/settings.py").as_deref(), Some("proj.settings"));
        assert_eq!(dotted_name("backend", "other/x.py"), None);
        assert_eq!(dotted_name("", "my-scripts/x.py"), None);
    }
}
