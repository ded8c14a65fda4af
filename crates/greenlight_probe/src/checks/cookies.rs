//! Cookies: Secure, HttpOnly and SameSite on every cookie the site set in any
//! response the probe saw (the home page, the admin login page, …).

use greenlight_rules::Severity;

use super::Ctx;
use crate::rules::{COOKIE_NOT_HTTPONLY, COOKIE_NOT_SECURE, COOKIE_NO_SAMESITE};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetCookie {
    pub name: String,
    pub secure: bool,
    pub http_only: bool,
    pub same_site: Option<String>,
    /// A deletion (`Max-Age=0` or an expiry in the past) sets nothing.
    pub deletion: bool,
}

pub fn parse_set_cookie(header: &str) -> Option<SetCookie> {
    let mut parts = header.split(';');
    let (name, _) = parts.next()?.split_once('=')?;
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    let mut c = SetCookie { name: name.to_owned(), secure: false, http_only: false, same_site: None, deletion: false };
    for attr in parts {
        let (key, value) = attr.split_once('=').map_or((attr.trim(), ""), |(k, v)| (k.trim(), v.trim()));
        match key.to_ascii_lowercase().as_str() {
            "secure" => c.secure = true,
            "httponly" => c.http_only = true,
            "samesite" => c.same_site = Some(value.to_owned()),
            "max-age" if value == "0" => c.deletion = true,
            "expires" if value.contains("1970") => c.deletion = true,
            _ => {}
        }
    }
    Some(c)
}

fn is_session(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "sessionid" || lower.contains("session")
}

fn is_csrf(name: &str) -> bool {
    name.to_ascii_lowercase().contains("csrf")
}

pub fn check(ctx: &mut Ctx) {
    let mut cookies: Vec<(String, SetCookie)> = Vec::new();
    for (target, response) in &ctx.seen {
        for header in response.header_all("set-cookie") {
            if let Some(c) = parse_set_cookie(header).filter(|c| !c.deletion) {
                if !cookies.iter().any(|(_, seen)| seen.name == c.name) {
                    cookies.push((target.url(), c));
                }
            }
        }
    }
    if !cookies.is_empty() {
        ctx.ran(&[&COOKIE_NOT_SECURE, &COOKIE_NOT_HTTPONLY, &COOKIE_NO_SAMESITE]);
    }
    for (url, c) in cookies {
        let name = &c.name;
        if !c.secure {
            let severity = if is_session(name) { Severity::High } else { Severity::Medium };
            ctx.report_at(&COOKIE_NOT_SECURE, severity, &url, format!("cookie `{name}` is set without Secure: it is also sent over plain HTTP"));
        }
        if !c.http_only {
            let (severity, note) = if is_csrf(name) {
                (Severity::Info, " (Django's default for the CSRF cookie; set CSRF_COOKIE_HTTPONLY if no script reads it)")
            } else if is_session(name) {
                (Severity::High, "")
            } else {
                (Severity::Medium, "")
            };
            ctx.report_at(&COOKIE_NOT_HTTPONLY, severity, &url, format!("cookie `{name}` is readable by JavaScript (no HttpOnly){note}"));
        }
        let same_site = c.same_site.as_deref().map(str::to_ascii_lowercase);
        if !matches!(same_site.as_deref(), Some("lax" | "strict")) {
            let what = match &c.same_site {
                Some(v) => format!("SameSite={v}"),
                None => "no SameSite attribute".to_owned(),
            };
            ctx.report(&COOKIE_NO_SAMESITE, &url, format!("cookie `{name}` has {what}: it is sent on cross-site requests"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn django_cookies() {
        let c = parse_set_cookie("csrftoken=abc; expires=Mon, 22 Nov 2027 13:00:00 GMT; Max-Age=31449600; Path=/; SameSite=Lax").unwrap();
        assert_eq!((c.name.as_str(), c.secure, c.http_only, c.same_site.as_deref(), c.deletion), ("csrftoken", false, false, Some("Lax"), false));
        let c = parse_set_cookie("sessionid=x; HttpOnly; Path=/; SameSite=Lax; Secure").unwrap();
        assert!(c.secure && c.http_only);
        assert!(parse_set_cookie("sessionid=\"\"; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/").unwrap().deletion);
        assert_eq!(parse_set_cookie("garbage"), None);
        assert_eq!(parse_set_cookie("=x"), None);
    }
}
