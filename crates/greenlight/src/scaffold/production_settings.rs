//! The production settings module: builds on the project's settings, reads
//! every secret and deployment value from the environment (refusing to start
//! without the required ones), and sets everything `check --deploy` asks for,
//! plus middleware, database, logging, e-mail and error tracking where the
//! project lacks them.

use super::env_catalog::{is_secret_name, EnvCatalog, EnvValue};
use super::facts::{Engine, Facts, MARKER};

const HELPERS: &str = include_str!("templates/settings_helpers.py");

const SECURITY: &str = "django.middleware.security.SecurityMiddleware";
const SESSION: &str = "django.contrib.sessions.middleware.SessionMiddleware";
const COMMON: &str = "django.middleware.common.CommonMiddleware";
const CSRF: &str = "django.middleware.csrf.CsrfViewMiddleware";
const XFRAME: &str = "django.middleware.clickjacking.XFrameOptionsMiddleware";

/// Group headings in `.env.example`.
pub const GROUP_CORE: &str = "Django";
pub const GROUP_DATABASE: &str = "Database";
pub const GROUP_EMAIL: &str = "E-mail";
pub const GROUP_LOGGING: &str = "Logging and error tracking";
pub const GROUP_PROJECT: &str = "Read by the project's own settings";

/// The module's text; records every variable it reads in `env`.
pub fn render(facts: &Facts, env: &mut EnvCatalog) -> String {
    let mut out = String::new();
    out.push_str(&header(facts));
    out.push_str(HELPERS);
    out.push_str(&core(facts, env));
    out.push_str(&project_secrets(facts, env));
    out.push_str(&https_and_headers());
    out.push_str(&middleware(facts));
    out.push_str(&database(facts, env));
    if facts.password_validators_empty {
        out.push_str(PASSWORD_VALIDATORS);
    }
    if let Some(backend) = &facts.dev_email_backend {
        out.push_str(&email(facts, backend, env));
    }
    out.push_str(&logging(facts, env));
    if facts.sentry_uninitialised {
        out.push_str(&sentry(env));
    }
    out
}

