//! TOML manifests: `pyproject.toml` (PEP 621 `[project]`, PEP 735
//! `[dependency-groups]`, Poetry, uv, PDM) and `Pipfile`, and the lock files
//! (`poetry.lock`, `uv.lock`, `pdm.lock`, `Pipfile.lock`) that pin them.

use toml::{Table, Value};

use super::requirements::parse_pep508;
use super::version::Specifier;
use super::{is_dev_word, normalize_name, LockFile, LockedPackage, Manifest, ManifestKind, Requirement, Section};

pub(super) fn parse_pyproject(path: &str, text: &str) -> Manifest {
    let mut m = Manifest::new(path, ManifestKind::Pyproject);
    let Some(doc) = parse_toml(&mut m, text) else { return m };
    let lines = Lines(text);
    if let Some(deps) = doc.get("project").and_then(|p| p.get("dependencies")).and_then(Value::as_array) {
        pep508_list(&mut m, &lines, "project", deps, Section::Main, false);
    }
    for (group, deps) in tables(doc.get("project").and_then(|p| p.get("optional-dependencies"))) {
        let section = Section::Optional(group.clone());
        if let Some(deps) = deps.as_array() {
            pep508_list(&mut m, &lines, "project.optional-dependencies", deps, section, is_dev_word(group));
        }
    }
    for (group, deps) in tables(doc.get("dependency-groups")) {
        if let Some(deps) = deps.as_array() {
            pep508_list(&mut m, &lines, "dependency-groups", deps, Section::Group(group.clone()), true);
        }
    }
    let tool = doc.get("tool");
    if let Some(deps) = tool.and_then(|t| t.get("uv")).and_then(|u| u.get("dev-dependencies")).and_then(Value::as_array) {
        pep508_list(&mut m, &lines, "tool.uv", deps, Section::Group("dev".into()), true);
    }
    for (group, deps) in tables(tool.and_then(|t| t.get("pdm")).and_then(|p| p.get("dev-dependencies"))) {
        if let Some(deps) = deps.as_array() {
            pep508_list(&mut m, &lines, "tool.pdm.dev-dependencies", deps, Section::Group(group.clone()), true);
        }
    }
    let poetry = tool.and_then(|t| t.get("poetry"));
    if let Some(deps) = poetry.and_then(|p| p.get("dependencies")) {
        poetry_table(&mut m, &lines, "tool.poetry.dependencies", deps, Section::Main, false);
    }
    if let Some(deps) = poetry.and_then(|p| p.get("dev-dependencies")) {
        poetry_table(&mut m, &lines, "tool.poetry.dev-dependencies", deps, Section::Group("dev".into()), true);
    }
    for (group, body) in tables(poetry.and_then(|p| p.get("group"))) {
        if let Some(deps) = body.get("dependencies") {
            let header = format!("tool.poetry.group.{group}.dependencies");
            poetry_table(&mut m, &lines, &header, deps, Section::Group(group.clone()), is_dev_word(group));
        }
    }
    m.requirements.sort_by_key(|r| r.line);
    m
}

pub(super) fn parse_pipfile(path: &str, text: &str) -> Manifest {
    let mut m = Manifest::new(path, ManifestKind::Pipfile);
    let Some(doc) = parse_toml(&mut m, text) else { return m };
    let lines = Lines(text);
    for (section, dev) in [("packages", false), ("dev-packages", true)] {
        let Some(Value::Table(packages)) = doc.get(section) else { continue };
        let group = if dev { Section::Group("dev-packages".into()) } else { Section::Main };
        for (name, spec) in packages {
            let line = lines.key(section, name);
            let mut req = Requirement::new(name, path, line, dev);
            req.section = group.clone();
            let (version, table) = match spec {
                Value::String(s) => (Some(s.as_str()), None),
                Value::Table(t) => (t.get("version").and_then(Value::as_str), Some(t)),
                _ => (None, None),
            };
            req.specifier = version.map(pipfile_specifier).unwrap_or_default();
            if let Some(t) = table {
                req.url = ["git", "path", "file", "url"].iter().find_map(|k| t.get(*k)).and_then(Value::as_str).map(str::to_owned);
                req.editable = t.get("editable").and_then(Value::as_bool).unwrap_or(false);
                req.extras = string_list(t.get("extras"));
            }
            m.requirements.push(req);
        }
    }
    m.requirements.sort_by_key(|r| r.line);
    m
}

