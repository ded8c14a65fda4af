//! The checks: each module looks at one aspect of the live site through the
//! shared `Ctx` (client, the home response, findings so far). A request that
//! fails inside a check skips that check with a note; only the first request
//! (the site itself) is fatal.

pub mod cookies;
pub mod cors;
pub mod debug_pages;
pub mod exposed_files;
pub mod headers;
pub mod host_header;
pub mod latency;
pub mod tls;
pub mod transport;

use greenlight_core::Span;
use greenlight_rules::{Finding, Rule, Severity};

use crate::error::ProbeError;
use crate::http::{Client, Request};
use crate::response::Response;
use crate::target::Target;

/// What the checks learn beyond findings (for the grade and the report).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Facts {
    pub hsts_preload_ready: bool,
    pub strong_csp: bool,
    /// TLS versions the server accepted (`TLSv1.3`, …), https only.
    pub tls_versions: Vec<&'static str>,
    pub certificate_not_after: Option<i64>,
}

pub struct Ctx<'a> {
    pub client: &'a Client,
    pub insecure: bool,
    /// The URL as given.
    pub start: Target,
    /// Where the same-host redirects of the start URL ended.
    pub origin: Target,
    pub home: Response,
    /// Every response fetched, with its URL (cookies and debug pages are looked for in all).
    pub seen: Vec<(Target, Response)>,
    pub findings: Vec<Finding>,
    pub notes: Vec<String>,
    /// Rules that ran (whether or not they found something).
    pub ran: Vec<&'static Rule>,
    pub facts: Facts,
    budget_noted: bool,
    timeouts: u32,
}

/// After this many timed-out requests the site is taken as gone, and the probe stops asking.
pub const MAX_TIMEOUTS: u32 = 2;

impl<'a> Ctx<'a> {
    pub fn new(client: &'a Client, insecure: bool, start: Target, hops: Vec<(Target, Response)>) -> Ctx<'a> {
        let (origin, home) = hops.last().cloned().expect("follow returns at least one response");
        Ctx { client, insecure, start, origin, home, seen: hops, findings: Vec::new(), notes: Vec::new(), ran: Vec::new(), facts: Facts::default(), budget_noted: false, timeouts: 0 }
    }

    /// Records that these rules ran (returns `true`, to chain).
    pub fn ran(&mut self, rules: &[&'static Rule]) -> bool {
        for r in rules {
            if !self.ran.iter().any(|x| x.code == r.code) {
                self.ran.push(r);
            }
        }
        true
    }

    pub fn report(&mut self, rule: &'static Rule, url: &str, message: impl Into<String>) {
        self.report_at(rule, rule.severity, url, message);
    }

    pub fn report_at(&mut self, rule: &'static Rule, severity: Severity, url: &str, message: impl Into<String>) {
        self.findings.push(rule.finding(url, Span::FILE_START, message).with_severity(severity));
    }

    /// The request failed: a note, and `None` (the check is skipped).
    pub fn skipped(&mut self, what: &str, e: ProbeError) -> Option<Response> {
        match e {
            ProbeError::BudgetExhausted(n) => {
                if !self.budget_noted {
                    self.budget_noted = true;
                    self.notes.push(format!("the request budget of {n} was used up; the remaining checks were skipped (raise --max-requests)"));
                }
            }
            other => {
                let timed_out = matches!(other, ProbeError::Timeout { .. });
                self.notes.push(format!("{what}: skipped, the request failed: {}", other.to_string().lines().next().unwrap_or("")));
                if timed_out {
                    self.timeouts += 1;
                    if self.timeouts >= MAX_TIMEOUTS {
                        self.client.budget.close();
                        self.budget_noted = true;
                        self.notes.push(format!("{MAX_TIMEOUTS} requests timed out: the remaining checks were skipped"));
                    }
                }
            }
        }
        None
    }

    /// GETs `path` on the origin, without following redirects.
    pub fn get(&mut self, path: &str) -> Option<Response> {
        self.send(path, None, &[])
    }

    pub fn send(&mut self, path: &str, host: Option<&str>, headers: &[(&str, &str)]) -> Option<Response> {
        let target = self.origin.with_path(path);
        let req = Request { target: &target, method: "GET", host, headers };
        match self.client.send(&req) {
            Ok(r) => {
                self.seen.push((target, r.clone()));
                Some(r)
            }
            Err(e) => self.skipped(&format!("GET {}", target.url()), e),
        }
    }

    /// GETs `path` on the origin, following same-host redirects; the final response.
    pub fn follow(&mut self, path: &str) -> Option<(Target, Response)> {
        let target = self.origin.with_path(path);
        match self.client.follow(&target) {
            Ok(followed) => {
                self.seen.extend(followed.hops.iter().cloned());
                Some(followed.last().clone())
            }
            Err(e) => self.skipped(&format!("GET {}", target.url()), e).map(|r| (target, r)),
        }
    }
}

/// Runs every check, most important first (the budget may cut the tail).
pub fn run_all(ctx: &mut Ctx) {
    transport::check(ctx);
    headers::check(ctx);
    debug_pages::check(ctx);
    host_header::check(ctx);
    exposed_files::check(ctx);
    cors::check(ctx);
    tls::check(ctx);
    exposed_files::check_listings(ctx);
    exposed_files::check_default_paths(ctx);
    exposed_files::check_security_txt(ctx);
    debug_pages::check_all_seen(ctx);
    cookies::check(ctx);
    latency::check(ctx);
}
