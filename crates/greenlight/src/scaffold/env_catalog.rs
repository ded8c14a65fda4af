//! The environment variables the scaffolded project reads, collected while
//! the artifacts are generated, so `.env.example` lists exactly what the
//! generated settings, gunicorn config and the project's own settings read.

/// How a variable appears in `.env.example`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvValue {
    /// Must be set: production refuses to start without it (`NAME=`).
    Required,
    /// May be left empty (`NAME=`).
    OptionalEmpty,
    /// Has a default, shown commented out (`# NAME=default`).
    Default(String),
    /// The value to use (`NAME=value`).
    Value(String),
}

#[derive(Debug, Clone)]
pub struct EnvEntry {
    pub name: String,
    pub comment: String,
    pub value: EnvValue,
    /// The heading it is listed under.
    pub group: &'static str,
}

#[derive(Debug, Default, Clone)]
pub struct EnvCatalog {
    pub entries: Vec<EnvEntry>,
}

impl EnvCatalog {
    /// Adds a variable unless it is listed already (the first description wins).
    pub fn add(&mut self, group: &'static str, name: &str, comment: impl Into<String>, value: EnvValue) {
        if self.contains(name) {
            return;
        }
        self.entries.push(EnvEntry { name: name.to_owned(), comment: comment.into(), value, group });
    }

    pub fn contains(&self, name: &str) -> bool {
        self.entries.iter().any(|e| e.name == name)
    }

    pub fn required(&self) -> impl Iterator<Item = &EnvEntry> {
        self.entries.iter().filter(|e| e.value == EnvValue::Required)
    }
}

/// Whether a variable holds a credential, by its name's words (`DB_PASSWORD`,
/// `STRIPE_SECRET_KEY`, `API_TOKEN`; not `CLUB_SECRETARY_EMAIL` or a `…_PUBLISHABLE_KEY`).
pub fn is_secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let words: Vec<&str> = upper.split(['_', '-']).collect();
    let credential = words.iter().any(|w| matches!(*w, "SECRET" | "PASSWORD" | "PASSWD" | "PWD" | "PASS" | "TOKEN" | "CREDENTIALS" | "PRIVATE"));
    let key = words.last() == Some(&"KEY") && !words.iter().any(|w| matches!(*w, "PUBLIC" | "PUBLISHABLE" | "SITE"));
    credential || key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_by_name() {
        assert!(is_secret_name("SECRET_KEY"));
        assert!(is_secret_name("STRIPE_SECRET_KEY"));
        assert!(is_secret_name("STRIPE_WEBHOOK_SECRET"));
        assert!(is_secret_name("DB_PASSWORD"));
        assert!(!is_secret_name("STRIPE_PUBLISHABLE_KEY"));
        assert!(!is_secret_name("CLUB_SECRETARY_EMAIL"));
        assert!(!is_secret_name("DEBUG"));
    }

    #[test]
    fn first_description_wins() {
        let mut catalog = EnvCatalog::default();
        catalog.add("Core", "SECRET_KEY", "the key", EnvValue::Required);
        catalog.add("Project", "SECRET_KEY", "again", EnvValue::Default("x".into()));
        assert_eq!(catalog.entries.len(), 1);
        assert_eq!(catalog.required().count(), 1);
    }
}