/// Locked versions, by normalised name.
pub(super) fn parse_lock(path: &str, text: &str) -> LockFile {
    let mut lock = LockFile { path: path.to_owned(), packages: Vec::new() };
    if path.to_ascii_lowercase().ends_with("pipfile.lock") {
        let key_lines = first_lines(text, |line| line.strip_prefix('"')?.split_once("\":").map(|(key, _)| key));
        let Ok(json) = serde_json::from_str::<serde_json::Value>(text) else { return lock };
        for section in ["default", "develop"] {
            let Some(packages) = json.get(section).and_then(|s| s.as_object()) else { continue };
            for (name, info) in packages {
                let Some(version) = info.get("version").and_then(|v| v.as_str()) else { continue };
                let line = key_lines.get(name.as_str()).copied().or_else(|| find_line(text, &format!("\"{name}\":"), 0)).unwrap_or(1);
                lock.packages.push(LockedPackage { name: normalize_name(name), version: version.trim_start_matches('=').to_owned(), line });
            }
        }
        return lock;
    }
    let Ok(doc) = text.parse::<Table>() else { return lock };
    let Some(packages) = doc.get("package").and_then(Value::as_array) else { return lock };
    let name_lines = first_lines(text, |line| line.strip_prefix("name = \"")?.strip_suffix('"'));
    for package in packages {
        let (Some(name), Some(version)) = (package.get("name").and_then(Value::as_str), package.get("version").and_then(Value::as_str)) else { continue };
        let line = name_lines.get(name).copied().or_else(|| find_line(text, &format!("name = \"{name}\""), 0)).unwrap_or(1);
        lock.packages.push(LockedPackage { name: normalize_name(name), version: version.to_owned(), line });
    }
    lock
}

fn parse_toml(m: &mut Manifest, text: &str) -> Option<Table> {
    match text.parse::<Table>() {
        Ok(doc) => Some(doc),
        Err(error) => {
            let line = error.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() as u32 + 1).unwrap_or(1);
            m.problems.push((line, format!("not valid TOML: {}", error.message())));
            None
        }
    }
}

fn tables(value: Option<&Value>) -> Vec<(&String, &Value)> {
    value.and_then(Value::as_table).map(|t| t.iter().collect()).unwrap_or_default()
}

fn string_list(value: Option<&Value>) -> Vec<String> {
    value.and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_str).map(normalize_name).collect()).unwrap_or_default()
}

fn pep508_list(m: &mut Manifest, lines: &Lines, header: &str, deps: &[Value], section: Section, dev: bool) {
    for dep in deps.iter().filter_map(Value::as_str) {
        let line = lines.value(header, dep);
        match parse_pep508(dep) {
            Some(parsed) => {
                let mut req = parsed.into_requirement(m, line);
                req.dev = dev;
                req.section = section.clone();
                m.requirements.push(req);
            }
            None => m.problems.push((line, format!("could not read `{dep}`"))),
        }
    }
}

fn poetry_table(m: &mut Manifest, lines: &Lines, header: &str, deps: &Value, section: Section, dev: bool) {
    let Some(deps) = deps.as_table() else { return };
    for (name, spec) in deps {
        if name.eq_ignore_ascii_case("python") {
            continue;
        }
        let line = lines.key(header, name);
        let mut req = Requirement::new(name, &m.path, line, dev);
        req.section = section.clone();
        let table = match spec {
            Value::Table(t) => Some(t),
            Value::Array(items) => items.iter().find_map(Value::as_table),
            _ => None,
        };
        let version = match spec {
            Value::String(s) => Some(s.as_str()),
            _ => table.and_then(|t| t.get("version")).and_then(Value::as_str),
        };
        req.specifier = version.map(poetry_specifier).unwrap_or_default();
        if let Some(t) = table {
            req.url = ["git", "path", "url"].iter().find_map(|k| t.get(*k)).and_then(Value::as_str).map(str::to_owned);
            req.extras = string_list(t.get("extras"));
            if t.get("optional").and_then(Value::as_bool).unwrap_or(false) {
                req.section = Section::Optional(name.clone());
            }
        }
        m.requirements.push(req);
    }
}

