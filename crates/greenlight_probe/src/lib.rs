//! `greenlight probe URL`: grades a running deployment over HTTP. Static
//! analysis cannot see what a proxy adds or removes; this makes a bounded
//! number of requests to the live site and reports `WEB` findings in the same
//! report model as `audit`, with an Observatory-style grade.

pub mod budget;
pub mod checks;
pub mod der;
pub mod error;
pub mod grade;
pub mod http;
pub mod legacy;
pub mod report;
pub mod response;
pub mod rules;
pub mod target;
pub mod tls;

use std::time::{Duration, Instant};

use greenlight_rules::{Finding, Rule};

pub use error::ProbeError;
use target::Target;

/// Requests made at most unless `--max-requests` says otherwise.
pub const DEFAULT_MAX_REQUESTS: u32 = 30;

#[derive(Debug, Clone)]
pub struct Options {
    pub url: String,
    /// Go on past an untrusted certificate (and report it).
    pub insecure: bool,
    /// Bound on connecting and on each whole request.
    pub timeout: Duration,
    pub max_requests: u32,
}

/// Everything a probe found.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub url: String,
    /// Where the same-host redirects of `url` ended.
    pub final_url: String,
    pub findings: Vec<Finding>,
    pub grade: grade::Grade,
    pub notes: Vec<String>,
    pub rules_run: Vec<&'static Rule>,
    pub facts: checks::Facts,
    pub requests: u32,
    pub max_requests: u32,
    pub elapsed: Duration,
}

pub fn probe(options: &Options) -> Result<Outcome, ProbeError> {
    let started = Instant::now();
    let start = Target::parse(&options.url)?;
    if options.max_requests == 0 {
        return Err(ProbeError::BadUrl("--max-requests must be at least 1".into()));
    }
    let timeout = options.timeout.max(Duration::from_millis(10));
    let client = http::Client::new(budget::Budget::new(options.max_requests), timeout, options.insecure)?;
    let followed = client.follow(&start)?;
    let mut notes = Vec::new();
    if let Some(location) = &followed.offsite {
        notes.push(format!("the site redirects to another host ({location}); not followed, the checks ran on the redirect itself"));
    }
    if followed.hops.len() > http::MAX_REDIRECTS {
        notes.push(format!("more than {} redirects on the same host; the checks ran on the last response", http::MAX_REDIRECTS));
    }
    let mut ctx = checks::Ctx::new(&client, options.insecure, start, followed.hops);
    ctx.notes.append(&mut notes);
    checks::run_all(&mut ctx);

    let mut findings = std::mem::take(&mut ctx.findings);
    findings.sort_by(|a, b| (a.severity, a.code, &a.path).cmp(&(b.severity, b.code, &b.path)));
    let grade = grade::grade(&findings, grade::Bonuses { hsts_preload: ctx.facts.hsts_preload_ready, strong_csp: ctx.facts.strong_csp });
    let mut rules_run = ctx.ran.clone();
    rules_run.sort_by_key(|r| r.code);
    Ok(Outcome {
        url: options.url.clone(),
        final_url: ctx.origin.url(),
        findings,
        grade,
        notes: ctx.notes.clone(),
        rules_run,
        facts: ctx.facts.clone(),
        requests: client.requests_made(),
        max_requests: options.max_requests,
        elapsed: started.elapsed(),
    })
}
