//! `--format html` in a real browser: headless Chromium loads the report of
//! `examples/clubdesk`, runs its script, and the DOM it dumps must hold the
//! verdict, the score gauge, the category chart and every finding, with the
//! filters working (preset through the URL hash) and nothing written to the
//! console (no script error, no blocked network load). A screenshot is taken;
//! with UPDATE_DOCS_SCREENSHOT=1 it replaces docs/report.png.
//!
//! Chromium comes from Debian's `chromium` package (.ci/run installs it).
//! Without it the test fails under CI and is skipped, loudly, elsewhere.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn chromium() -> Option<PathBuf> {
    let candidates = [std::env::var("CHROMIUM").unwrap_or_default(), "chromium".into(), "chromium-browser".into()];
    candidates.into_iter().filter(|c| !c.is_empty()).find_map(|c| {
        let ok = Command::new(&c).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success());
        ok.then(|| PathBuf::from(c))
    })
}

/// Runs Chromium headless on `url` with `extra` flags; returns (stdout, stderr).
fn run_chromium(browser: &Path, profile: &Path, url: &str, extra: &[&str]) -> (String, String) {
    std::fs::create_dir_all(profile).unwrap();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        // Files, not pipes: a DOM dump larger than a pipe buffer would block
        // Chromium while this loop waits for it to exit.
        .stdout(Stdio::from(std::fs::File::create(profile.join("stdout.txt")).unwrap()))
        .stderr(Stdio::from(std::fs::File::create(profile.join("stderr.txt")).unwrap()))
        .spawn()
        .expect("chromium starts");
    let deadline = Instant::now() + Duration::from_secs(90);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish within 90 s on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let read = |name: &str| String::from_utf8_lossy(&std::fs::read(profile.join(name)).unwrap_or_default()).into_owned();
    (read("stdout.txt"), read("stderr.txt"))
}

/// Console output of the page (`console.*`, uncaught errors, CSP refusals).
fn console_lines(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains(":CONSOLE") || l.contains("Uncaught")).collect()
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.display())
}