/// Poetry constraints as PEP 440: `1.2.3` → `==1.2.3`, `^1.2` → `>=1.2,<2.0`,
/// `~1.2` → `>=1.2,<1.3`, `*` → any.
fn poetry_specifier(text: &str) -> Specifier {
    let clauses: Vec<String> = text
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty() && *c != "*")
        .map(|clause| {
            if let Some(v) = clause.strip_prefix('^') {
                caret(v.trim())
            } else if let Some(v) = clause.strip_prefix('~').filter(|v| !v.starts_with('=')) {
                tilde(v.trim())
            } else if clause.starts_with(|c: char| c.is_ascii_digit()) {
                format!("=={clause}")
            } else {
                clause.to_owned()
            }
        })
        .collect();
    Specifier::parse(&clauses.join(",")).unwrap_or_default()
}

fn numbers(v: &str) -> Vec<u64> {
    v.split('.').map_while(|p| p.parse().ok()).collect()
}

fn caret(v: &str) -> String {
    let n = numbers(v);
    let first_nonzero = n.iter().position(|x| *x != 0).unwrap_or(n.len().saturating_sub(1));
    let mut upper: Vec<u64> = n.iter().take(first_nonzero + 1).copied().collect();
    if let Some(last) = upper.last_mut() {
        *last += 1;
    }
    let upper: Vec<String> = upper.iter().map(u64::to_string).collect();
    format!(">={v},<{}", upper.join("."))
}

fn tilde(v: &str) -> String {
    let n = numbers(v);
    let keep = if n.len() >= 2 { 2 } else { 1 };
    let mut upper: Vec<u64> = n.iter().take(keep).copied().collect();
    if let Some(last) = upper.last_mut() {
        *last += 1;
    }
    let upper: Vec<String> = upper.iter().map(u64::to_string).collect();
    format!(">={v},<{}", upper.join("."))
}

/// Pipfile versions: `*`, `==1.2`, `>=1.0`; a bare `1.2` means `==1.2`.
fn pipfile_specifier(text: &str) -> Specifier {
    let text = text.trim();
    if text == "*" || text.is_empty() {
        return Specifier::default();
    }
    let text = if text.starts_with(|c: char| c.is_ascii_digit()) { format!("=={text}") } else { text.to_owned() };
    Specifier::parse(&text).unwrap_or_default()
}

/// Line lookup in a TOML file: where a table starts, and a key or string value in it.
struct Lines<'t>(&'t str);

impl Lines<'_> {
    fn header(&self, header: &str) -> Option<usize> {
        self.0.lines().position(|l| {
            let l = l.trim();
            l.starts_with('[') && l.trim_matches(['[', ']']).replace(['"', '\'', ' '], "") == header
        })
    }

    fn key(&self, header: &str, key: &str) -> u32 {
        let from = self.header(header).unwrap_or(0);
        let found = self.0.lines().enumerate().skip(from).find(|(_, l)| {
            let l = l.trim_start();
            let k = l.split('=').next().unwrap_or("").trim().trim_matches(['"', '\'']);
            l.contains('=') && k == key
        });
        found.map(|(i, _)| i as u32 + 1).unwrap_or(from as u32 + 1)
    }

    fn value(&self, header: &str, value: &str) -> u32 {
        let from = self.header(header).unwrap_or(0);
        find_line(self.0, &format!("\"{value}\""), from)
            .or_else(|| find_line(self.0, &format!("'{value}'"), from))
            .unwrap_or(from as u32 + 1)
    }
}

/// The first line (1-based) on which each key appears, for the keys `key_of`
/// finds in a trimmed line: one pass instead of one search per package,
/// which was quadratic on large lock files.
fn first_lines<'t>(text: &'t str, key_of: impl Fn(&'t str) -> Option<&'t str>) -> std::collections::HashMap<&'t str, u32> {
    let mut lines = std::collections::HashMap::new();
    for (index, line) in text.lines().enumerate() {
        if let Some(key) = key_of(line.trim()) {
            lines.entry(key).or_insert(index as u32 + 1);
        }
    }
    lines
}

