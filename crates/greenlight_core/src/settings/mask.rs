//! Secrets never leave greenlight in full: values of settings whose names say
//! they are secret are shortened to a prefix in messages and reports.

use super::value::Value;

const SENSITIVE_PARTS: &[&str] = &["SECRET", "PASSWORD", "PASSWD", "TOKEN", "API_KEY", "PRIVATE", "CREDENTIAL", "AUTH_KEY"];

/// Whether a setting or key name holds a secret (`SECRET_KEY`, `PASSWORD`, `STRIPE_API_KEY`).
pub fn is_sensitive(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    SENSITIVE_PARTS.iter().any(|part| upper.contains(part))
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
        let db = Value::Dict(vec![(Value::Str("PASSWORD".into()), Value::Str("hunter22".into())), (Value::Str("NAME".into()), Value::Str("app".into()))]);
        let masked = mask_value("DATABASES", &db);
        assert_eq!(masked.get_str("PASSWORD"), Some(&Value::Str("hunt… (8 chars)".into())));
        assert_eq!(masked.get_str("NAME"), Some(&Value::Str("app".into())));
        assert_eq!(mask_value("SECRET_KEY", &Value::Str("abcdefgh".into())), Value::Str("abcd… (8 chars)".into()));
    }
}
