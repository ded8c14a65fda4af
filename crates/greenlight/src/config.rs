//! `[tool.greenlight]` in the audited project's `pyproject.toml`, the way ruff
//! reads `[tool.ruff]`. Command-line flags win: `--select` replaces the
//! configured selection, `--ignore` adds to it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::UserError;

/// Keys `[tool.greenlight]` accepts.
const KEYS: &[&str] = &["select", "ignore", "per-file-ignores", "settings", "fail-on", "min-score", "env", "env-file", "max-file-size", "max-line-length", "max-nesting"];

#[derive(Debug, Default)]
pub struct Config {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub per_file_ignores: PerFileIgnores,
    pub settings: Option<String>,
    pub fail_on: Option<String>,
    pub min_score: Option<f64>,
    pub env: BTreeMap<String, String>,
    /// Relative to the project root.
    pub env_file: Option<PathBuf>,
    /// Per-file limits (see `limits_args`); `None` leaves the default.
    pub max_file_size: Option<u64>,
    pub max_line_length: Option<u64>,
    pub max_nesting: Option<usize>,
}

/// Glob → codes (or prefixes) ignored in matching files.
#[derive(Debug, Default)]
pub struct PerFileIgnores {
    globs: Option<GlobSet>,
    codes: Vec<Vec<String>>,
}

impl PerFileIgnores {
    pub fn ignores(&self, path: &str, code: &str) -> bool {
        let Some(globs) = &self.globs else { return false };
        globs.matches(path).into_iter().any(|i| self.codes[i].iter().any(|c| c == "ALL" || code.starts_with(c.as_str())))
    }
}

/// Reads `[tool.greenlight]` from `root/pyproject.toml`; no file or no table is an empty config.
pub fn load(root: &Path) -> Result<Config, UserError> {
    let path = root.join("pyproject.toml");
    let Ok(text) = std::fs::read_to_string(&path) else { return Ok(Config::default()) };
    let doc: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        UserError(format!("{}: invalid TOML ({}); fix the file or move it aside", path.display(), e.message()))
    })?;
    let Some(table) = doc.get("tool").and_then(|t| t.get("greenlight")) else { return Ok(Config::default()) };
    let table = table.as_table().ok_or_else(|| bad(&path, "[tool.greenlight] must be a table"))?;
    for key in table.keys() {
        if !KEYS.contains(&key.as_str()) {
            return Err(bad(&path, &format!("unknown key `{key}` in [tool.greenlight]; known keys: {}", KEYS.join(", "))));
        }
    }
    let strings = |key: &str| -> Result<Vec<String>, UserError> {
        match table.get(key) {
            None => Ok(Vec::new()),
            Some(value) => value
                .as_array()
                .and_then(|items| items.iter().map(|i| i.as_str().map(str::to_owned)).collect())
                .ok_or_else(|| bad(&path, &format!("`{key}` must be a list of strings"))),
        }
    };
    let string = |key: &str| -> Result<Option<String>, UserError> {
        match table.get(key) {
            None => Ok(None),
            Some(v) => v.as_str().map(|s| Some(s.to_owned())).ok_or_else(|| bad(&path, &format!("`{key}` must be a string"))),
        }
    };
    let mut config = Config {
        select: strings("select")?,
        ignore: strings("ignore")?,
        settings: string("settings")?,
        fail_on: string("fail-on")?,
        env_file: string("env-file")?.map(PathBuf::from),
        ..Config::default()
    };
    if let Some(v) = table.get("min-score") {
        config.min_score = Some(v.as_float().or_else(|| v.as_integer().map(|i| i as f64)).ok_or_else(|| bad(&path, "`min-score` must be a number"))?);
    }
    for (key, slot) in [("max-file-size", &mut config.max_file_size), ("max-line-length", &mut config.max_line_length)] {
        if let Some(value) = table.get(key) {
            let parsed = match value {
                toml::Value::Integer(n) if *n > 0 => Ok(*n as u64),
                toml::Value::String(text) => crate::limits_args::parse_size(text),
                _ => Err("must be a size such as \"5M\" or a positive number of bytes".to_owned()),
            };
            *slot = Some(parsed.map_err(|e| bad(&path, &format!("`{key}` {e}")))?);
        }
    }
    if let Some(value) = table.get("max-nesting") {
        let n = value.as_integer().filter(|n| *n > 0).ok_or_else(|| bad(&path, "`max-nesting` must be a positive whole number"))?;
        config.max_nesting = Some(n as usize);
    }
    if let Some(env) = table.get("env") {
        let env = env.as_table().ok_or_else(|| bad(&path, "`env` must be a table of strings"))?;
        for (name, value) in env {
            let value = value.as_str().ok_or_else(|| bad(&path, &format!("env `{name}` must be a string")))?;
            config.env.insert(name.clone(), value.to_owned());
        }
    }
    if let Some(pfi) = table.get("per-file-ignores") {
        let pfi = pfi.as_table().ok_or_else(|| bad(&path, "`per-file-ignores` must be a table of glob = [codes]"))?;
        let mut builder = GlobSetBuilder::new();
        let mut codes = Vec::new();
        for (pattern, list) in pfi {
            let glob = Glob::new(pattern).map_err(|e| bad(&path, &format!("per-file-ignores: bad glob `{pattern}`: {e}")))?;
            builder.add(glob);
            let list = list
                .as_array()
                .and_then(|items| items.iter().map(|i| i.as_str().map(|s| s.to_ascii_uppercase())).collect::<Option<Vec<_>>>())
                .ok_or_else(|| bad(&path, &format!("per-file-ignores `{pattern}` must be a list of codes")))?;
            codes.push(list);
        }
        let globs = builder.build().map_err(|e| bad(&path, &format!("per-file-ignores: {e}")))?;
        config.per_file_ignores = PerFileIgnores { globs: Some(globs), codes };
    }
    Ok(config)
}

