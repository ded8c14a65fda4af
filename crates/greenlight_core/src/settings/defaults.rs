//! Django's own defaults (`django/conf/global_settings.py`) for the settings
//! greenlight reasons about: a setting a project never assigns has this value.

use super::value::Value;

fn s(text: &str) -> Value {
    Value::Str(text.to_owned())
}

/// Django's default for `name`; `Unknown` for settings greenlight does not track.
pub fn django_default(name: &str) -> Value {
    match name {
        "DEBUG" | "SECURE_HSTS_INCLUDE_SUBDOMAINS" | "SECURE_HSTS_PRELOAD" | "SECURE_SSL_REDIRECT"
        | "SESSION_COOKIE_SECURE" | "CSRF_COOKIE_SECURE" | "CSRF_USE_SESSIONS" | "CSRF_COOKIE_HTTPONLY"
        | "CORS_ALLOW_ALL_ORIGINS" | "CORS_ORIGIN_ALLOW_ALL" | "USE_X_FORWARDED_HOST" => Value::Bool(false),
        "SECURE_CONTENT_TYPE_NOSNIFF" | "SESSION_COOKIE_HTTPONLY" => Value::Bool(true),
        "SECURE_HSTS_SECONDS" | "CONN_MAX_AGE" => Value::Int(0),
        "FILE_UPLOAD_PERMISSIONS" => Value::Int(0o644),
        "FILE_UPLOAD_DIRECTORY_PERMISSIONS" => Value::None,
        "SECRET_KEY" => s(""),
        "SECRET_KEY_FALLBACKS" | "ALLOWED_HOSTS" | "MIDDLEWARE" | "INSTALLED_APPS" | "CSRF_TRUSTED_ORIGINS"
        | "AUTH_PASSWORD_VALIDATORS" | "ADMINS" => Value::List(Vec::new()),
        "X_FRAME_OPTIONS" => s("DENY"),
        "SECURE_REFERRER_POLICY" | "SECURE_CROSS_ORIGIN_OPENER_POLICY" => s("same-origin"),
        "SECURE_PROXY_SSL_HEADER" | "LOGGING" => Value::None,
        "EMAIL_BACKEND" => s("django.core.mail.backends.smtp.EmailBackend"),
        "SESSION_ENGINE" => s("django.contrib.sessions.backends.db"),
        "DATABASES" => Value::Dict(Vec::new()),
        "CACHES" => Value::Dict(vec![(
            s("default"),
            Value::Dict(vec![(s("BACKEND"), s("django.core.cache.backends.locmem.LocMemCache"))]),
        )]),
        "PASSWORD_HASHERS" => Value::List(
            [
                "django.contrib.auth.hashers.PBKDF2PasswordHasher",
                "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
                "django.contrib.auth.hashers.Argon2PasswordHasher",
                "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
                "django.contrib.auth.hashers.ScryptPasswordHasher",
            ]
            .into_iter()
            .map(s)
            .collect(),
        ),
        _ => Value::unknown(format!("{name} is not set and greenlight does not know Django's default")),
    }
}