fn header(facts: &Facts) -> String {
    let t = &facts.target;
    let builds_on = if t.base_module == facts.settings_module {
        format!("``{}`` (the settings greenlight found for production)", t.base_module)
    } else {
        format!("``{}`` (the shared base settings)", t.base_module)
    };
    format!(
        r#""""
Production settings for {package}, {MARKER}.

Builds on {builds_on}
and reads every secret and every deployment-specific value from the
environment. A required variable that is missing stops the start-up with
ImproperlyConfigured naming it; .env.example lists them all.

Use with DJANGO_SETTINGS_MODULE={module}
"""
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

from {base} import *  # noqa: F401,F403
"#,
        package = facts.package,
        module = t.module,
        base = t.base_module,
    )
}

fn core(facts: &Facts, env: &mut EnvCatalog) -> String {
    let secret_key = facts.var_for("SECRET_KEY");
    let hosts = facts.var_for("ALLOWED_HOSTS");
    let origins = facts.var_for("CSRF_TRUSTED_ORIGINS");
    env.add(GROUP_CORE, "DJANGO_SETTINGS_MODULE", "The settings module manage.py, gunicorn and the health check use.", EnvValue::Value(facts.target.module.clone()));
    env.add(
        GROUP_CORE,
        &secret_key,
        "Django's signing key: 50+ random characters, never reused from development.\n\
         Generate one: python -c \"import secrets; print(secrets.token_urlsafe(50))\"",
        EnvValue::Required,
    );
    env.add(GROUP_CORE, &hosts, "Host names this site answers to, comma-separated, e.g. www.example.org,example.org", EnvValue::Required);
    env.add(
        GROUP_CORE,
        &origins,
        "Origins trusted for CSRF on unsafe requests, comma-separated with the scheme, e.g. https://www.example.org\n\
         (needed when a form posts from another subdomain or the proxy changes the Host).",
        EnvValue::OptionalEmpty,
    );
    let debug_read = facts.env_vars.iter().find(|v| v.setting.as_deref() == Some("DEBUG"));
    if let Some(var) = debug_read {
        env.add(GROUP_CORE, &var.name, format!("Read by {}:{}; the production settings force DEBUG = False whatever it says.", var.path, var.line), EnvValue::Value("False".into()));
    }
    format!(
        r#"

# Core

DEBUG = False

SECRET_KEY = require_env('{secret_key}')
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith('django-insecure-'):
    raise ImproperlyConfigured(
        '{secret_key} must be at least 50 random characters and not a django-insecure- development key.'
    )

ALLOWED_HOSTS = env_list('{hosts}', required=True)
CSRF_TRUSTED_ORIGINS = env_list('{origins}')
"#
    )
}

/// The project's own secrets (`STRIPE_SECRET_KEY = config(..., default='')`): required in production.
fn project_secrets(facts: &Facts, env: &mut EnvCatalog) -> String {
    let handled = [facts.var_for("SECRET_KEY"), facts.db_vars[2].clone()];
    let mut lines = Vec::new();
    for var in &facts.env_vars {
        let Some(setting) = &var.setting else { continue };
        let simple = setting.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        if !simple || !is_secret_name(&var.name) || handled.contains(&var.name) || setting == "DATABASES" || setting == "SECRET_KEY" {
            continue;
        }
        if var.name.contains("URL") {
            continue;
        }
        env.add(GROUP_PROJECT, &var.name, format!("A secret read by {}:{} for {setting}; required in production.", var.path, var.line), EnvValue::Required);
        lines.push(format!("{setting} = require_env('{}')", var.name));
    }
    if lines.is_empty() {
        return String::new();
    }
    format!("\n\n# Secrets the project's settings read with a default: required in production.\n\n{}\n", lines.join("\n"))
}

fn https_and_headers() -> String {
    r#"

# HTTPS and security headers (everything `manage.py check --deploy` asks for)

# TLS ends at the reverse proxy or load balancer in front of Django, which tells
# Django the original scheme in X-Forwarded-Proto. Trusting that header is only
# safe when the proxy always sets (overwrites) it and clients cannot reach
# Django directly; remove this line if Django itself terminates TLS.
SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https')
SECURE_SSL_REDIRECT = True
# Health probes come over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r'^health/?$', r'^ready/?$']

# HSTS: browsers refuse plain HTTP for a year, on every subdomain too. Make sure
# every subdomain serves HTTPS before deploying; preload only after submitting
# the domain at https://hstspreload.org/.
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = 'same-origin'
SECURE_CROSS_ORIGIN_OPENER_POLICY = 'same-origin'
X_FRAME_OPTIONS = 'DENY'
"#
    .to_owned()
}

/// MIDDLEWARE with SecurityMiddleware first and CSRF / clickjacking protection present.
fn middleware(facts: &Facts) -> String {
    match &facts.middleware {
        Some(list) => {
            let fixed = required_middleware(list);
            if &fixed == list {
                return String::new();
            }
            let items: String = fixed.iter().map(|m| format!("    '{m}',\n")).collect();
            format!(
                "\n\n# Middleware: the base list with SecurityMiddleware first and the CSRF and\n\
                 # clickjacking middleware present.\n\nMIDDLEWARE = [\n{items}]\n"
            )
        }
        None => format!(
            r#"

# Middleware: SecurityMiddleware first, CSRF and clickjacking protection present.

MIDDLEWARE = [m for m in MIDDLEWARE if m != '{SECURITY}']
MIDDLEWARE.insert(0, '{SECURITY}')
for _required in ('{CSRF}', '{XFRAME}'):
    if _required not in MIDDLEWARE:
        MIDDLEWARE.append(_required)
"#
        ),
    }
}

/// `list` with SecurityMiddleware first, CsrfViewMiddleware after the session
/// and common middleware, XFrameOptionsMiddleware last when missing.
pub fn required_middleware(list: &[String]) -> Vec<String> {
    let mut out: Vec<String> = list.iter().filter(|m| *m != SECURITY).cloned().collect();
    out.insert(0, SECURITY.to_owned());
    if !out.iter().any(|m| m == CSRF) {
        let after = out.iter().rposition(|m| m == SESSION || m == COMMON).unwrap_or(0);
        out.insert(after + 1, CSRF.to_owned());
    }
    if !out.iter().any(|m| m == XFRAME) {
        out.push(XFRAME.to_owned());
    }
    out
}

fn database(facts: &Facts, env: &mut EnvCatalog) -> String {
    let engine = facts.engine;
    if facts.uses_dj_database_url || engine == Engine::Other {
        env.add(GROUP_DATABASE, "DATABASE_URL", "The database, e.g. postgres://user:password@host:5432/name", EnvValue::Required);
        env.add(GROUP_DATABASE, "DB_CONN_MAX_AGE", "Seconds a database connection is reused.", EnvValue::Default("60".into()));
        return r#"

# Database, from DATABASE_URL.

DATABASES = {'default': database_from_url(require_env('DATABASE_URL'))}
DATABASES['default']['CONN_MAX_AGE'] = int(os.environ.get('DB_CONN_MAX_AGE', '60'))
DATABASES['default']['CONN_HEALTH_CHECKS'] = True
"#
        .to_owned();
    }
    let [name, user, password, host, port] = &facts.db_vars;
    let label = engine.label();
    env.add(
        GROUP_DATABASE,
        "DATABASE_URL",
        format!("Optional: a database URL (postgres://, mysql://, sqlite:////abs/path.sqlite3) that replaces the {label} variables below."),
        EnvValue::OptionalEmpty,
    );
    let body = if engine == Engine::Sqlite {
        env.add(GROUP_DATABASE, name, "Path of the SQLite database file (on a persistent volume).", EnvValue::Required);
        format!("        'ENGINE': '{}',\n        'NAME': require_env('{name}'),\n", engine.backend())
    } else {
        env.add(GROUP_DATABASE, name, format!("{label} database name."), EnvValue::Required);
        env.add(GROUP_DATABASE, user, format!("{label} user."), EnvValue::Required);
        env.add(GROUP_DATABASE, password, format!("{label} password."), EnvValue::Required);
        env.add(GROUP_DATABASE, host, format!("{label} host."), EnvValue::Required);
        env.add(GROUP_DATABASE, port, format!("{label} port."), EnvValue::Default(engine.default_port().into()));
        format!(
            "        'ENGINE': '{backend}',\n        'NAME': require_env('{name}'),\n        'USER': require_env('{user}'),\n        \
             'PASSWORD': require_env('{password}'),\n        'HOST': require_env('{host}'),\n        'PORT': os.environ.get('{port}', '{default_port}'),\n",
            backend = engine.backend(),
            default_port = engine.default_port(),
        )
    };
    env.add(GROUP_DATABASE, "DB_CONN_MAX_AGE", "Seconds a database connection is reused.", EnvValue::Default("60".into()));
    format!(
        r#"

# Database: {label}, as the project uses, from the environment (DATABASE_URL,
# when set, replaces the separate variables).

if os.environ.get('DATABASE_URL'):
    DATABASES = {{'default': database_from_url(os.environ['DATABASE_URL'])}}
else:
    DATABASES = {{'default': {{
{body}    }}}}
DATABASES['default']['CONN_MAX_AGE'] = int(os.environ.get('DB_CONN_MAX_AGE', '60'))
DATABASES['default']['CONN_HEALTH_CHECKS'] = True
"#
    )
}

const PASSWORD_VALIDATORS: &str = r#"

# Password validation (the base settings have none).

AUTH_PASSWORD_VALIDATORS = [
    {'NAME': 'django.contrib.auth.password_validation.UserAttributeSimilarityValidator'},
    {'NAME': 'django.contrib.auth.password_validation.MinimumLengthValidator'},
    {'NAME': 'django.contrib.auth.password_validation.CommonPasswordValidator'},
    {'NAME': 'django.contrib.auth.password_validation.NumericPasswordValidator'},
]
"#;

fn email(facts: &Facts, backend: &str, env: &mut EnvCatalog) -> String {
    let p = &facts.env_prefix;
    let (host, port, user, password, tls) =
        (format!("{p}EMAIL_HOST"), format!("{p}EMAIL_PORT"), format!("{p}EMAIL_HOST_USER"), format!("{p}EMAIL_HOST_PASSWORD"), format!("{p}EMAIL_USE_TLS"));
    env.add(GROUP_EMAIL, &host, "SMTP server that sends the site's e-mail.", EnvValue::Required);
    env.add(GROUP_EMAIL, &port, "SMTP port.", EnvValue::Default("587".into()));
    env.add(GROUP_EMAIL, &user, "SMTP user name.", EnvValue::Required);
    env.add(GROUP_EMAIL, &password, "SMTP password.", EnvValue::Required);
    env.add(GROUP_EMAIL, &tls, "Use STARTTLS (True/False).", EnvValue::Default("True".into()));
    format!(
        r#"

# E-mail: the base settings use {backend}, which sends nothing.

EMAIL_BACKEND = 'django.core.mail.backends.smtp.EmailBackend'
EMAIL_HOST = require_env('{host}')
EMAIL_PORT = int(os.environ.get('{port}', '587'))
EMAIL_HOST_USER = require_env('{user}')
EMAIL_HOST_PASSWORD = require_env('{password}')
EMAIL_USE_TLS = os.environ.get('{tls}', 'True').lower() in ('1', 'true', 'yes')
"#
    )
}

fn logging(facts: &Facts, env: &mut EnvCatalog) -> String {
    let p = &facts.env_prefix;
    let (dir_var, level_var) = (format!("{p}LOG_DIR"), format!("{p}LOG_LEVEL"));
    let app_root = format!("Path(__file__).resolve().parents[{}]", facts.settings_depth);
    env.add(GROUP_LOGGING, &dir_var, "Directory for the rotating log files; created at start-up when missing (default: logs/ beside manage.py).", EnvValue::OptionalEmpty);
    env.add(GROUP_LOGGING, &level_var, "Log level of the project's and Django's loggers.", EnvValue::Default("INFO".into()));
    let mut loggers = String::new();
    loggers.push_str("        'django': {'handlers': ['console', 'file'], 'level': LOG_LEVEL, 'propagate': False},\n");
    loggers.push_str("        'django.request': {'handlers': ['console', 'file'], 'level': 'WARNING', 'propagate': False},\n");
    loggers.push_str("        'django.security': {'handlers': ['console', 'file'], 'level': 'WARNING', 'propagate': False},\n");
    let mut names: Vec<&str> = vec![facts.package.as_str()];
    names.extend(facts.local_apps.iter().map(String::as_str));
    names.dedup();
    for name in names {
        loggers.push_str(&format!("        '{name}': {{'handlers': ['console', 'file'], 'level': LOG_LEVEL, 'propagate': False}},\n"));
    }
    format!(
        r#"

# Logging: to the console (collected by the container runtime or systemd) and
# to a size-rotated file in {dir_var}.

LOG_DIR = Path(os.environ.get('{dir_var}') or {app_root} / 'logs')
LOG_DIR.mkdir(parents=True, exist_ok=True)
LOG_LEVEL = os.environ.get('{level_var}', 'INFO')

LOGGING = {{
    'version': 1,
    'disable_existing_loggers': False,
    'formatters': {{
        'verbose': {{
            'format': '{{asctime}} {{levelname}} {{name}} {{process:d}} {{message}}',
            'style': '{{',
        }},
    }},
    'handlers': {{
        'console': {{
            'class': 'logging.StreamHandler',
            'formatter': 'verbose',
        }},
        'file': {{
            'class': 'logging.handlers.RotatingFileHandler',
            'filename': str(LOG_DIR / '{package}.log'),
            'maxBytes': 10 * 1024 * 1024,
            'backupCount': 5,
            'encoding': 'utf-8',
            'formatter': 'verbose',
        }},
    }},
    'root': {{'handlers': ['console', 'file'], 'level': 'WARNING'}},
    'loggers': {{
{loggers}    }},
}}
"#,
        package = facts.package,
    )
}

fn sentry(env: &mut EnvCatalog) -> String {
    env.add(GROUP_LOGGING, "SENTRY_DSN", "Sentry project DSN; errors are reported to Sentry when set.", EnvValue::OptionalEmpty);
    env.add(GROUP_LOGGING, "SENTRY_TRACES_SAMPLE_RATE", "Share of requests traced for performance (0 to 1).", EnvValue::Default("0".into()));
    r#"

# Error tracking: sentry-sdk is a requirement; it reports errors once SENTRY_DSN is set.

SENTRY_DSN = os.environ.get('SENTRY_DSN')
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        traces_sample_rate=float(os.environ.get('SENTRY_TRACES_SAMPLE_RATE', '0')),
        send_default_pii=False,
    )
"#
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn middleware_gets_security_first_and_the_missing_ones() {
        let base = strings(&[SESSION, COMMON, "django.contrib.auth.middleware.AuthenticationMiddleware", SECURITY]);
        let fixed = required_middleware(&base);
        assert_eq!(fixed[0], SECURITY);
        assert_eq!(fixed[3], CSRF, "{fixed:?}");
        assert_eq!(fixed.last().map(String::as_str), Some(XFRAME));
        assert_eq!(fixed.iter().filter(|m| *m == SECURITY).count(), 1);
    }

    #[test]
    fn complete_middleware_is_left_alone() {
        let base = strings(&[SECURITY, SESSION, COMMON, CSRF, XFRAME]);
        assert_eq!(required_middleware(&base), base);
    }
}
