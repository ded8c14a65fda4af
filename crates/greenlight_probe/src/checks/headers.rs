//! Security headers of the final response: HSTS, CSP, framing, nosniff,
//! Referrer-Policy, Permissions-Policy, COOP, and version leaks.

use super::Ctx;
use crate::rules::*;
use crate::target::Scheme;

pub const ONE_YEAR: u64 = 31_536_000;

/// `Strict-Transport-Security`, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hsts {
    pub max_age: Option<u64>,
    pub include_subdomains: bool,
    pub preload: bool,
}

pub fn parse_hsts(value: &str) -> Hsts {
    let mut h = Hsts { max_age: None, include_subdomains: false, preload: false };
    for part in value.split(';').map(str::trim) {
        let lower = part.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("max-age=") {
            h.max_age = v.trim_matches('"').parse().ok();
        } else if lower == "includesubdomains" {
            h.include_subdomains = true;
        } else if lower == "preload" {
            h.preload = true;
        }
    }
    h
}

/// A Content-Security-Policy as directive → sources.
pub fn parse_csp(value: &str) -> Vec<(String, Vec<String>)> {
    value
        .split(';')
        .filter_map(|d| {
            let mut words = d.split_whitespace();
            let name = words.next()?.to_ascii_lowercase();
            Some((name, words.map(|w| w.to_ascii_lowercase()).collect()))
        })
        .collect()
}

/// Why the policy fails to restrict scripts, or `None` when it does.
pub fn csp_weakness(csp: &[(String, Vec<String>)]) -> Option<String> {
    let find = |name: &str| csp.iter().find(|(n, _)| n == name).map(|(_, s)| s);
    let Some(sources) = find("script-src").or_else(|| find("default-src")) else {
        return Some("it has neither script-src nor default-src, so scripts are not restricted".into());
    };
    let has_nonce_or_hash = sources.iter().any(|s| s.starts_with("'nonce-") || s.starts_with("'sha"));
    let bad: Vec<&str> = sources
        .iter()
        .map(String::as_str)
        .filter(|s| matches!(*s, "'unsafe-eval'" | "*" | "http:" | "https:" | "data:") || (*s == "'unsafe-inline'" && !has_nonce_or_hash))
        .collect();
    (!bad.is_empty()).then(|| format!("scripts may come from {}", bad.join(", ")))
}

fn has_version(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.windows(2).any(|w| w[0] == b'/' && w[1].is_ascii_digit())
}