fn find_line(text: &str, needle: &str, from: usize) -> Option<u32> {
    text.lines().enumerate().skip(from).find(|(_, l)| l.contains(needle)).map(|(i, _)| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pep621_and_groups() {
        let text = r#"[project]
name = "site"
dependencies = [
    "Django>=5.2,<6",
    "psycopg[binary]==3.2.3",
    'sentry-sdk',
]

[project.optional-dependencies]
test = ["pytest==8.3.3"]
s3 = ["boto3"]

[dependency-groups]
lint = ["ruff"]

[tool.uv]
dev-dependencies = ["django-debug-toolbar"]
"#;
        let m = parse_pyproject("pyproject.toml", text);
        let got: Vec<(&str, u32, bool, String)> = m.requirements.iter().map(|r| (r.name.as_str(), r.line, r.dev, r.specifier.to_string())).collect();
        assert_eq!(
            got,
            [
                ("django", 4, false, ">=5.2,<6".to_owned()),
                ("psycopg", 5, false, "==3.2.3".to_owned()),
                ("sentry-sdk", 6, false, "".to_owned()),
                ("pytest", 10, true, "==8.3.3".to_owned()),
                ("boto3", 11, false, "".to_owned()),
                ("ruff", 14, true, "".to_owned()),
                ("django-debug-toolbar", 17, true, "".to_owned()),
            ]
        );
        assert_eq!(m.requirements[4].section, Section::Optional("s3".into()));
    }

    #[test]
    fn poetry() {
        let text = r#"[tool.poetry.dependencies]
python = "^3.12"
Django = "^4.2.7"
celery = { version = "5.4.0", extras = ["redis"] }
mylib = { git = "https://github.com/org/mylib.git" }
anything = "*"

[tool.poetry.group.dev.dependencies]
pytest = "~8.3"
"#;
        let m = parse_pyproject("pyproject.toml", text);
        let got: Vec<(&str, u32, bool, String)> = m.requirements.iter().map(|r| (r.name.as_str(), r.line, r.dev, r.specifier.to_string())).collect();
        assert_eq!(
            got,
            [
                ("django", 3, false, ">=4.2.7,<5".to_owned()),
                ("celery", 4, false, "==5.4.0".to_owned()),
                ("mylib", 5, false, "".to_owned()),
                ("anything", 6, false, "".to_owned()),
                ("pytest", 9, true, ">=8.3,<8.4".to_owned()),
            ]
        );
        assert_eq!(m.requirements[1].extras, ["redis"]);
        assert!(m.requirements[2].url.is_some());
        assert_eq!(caret("0.2.3"), ">=0.2.3,<0.3");
    }

    #[test]
    fn pipfile_and_locks() {
        let text = "[packages]\ndjango = \"==4.2.7\"\nrequests = \"*\"\ngunicorn = {version = \">=22\", extras = [\"gevent\"]}\n\n[dev-packages]\npytest = \"*\"\n";
        let m = parse_pipfile("Pipfile", text);
        let got: Vec<(&str, u32, bool, String)> = m.requirements.iter().map(|r| (r.name.as_str(), r.line, r.dev, r.specifier.to_string())).collect();
        assert_eq!(
            got,
            [("django", 2, false, "==4.2.7".into()), ("requests", 3, false, "".into()), ("gunicorn", 4, false, ">=22".into()), ("pytest", 7, true, "".into())]
        );
        let lock = parse_lock("poetry.lock", "[[package]]\nname = \"Django\"\nversion = \"4.2.7\"\n\n[[package]]\nname = \"asgiref\"\nversion = \"3.8.1\"\n");
        assert_eq!(lock.packages[0].name, "django");
        assert_eq!(lock.packages[1].line, 6);
        let lock = parse_lock("Pipfile.lock", "{\"default\": {\"django\": {\"version\": \"==4.2.7\"}}, \"develop\": {}}");
        assert_eq!(lock.packages[0].version, "4.2.7");
    }

    #[test]
    fn garbage_never_panics() {
        for text in ["[project", "[project]\ndependencies = 3", "[project]\ndependencies = [1, \"\", \"@\"]", "[tool.poetry.dependencies]\nx = [1]\ny = {version = 2}", "\u{0}"] {
            let _ = parse_pyproject("pyproject.toml", text);
            let _ = parse_pipfile("Pipfile", text);
            let _ = parse_lock("poetry.lock", text);
            let _ = parse_lock("Pipfile.lock", text);
        }
        assert_eq!(parse_pyproject("pyproject.toml", "[project\n").problems.len(), 1);
    }
}
