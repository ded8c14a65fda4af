//! HTTP → HTTPS: the site must end up on https, and plain HTTP must redirect.

use super::Ctx;
use crate::http::Request;
use crate::rules::HTTPS_NOT_ENFORCED;
use crate::target::Scheme;

pub fn check(ctx: &mut Ctx) {
    ctx.ran(&[&HTTPS_NOT_ENFORCED]);
    if ctx.origin.scheme == Scheme::Http {
        let url = ctx.origin.url();
        ctx.report(&HTTPS_NOT_ENFORCED, &url, format!("{url} is served over plain HTTP and does not redirect to HTTPS"));
        return;
    }
    if ctx.start.scheme == Scheme::Http {
        return; // the given http URL redirected to https on the same host
    }
    if ctx.origin.port != 443 {
        ctx.notes.push("HTTP→HTTPS redirect not checked: the https port is not 443; probe the http:// URL to check it".into());
        return;
    }
    let mut plain = ctx.origin.with_path(&ctx.origin.path.clone());
    plain.scheme = Scheme::Http;
    plain.port = 80;
    match ctx.client.send(&Request::get(&plain)) {
        Ok(r) => {
            let to_https = r.is_redirect() && r.header("location").is_some_and(|l| l.trim().to_ascii_lowercase().starts_with("https://"));
            if !to_https {
                let url = plain.url();
                ctx.report(&HTTPS_NOT_ENFORCED, &url, format!("{url} answers {} instead of redirecting to https://", r.status));
            }
        }
        // Nothing on port 80 is fine: there is no plain-HTTP site to downgrade to.
        Err(crate::error::ProbeError::BudgetExhausted(n)) => {
            ctx.skipped("HTTP redirect", crate::error::ProbeError::BudgetExhausted(n));
        }
        Err(_) => ctx.notes.push("port 80 does not answer HTTP; no plain-HTTP site to redirect".into()),
    }
}
