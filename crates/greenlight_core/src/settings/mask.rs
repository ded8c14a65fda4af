//! Secrets never leave greenlight in full: values of settings whose names say
//! they are secret are shortened to a prefix in messages and reports.

use super::value::Value;

/// Name words that mark a secret (`DB_PASSWORD`, `GITHUB_TOKEN`, `STRIPE_SECRET_KEY`).
const SECRET_WORDS: &[&str] = &["SECRET", "PASSWORD", "PASSWD", "PWD", "TOKEN", "PRIVATE", "CREDENTIAL", "CREDENTIALS"];
/// `<word>_KEY` pairs that are secrets (`API_KEY`, `ACCESS_KEY`).
const KEY_WORDS: &[&str] = &["API", "ACCESS", "AUTH", "SIGNING", "ENCRYPTION"];
/// Last words of settings that configure secrets without holding one
/// (`PASSWORD_HASHERS`, `AUTH_PASSWORD_VALIDATORS`, `PASSWORD_RESET_TIMEOUT`).
const NOT_A_VALUE: &[&str] = &["HASHERS", "VALIDATORS", "TIMEOUT", "BACKEND", "BACKENDS", "CLASS", "CLASSES", "AGE", "LENGTH", "FIELD", "NAME", "URL", "HEADER"];

/// Whether a setting or key name holds a secret, judged by its words:
/// `CLUB_SECRETARY_EMAIL` is not one, `DB_PASSWORD` is.
pub fn is_sensitive(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let words: Vec<&str> = upper.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    if words.last().is_some_and(|w| NOT_A_VALUE.contains(w)) {
        return false;
    }
    words.iter().any(|w| SECRET_WORDS.contains(w))
        || words.windows(2).any(|pair| pair[1] == "KEY" && KEY_WORDS.contains(&pair[0]))
}

/// A string's first characters and its length: enough to recognise, not to use.
pub fn mask_str(secret: &str) -> String {
    if secret.is_empty() {
        return String::new();
    }
    let shown: String = secret.chars().take(4).collect();
    format!("{shown}… ({} chars)", secret.chars().count())
}

/// `value` with every string under a sensitive name masked; dict keys are
/// checked at every level (`DATABASES['default']['PASSWORD']`).
pub fn mask_value(name: &str, value: &Value) -> Value {
    match value {
        Value::Str(s) if is_sensitive(name) && !s.is_empty() => Value::Str(mask_str(s)),
        Value::List(items) if is_sensitive(name) => Value::List(items.iter().map(|v| mask_value(name, v)).collect()),
        Value::Tuple(items) if is_sensitive(name) => Value::Tuple(items.iter().map(|v| mask_value(name, v)).collect()),
        Value::Dict(items) => Value::Dict(
            items
                .iter()
                .map(|(k, v)| {
                    let key_name = k.as_str().unwrap_or("");
                    let inner = if is_sensitive(name) { name } else { key_name };
                    (k.clone(), mask_value(inner, v))
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_nested_passwords_and_keys() {
        assert!(is_sensitive("SECRET_KEY") && is_sensitive("db_password") && !is_sensitive("DEBUG"));
        assert!(is_sensitive("STRIPE_API_KEY") && is_sensitive("GITHUB_TOKEN") && is_sensitive("AWS_SECRET_ACCESS_KEY"));
        assert!(!is_sensitive("CLUB_SECRETARY_EMAIL") && !is_sensitive("PASSWORD_HASHERS") && !is_sensitive("AUTH_PASSWORD_VALIDATORS"));
        assert!(!is_sensitive("CACHE_KEY_PREFIX"));
        let db = Value::Dict(vec![(Value::Str("PASSWORD".into()), Value::Str("hunter22".into())), (Value::Str("NAME".into()), Value::Str("app".into()))]);
        let masked = mask_value("DATABASES", &db);
        assert_eq!(masked.get_str("PASSWORD"), Some(&Value::Str("hunt… (8 chars)".into())));
        assert_eq!(masked.get_str("NAME"), Some(&Value::Str("app".into())));
        assert_eq!(mask_value("SECRET_KEY", &Value::Str("abcdefgh".into())), Value::Str("abcd… (8 chars)".into()));
    }
}
