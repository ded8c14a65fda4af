//! Host header validation: a request for a host the site is not must not be
//! served (ALLOWED_HOSTS = ['*'] behind a proxy that passes any Host).

use super::Ctx;
use crate::rules::FOREIGN_HOST;

pub const FOREIGN: &str = "greenlight-probe.invalid";

pub fn check(ctx: &mut Ctx) {
    let path = ctx.origin.path.clone();
    let target = ctx.origin.with_path(&path);
    let req = crate::http::Request { target: &target, method: "GET", host: Some(FOREIGN), headers: &[] };
    match ctx.client.send(&req) {
        Ok(r) => {
            ctx.ran(&[&FOREIGN_HOST]);
            if r.status == 200 {
                ctx.report(&FOREIGN_HOST, &target.url(), format!("a request with `Host: {FOREIGN}` is answered 200: the Host header is not validated"));
            }
            // Django's DisallowedHost page under DEBUG is a technical 500 page: keep it for debug_pages.
            ctx.seen.push((target, r));
        }
        Err(e @ (crate::error::ProbeError::BudgetExhausted(_) | crate::error::ProbeError::Timeout { .. })) => {
            ctx.skipped("Host header check", e);
        }
        // Closing the connection (nginx `return 444`) is a refusal too.
        Err(_) => {
            ctx.ran(&[&FOREIGN_HOST]);
        }
    }
}
