//! Security rules over application code: CSRF exemptions, SQL and template injection,
//! dangerous calls, credentials in code, webhooks, uploads, authentication, APIs.

mod admin_url;
mod channels;
mod crypto;
mod csrf;
mod dangerous_calls;
mod drf;
mod flow;
mod graphql;
mod login;
mod methods;
mod redirect;
mod secrets;
mod sql;
mod support;
mod uploads;
mod webhooks;
mod xss;

use crate::rule::Rule;

/// This family's rules (wired into the registry by `rules::all`).
pub static RULES: &[&Rule] = &[
    &csrf::CSRF_EXEMPT_VIEW,
    &sql::SQL_STRING_BUILT,
    &xss::MARK_SAFE_DYNAMIC,
    &xss::REFLECTED_RESPONSE,
    &redirect::OPEN_REDIRECT,
    &dangerous_calls::EVAL_EXEC,
    &dangerous_calls::UNSAFE_DESERIALIZATION,
    &dangerous_calls::SHELL_INJECTION,
    &secrets::HARDCODED_CREDENTIAL,
    &webhooks::WEBHOOK_UNVERIFIED,
    &webhooks::TIMING_UNSAFE_COMPARE,
    &crypto::INSECURE_RANDOM,
    &crypto::WEAK_PASSWORD_HASH,
    &uploads::UPLOAD_WITHOUT_VALIDATORS,
    &uploads::EXTENSION_ONLY_CHECK,
    &login::LOGIN_WITHOUT_RATE_LIMIT,
    &drf::DRF_PERMISSIVE_DEFAULT,
    &drf::DRF_NO_THROTTLE,
    &drf::VIEW_ALLOW_ANY,
    &channels::CONSUMER_WITHOUT_AUTH,
    &methods::METHOD_MISSING_SELF,
    &graphql::GRAPHQL_NO_DEPTH_LIMIT,
    &admin_url::ADMIN_DEFAULT_URL,
];
