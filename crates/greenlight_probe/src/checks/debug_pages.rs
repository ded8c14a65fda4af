//! Django's DEBUG pages (the technical 404 on a path that cannot exist, and
//! the technical 500 wherever one shows up) and soft 404s.

use super::Ctx;
use crate::response::Response;
use crate::rules::{DEBUG_PAGE, SOFT_404};

/// The sentence every technical page of Django carries, in any version.
pub fn is_debug_page(body: &str) -> bool {
    body.contains("DEBUG = True") && body.contains("seeing this error because you have")
}

/// Which technical page: the 500 one (raised by any exception, also
/// DisallowedHost's 400) has a traceback; the 404 one lists the URL patterns.
fn kind(r: &Response, body: &str) -> &'static str {
    if r.status >= 500 || body.contains("Exception Value") || body.contains("Traceback") {
        "technical 500 page (with traceback and settings)"
    } else {
        "technical 404 page (with every URL pattern)"
    }
}

/// A path no application routes; fixed, so findings keep their fingerprint
/// from one probe to the next (`greenlight diff` compares them).
pub const MISSING_PATH: &str = "/greenlight-probe-7f3c9e/does-not-exist/";

pub fn check(ctx: &mut Ctx) {
    let Some((target, r)) = ctx.follow(MISSING_PATH) else { return };
    ctx.ran(&[&DEBUG_PAGE, &SOFT_404]);
    if !matches!(r.status, 404 | 410) {
        ctx.report(&SOFT_404, &target.url(), format!("a path that cannot exist answers {} instead of 404", r.status));
    }
}

/// Looks for technical pages in every response fetched so far (run late).
pub fn check_all_seen(ctx: &mut Ctx) {
    let mut found: Vec<(String, &'static str)> = Vec::new();
    for (target, r) in &ctx.seen {
        let body = r.text();
        if is_debug_page(&body) {
            let k = kind(r, &body);
            if !found.iter().any(|(_, seen)| *seen == k) {
                found.push((target.url(), k));
            }
        }
    }
    for (url, k) in found {
        ctx.report(&DEBUG_PAGE, &url, format!("Django's {k} is served: DEBUG = True on the live site"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_the_technical_page_only() {
        assert!(is_debug_page("<p>You’re seeing this error because you have <code>DEBUG = True</code> in your Django settings file."));
        assert!(!is_debug_page("<h1>Not Found</h1><p>The requested resource was not found on this server.</p>"));
        assert!(!is_debug_page("docs: set DEBUG = True in development"));
        let page = |status| Response { status, headers: Vec::new(), body: Vec::new() };
        assert!(kind(&page(500), "").contains("500"));
        assert!(kind(&page(404), "Using the URLconf defined in").contains("404"));
        assert!(kind(&page(400), "DisallowedHost ... Exception Value: Invalid HTTP_HOST header").contains("500"));
    }
}
