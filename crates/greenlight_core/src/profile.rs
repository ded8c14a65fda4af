//! The production profile: the environment the settings are evaluated under.
//! Only variables given explicitly count; the shell's environment is read only
//! when asked (`--inherit-env`), so a developer's exports never leak into an audit.

use std::collections::BTreeMap;

#[derive(Debug, Clone, Default)]
pub struct Profile {
    vars: BTreeMap<String, String>,
}

impl Profile {
    pub fn new() -> Self {
        Profile::default()
    }

    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.vars.insert(name.into(), value.into());
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.vars.keys().map(String::as_str)
    }

    /// Adds `KEY=VALUE` given on the command line.
    pub fn set_assignment(&mut self, assignment: &str) -> Result<(), String> {
        match assignment.split_once('=') {
            Some((name, value)) if is_env_name(name.trim()) => {
                self.set(name.trim(), value);
                Ok(())
            }
            _ => Err(format!("`{assignment}` is not KEY=VALUE")),
        }
    }

    /// Reads a dotenv-style file: `KEY=VALUE`, `export KEY=VALUE`, `#` comments,
    /// single or double quotes around the value.
    pub fn load_env_file(&mut self, text: &str) -> Result<(), String> {
        for (index, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let line = line.strip_prefix("export ").unwrap_or(line);
            let Some((name, value)) = line.split_once('=') else {
                return Err(format!("line {}: expected KEY=VALUE, found `{line}`", index + 1));
            };
            let name = name.trim();
            if !is_env_name(name) {
                return Err(format!("line {}: `{name}` is not a variable name", index + 1));
            }
            self.set(name, unquote(value.trim()));
        }
        Ok(())
    }

    pub fn inherit_process_env(&mut self) {
        for (name, value) in std::env::vars() {
            self.vars.entry(name).or_insert(value);
        }
    }
}

fn is_env_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit())
}

fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if value.len() >= 2 && value.starts_with(quote) && value.ends_with(quote) {
            return &value[1..value.len() - 1];
        }
    }
    // An unquoted value may carry a trailing comment.
    match value.find(" #") {
        Some(at) => value[..at].trim_end(),
        None => value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_file_forms() {
        let mut p = Profile::new();
        p.load_env_file("# c\nA=1\nexport B='two words'\nC=\"x#y\"\nD=v # note\n\nE=\n").unwrap();
        assert_eq!(p.get("A"), Some("1"));
        assert_eq!(p.get("B"), Some("two words"));
        assert_eq!(p.get("C"), Some("x#y"));
        assert_eq!(p.get("D"), Some("v"));
        assert_eq!(p.get("E"), Some(""));
        assert!(p.load_env_file("NOT A LINE").is_err());
    }

    #[test]
    fn assignment_needs_a_name() {
        let mut p = Profile::new();
        assert!(p.set_assignment("=x").is_err());
        assert!(p.set_assignment("DEBUG").is_err());
        p.set_assignment("DEBUG=a=b").unwrap();
        assert_eq!(p.get("DEBUG"), Some("a=b"));
    }
}