#[test]
fn html_report_renders_in_headless_chromium() {
    let Some(browser) = chromium() else {
        assert!(std::env::var_os("CI").is_none(), "chromium is not installed; .ci/run installs Debian's `chromium` package");
        eprintln!("SKIPPED html_report_renders_in_headless_chromium: no chromium (apt-get install chromium)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profile");
    let html = dir.path().join("report.html");
    let status = Command::new(env!("CARGO_BIN_EXE_greenlight"))
        .current_dir(common::workspace())
        .args(["audit", "examples/clubdesk", "--format", "html", "-q", "-o"])
        .arg(&html)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1), "clubdesk fails the default gate");
    let source = std::fs::read_to_string(&html).unwrap();
    // What the page must show, from the same audit's JSON.
    let json = Command::new(env!("CARGO_BIN_EXE_greenlight")).current_dir(common::workspace()).args(["audit", "examples/clubdesk", "--format", "json", "-q"]).output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let rules_where = |pred: &dyn Fn(&serde_json::Value) -> bool| {
        let codes: std::collections::BTreeSet<&str> =
            report["findings"].as_array().unwrap().iter().filter(|f| pred(f)).map(|f| f["code"].as_str().unwrap()).collect();
        codes.len()
    };
    let (total, critical, configuration) =
        (rules_where(&|_| true), rules_where(&|f| f["severity"] == "critical"), rules_where(&|f| f["category"] == "configuration"));
    assert!(!source.contains("src=\"http") && !source.contains("href=\"http://fonts") && !source.contains("<link"), "self-contained");

    // The console detector works: a page with an error is caught.
    let broken = dir.path().join("broken.html");
    std::fs::write(&broken, "<!DOCTYPE html><p>x</p><script>throw new Error('boom')</script>").unwrap();
    let (_, stderr) = run_chromium(&browser, &profile, &file_url(&broken), &["--dump-dom"]);
    assert!(console_lines(&stderr).iter().any(|l| l.contains("Uncaught Error: boom")), "the detector missed a script error:\n{stderr}");

    let (dom, stderr) = run_chromium(&browser, &profile, &file_url(&html), &["--dump-dom"]);
    assert!(console_lines(&stderr).is_empty(), "console output:\n{}", console_lines(&stderr).join("\n"));
    assert!(dom.contains("data-report-ready=\"true\""), "the script ran");
    assert!(dom.contains("id=\"score-gauge\"") && dom.contains(&format!("class=\"gauge-score\">{:.1}</text>", report["score"]["overall"].as_f64().unwrap())), "the gauge shows the score");
    assert!(dom.contains("id=\"category-chart\"") && dom.matches("<g class=\"bar\"").count() == 9, "one bar per category");
    assert!(dom.contains("class=\"verdict not-ready\">NOT READY</span>"));
    let articles = dom.matches("<article class=\"finding").count();
    assert_eq!(articles, total, "one article per rule with findings");
    assert!(dom.contains(&format!("{articles} of {articles} rules with findings shown")), "the filter counter ran");
    assert!(dom.contains("clubdesk/settings/base.py:18"), "findings carry their location");

    // Filters preset from the URL: critical only, then security only.
    let (critical_page, stderr) = run_chromium(&browser, &profile, &format!("{}#severity=critical", file_url(&html)), &["--dump-dom"]);
    assert!(console_lines(&stderr).is_empty());
    let critical_count = critical;
    let critical = critical_page;
    assert!(critical.contains(&format!("{critical_count} of {total} rules with findings shown")), "severity filter");
    assert_eq!(critical.matches("<article class=\"finding critical\" data-severity=\"critical\"").count(), critical_count);
    assert_eq!(critical.matches(" hidden=\"\"").count(), total - critical_count);
    let (security, _) = run_chromium(&browser, &profile, &format!("{}#category=configuration", file_url(&html)), &["--dump-dom"]);
    assert!(security.contains(&format!("{configuration} of {total} rules with findings shown")), "category filter");

    // A screenshot, as a person would see it.
    let shot = dir.path().join("report.png");
    let (_, stderr) = run_chromium(&browser, &profile, &file_url(&html), &[&format!("--screenshot={}", shot.display()), "--window-size=1280,2000", "--hide-scrollbars"]);
    let png = std::fs::read(&shot).unwrap_or_else(|e| panic!("no screenshot ({e}):\n{stderr}"));
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let (width, height) = (u32::from_be_bytes(png[16..20].try_into().unwrap()), u32::from_be_bytes(png[20..24].try_into().unwrap()));
    assert_eq!((width, height), (1280, 2000));
    assert!(png.len() > 50_000, "the page is not blank");
    if std::env::var_os("UPDATE_DOCS_SCREENSHOT").is_some() {
        std::fs::copy(&shot, common::workspace().join("docs/report.png")).unwrap();
    }
}

#[test]
fn html_report_prints() {
    let Some(browser) = chromium() else {
        assert!(std::env::var_os("CI").is_none(), "chromium is not installed; .ci/run installs Debian's `chromium` package");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    Command::new(env!("CARGO_BIN_EXE_greenlight"))
        .current_dir(common::workspace())
        .args(["audit", "examples/clubdesk-hardened", "--format", "html", "-q", "-o"])
        .arg(&html)
        .status()
        .unwrap();
    let pdf = dir.path().join("report.pdf");
    let (_, stderr) = run_chromium(&browser, &dir.path().join("profile"), &file_url(&html), &[&format!("--print-to-pdf={}", pdf.display()), "--no-pdf-header-footer"]);
    let bytes = std::fs::read(&pdf).unwrap_or_else(|e| panic!("no PDF ({e}):\n{stderr}"));
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(console_lines(&stderr).is_empty(), "{stderr}");
}
