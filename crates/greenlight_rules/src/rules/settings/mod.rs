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
