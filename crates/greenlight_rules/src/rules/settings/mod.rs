//! Rules over the evaluated production settings: every `manage.py check
//! --deploy` check, plus what reviewers flag that Django does not check.

pub mod allowed_hosts;
pub mod auth;
pub mod cookies;
pub mod cors_csrf;
pub mod database;
pub mod debug;
pub mod headers;
pub mod hsts;
pub mod middleware;
pub mod secret_key;
pub mod services;
pub mod support;
pub mod uploads;

use crate::rule::Rule;

pub static RULES: &[&Rule] = &[
    &debug::DEBUG_ENABLED,
    &secret_key::SECRET_KEY_WEAK,
    &allowed_hosts::ALLOWED_HOSTS_EMPTY,
    &allowed_hosts::ALLOWED_HOSTS_WILDCARD,
    &middleware::SECURITY_MIDDLEWARE_MISSING,
    &middleware::CLICKJACKING_MIDDLEWARE_MISSING,
    &middleware::CSRF_MIDDLEWARE_MISSING,
    &hsts::HSTS_NOT_SET,
    &hsts::HSTS_NO_SUBDOMAINS,
    &hsts::HSTS_NO_PRELOAD,
    &headers::NOSNIFF_OFF,
    &headers::SSL_REDIRECT_OFF,
    &cookies::SESSION_COOKIE_INSECURE,
    &cookies::SESSION_COOKIE_NOT_HTTPONLY,
    &cookies::CSRF_COOKIE_INSECURE,
    &headers::X_FRAME_OPTIONS_NOT_DENY,
    &headers::REFERRER_POLICY_UNSET,
    &headers::REFERRER_POLICY_INVALID,
    &headers::COOP_INVALID,
    &secret_key::SECRET_KEY_FALLBACK_WEAK,
    &debug::DEBUG_DEFAULT_ON,
    &secret_key::SECRET_KEY_IN_SOURCE,
    &auth::PASSWORD_VALIDATORS_EMPTY,
    &auth::WEAK_PASSWORD_HASHER,
    &cors_csrf::CORS_ALLOW_ALL,
    &database::DATABASE_PASSWORD_COMMITTED,
    &database::SQLITE_IN_PRODUCTION,
    &services::EMAIL_BACKEND_DEVELOPMENT,
    &cors_csrf::CSRF_TRUSTED_ORIGINS_MISSING,
    &services::CACHE_LOCAL_MEMORY,
    &database::CONN_MAX_AGE_UNSET,
    &services::LOGGING_NOT_CONFIGURED,
    &uploads::UPLOAD_PERMISSIONS_UNSAFE,
];