fn bad(path: &Path, message: &str) -> UserError {
    UserError(format!("{}: {message}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Result<Config, UserError> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("pyproject.toml"), text).unwrap();
        load(dir.path())
    }

    #[test]
    fn reads_every_key() {
        let c = config(
            "[tool.greenlight]\nselect = ['SEC']\nignore = ['SEC010']\nsettings = 'a.prod'\nfail-on = 'high'\nmin-score = 7\n\
             env = { DEBUG = 'False' }\nenv-file = '.env.prod'\n[tool.greenlight.per-file-ignores]\n'scripts/*' = ['REL']\n",
        )
        .unwrap();
        assert_eq!(c.select, ["SEC"]);
        assert_eq!(c.ignore, ["SEC010"]);
        assert_eq!(c.settings.as_deref(), Some("a.prod"));
        assert_eq!(c.fail_on.as_deref(), Some("high"));
        assert_eq!(c.min_score, Some(7.0));
        assert_eq!(c.env.get("DEBUG").map(String::as_str), Some("False"));
        assert_eq!(c.env_file, Some(PathBuf::from(".env.prod")));
        assert!(c.per_file_ignores.ignores("scripts/load.py", "REL001"));
        assert!(!c.per_file_ignores.ignores("app/views.py", "REL001"));
    }

    #[test]
    fn mistakes_are_clear_errors() {
        assert!(config("[tool.greenlight]\nselct = ['SEC']\n").unwrap_err().0.contains("unknown key `selct`"));
        assert!(config("[tool.greenlight\n").unwrap_err().0.contains("invalid TOML"));
        assert!(config("[tool.greenlight]\nselect = 'SEC'\n").unwrap_err().0.contains("list of strings"));
        assert!(config("[project]\nname = 'x'\n").unwrap().select.is_empty());
        assert!(config("[tool.greenlight]\nmax-nesting = 0\n").unwrap_err().0.contains("positive"));
        assert!(config("[tool.greenlight]\nmax-file-size = '5Q'\n").unwrap_err().0.contains("unit"));
    }

    #[test]
    fn reads_limits() {
        let c = config("[tool.greenlight]\nmax-file-size = '2M'\nmax-line-length = 4096\nmax-nesting = 300\n").unwrap();
        assert_eq!((c.max_file_size, c.max_line_length, c.max_nesting), (Some(2 << 20), Some(4096), Some(300)));
    }
}
