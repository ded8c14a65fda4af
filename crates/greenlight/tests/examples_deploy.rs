//! The template and deployment rules on the bundled examples, through the real
//! binary: every planted template/Docker/compose/env/URL problem of
//! `examples/clubdesk` is found at its file and line, and the hardened twin
//! gives these rules nothing to report.

mod common;
use common::{findings, line_of};

const FAMILY: &str = "SEC060,SEC061,SEC062,SEC063,SEC064,SEC065,SEC066,SEC067,SEC068,PERF030,OPS001,OPS002,OPS003,OPS004,OPS005,OPS006";

fn audit(example: &str) -> serde_json::Value {
    common::audit_example(example, FAMILY)
}

/// Exactly one finding of `code`, at `path:line`, with `severity`.
fn assert_one(report: &serde_json::Value, code: &str, path: &str, line: u64, severity: &str) {
    let found = findings(report, code);
    let places: Vec<String> = found.iter().map(|f| format!("{}:{} [{}]", f["path"], f["line"], f["severity"])).collect();
    assert_eq!(found.len(), 1, "{code}: expected one finding at {path}:{line}, got {places:?}");
    assert_eq!((found[0]["path"].as_str().unwrap(), found[0]["line"].as_u64().unwrap()), (path, line), "{code}");
    assert_eq!(found[0]["severity"], severity, "{code}");
}

#[test]
fn clubdesk_planted_template_and_deployment_problems() {
    let report = audit("clubdesk");

    // #25: `{{ member.bio|safe }}`.
    let detail = "members/templates/members/member_detail.html";
    assert_one(&report, "SEC060", detail, line_of(detail, "member.bio|safe"), "high");

    // #40–44: the Dockerfile. Root (#42) and HEALTHCHECK (#43) are absent: reported on the final FROM.
    let from = line_of("Dockerfile", "FROM python:latest");
    assert_one(&report, "OPS001", "Dockerfile", from, "medium");
    assert_one(&report, "OPS003", "Dockerfile", line_of("Dockerfile", "COPY . ."), "medium");
    assert_one(&report, "SEC063", "Dockerfile", from, "high");
    assert_one(&report, "OPS002", "Dockerfile", from, "medium");

    // #44 and #45: runserver in the Dockerfile's CMD and in the compose web service.
    let runserver: Vec<(String, u64)> = findings(&report, "OPS004")
        .iter()
        .map(|f| (f["path"].as_str().unwrap().to_owned(), f["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        runserver,
        [("Dockerfile".to_owned(), line_of("Dockerfile", "runserver")), ("docker-compose.yml".to_owned(), line_of("docker-compose.yml", "runserver"))]
    );

    // #46–48: compose DEBUG, default password, published Postgres port.
    let compose = "docker-compose.yml";
    assert_one(&report, "SEC065", compose, line_of(compose, "DEBUG=True"), "high");
    assert_one(&report, "SEC066", compose, line_of(compose, "POSTGRES_PASSWORD=postgres"), "high");
    assert_one(&report, "SEC067", compose, line_of(compose, "5432:5432"), "medium");

    // #49: the committed .env, on its first credential; keys named, values never.
    assert_one(&report, "SEC068", ".env", line_of(".env", "SECRET_KEY="), "high");
    let message = findings(&report, "SEC068")[0]["message"].as_str().unwrap();
    assert!(message.contains("SECRET_KEY") && message.contains("STRIPE_SECRET_KEY"), "{message}");
    let text = report.to_string();
    for value in ["clubdesk-dev-secret-key-do-not-share", "sk_test_clubdesk_local"] {
        assert!(!text.contains(value), "a value of .env leaked into the report");
    }

    // #19: media through static() outside `if settings.DEBUG:`.
    let urls = "clubdesk/urls.py";
    assert_one(&report, "OPS005", urls, line_of(urls, "static(settings.MEDIA_URL"), "medium");

    // #39: no gunicorn/uvicorn, reported on requirements.txt.
    assert_one(&report, "OPS006", "requirements.txt", 1, "high");

    // Nothing else: every POST form has its token, the loops' relations are
    // select_related in the views, no autoescape off, no secrets in ENV.
    for quiet in ["SEC061", "SEC062", "SEC064", "PERF030"] {
        assert!(findings(&report, quiet).is_empty(), "{quiet}: {:?}", findings(&report, quiet));
    }
}

#[test]
fn clubdesk_hardened_has_no_template_or_deployment_problem() {
    let report = audit("clubdesk-hardened");
    let serious: Vec<_> = report["findings"].as_array().unwrap().iter().filter(|f| f["severity"] != "info").collect();
    assert!(serious.is_empty(), "{serious:#?}");
}