pub fn check(ctx: &mut Ctx) {
    // Rules about a header's value run (and can pass) only when the header is there.
    ctx.ran(&[&HSTS_MISSING, &CSP_MISSING, &CLICKJACKING, &NOSNIFF_MISSING, &REFERRER_POLICY_MISSING, &PERMISSIONS_POLICY_MISSING, &COOP_MISSING, &SERVER_VERSION_LEAK]);
    let url = ctx.origin.url();
    let home = ctx.home.clone();
    let h = |name: &str| home.header(name).map(str::to_owned);

    match h("strict-transport-security") {
        None => {
            let extra = if ctx.origin.scheme == Scheme::Http { " (and browsers ignore it over plain HTTP anyway)" } else { "" };
            ctx.report(&HSTS_MISSING, &url, format!("no Strict-Transport-Security header{extra}"));
        }
        Some(value) => {
            ctx.ran(&[&HSTS_SHORT, &HSTS_NO_SUBDOMAINS, &HSTS_NOT_PRELOADED]);
            let hsts = parse_hsts(&value);
            match hsts.max_age {
                Some(age) if age >= ONE_YEAR => {}
                Some(age) => ctx.report(&HSTS_SHORT, &url, format!("HSTS max-age is {age}s, under one year ({ONE_YEAR})")),
                None => ctx.report(&HSTS_SHORT, &url, format!("HSTS has no valid max-age: `{value}`")),
            }
            if !hsts.include_subdomains {
                ctx.report(&HSTS_NO_SUBDOMAINS, &url, "HSTS lacks includeSubDomains");
            }
            if !hsts.preload {
                ctx.report(&HSTS_NOT_PRELOADED, &url, "HSTS lacks preload");
            }
            ctx.facts.hsts_preload_ready = hsts.preload && hsts.include_subdomains && hsts.max_age.is_some_and(|a| a >= ONE_YEAR);
        }
    }

    let csp = h("content-security-policy").map(|v| parse_csp(&v));
    match &csp {
        None => ctx.report(&CSP_MISSING, &url, "no Content-Security-Policy header"),
        Some(policy) => match ctx.ran(&[&CSP_UNSAFE]).then(|| csp_weakness(policy)).flatten() {
            Some(why) => ctx.report(&CSP_UNSAFE, &url, format!("the Content-Security-Policy is weak: {why}")),
            None => ctx.facts.strong_csp = true,
        },
    }

    let frame_ancestors = csp.as_ref().is_some_and(|p| p.iter().any(|(n, _)| n == "frame-ancestors"));
    let xfo = h("x-frame-options").map(|v| v.trim().to_ascii_uppercase());
    if !frame_ancestors && !matches!(xfo.as_deref(), Some("DENY" | "SAMEORIGIN")) {
        let what = match xfo {
            Some(v) => format!("X-Frame-Options is `{v}` (not DENY or SAMEORIGIN)"),
            None => "no X-Frame-Options header".to_owned(),
        };
        ctx.report(&CLICKJACKING, &url, format!("{what} and no CSP frame-ancestors: the page can be framed (clickjacking)"));
    }

    if !h("x-content-type-options").is_some_and(|v| v.trim().eq_ignore_ascii_case("nosniff")) {
        ctx.report(&NOSNIFF_MISSING, &url, "no X-Content-Type-Options: nosniff");
    }

    let referrer = h("referrer-policy").map(|v| v.rsplit(',').next().unwrap_or("").trim().to_ascii_lowercase());
    match referrer.as_deref() {
        None | Some("") => ctx.report(&REFERRER_POLICY_MISSING, &url, "no Referrer-Policy header"),
        Some(p @ ("unsafe-url" | "no-referrer-when-downgrade")) => {
            ctx.report(&REFERRER_POLICY_MISSING, &url, format!("Referrer-Policy `{p}` sends full URLs to other sites"))
        }
        Some(_) => {}
    }

    if h("permissions-policy").is_none() {
        ctx.report(&PERMISSIONS_POLICY_MISSING, &url, "no Permissions-Policy header");
    }
    if h("cross-origin-opener-policy").is_none() {
        ctx.report(&COOP_MISSING, &url, "no Cross-Origin-Opener-Policy header");
    }

    for name in ["Server", "X-Powered-By"] {
        if let Some(value) = h(name).filter(|v| has_version(v)) {
            ctx.report(&SERVER_VERSION_LEAK, &url, format!("`{name}: {value}` discloses software versions"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hsts_parts() {
        let h = parse_hsts("max-age=31536000; includeSubDomains; preload");
        assert_eq!(h, Hsts { max_age: Some(ONE_YEAR), include_subdomains: true, preload: true });
        assert_eq!(parse_hsts("max-age=\"60\"").max_age, Some(60));
        assert_eq!(parse_hsts("junk").max_age, None);
    }

    #[test]
    fn csp_strength() {
        assert_eq!(csp_weakness(&parse_csp("default-src 'self'; frame-ancestors 'none'")), None);
        assert!(csp_weakness(&parse_csp("default-src 'self' 'unsafe-inline'")).unwrap().contains("'unsafe-inline'"));
        assert_eq!(csp_weakness(&parse_csp("script-src 'self' 'unsafe-inline' 'nonce-abc'")), None, "nonce disables unsafe-inline");
        assert!(csp_weakness(&parse_csp("default-src *")).is_some());
        assert!(csp_weakness(&parse_csp("img-src 'self'")).unwrap().contains("neither"));
        assert!(csp_weakness(&parse_csp("default-src 'none'; script-src 'self' 'unsafe-eval'")).is_some());
    }

    #[test]
    fn versions_in_server_headers() {
        assert!(has_version("WSGIServer/0.2 CPython/3.11.2"));
        assert!(has_version("nginx/1.22.1"));
        assert!(!has_version("nginx"));
        assert!(!has_version("cloudflare"));
    }
}
