//! `greenlight probe` against tiny TCP servers on 127.0.0.1 that misbehave on
//! purpose: refused port, silence, garbage, TLS to a plain-HTTP port, bad
//! URLs (exit 2 with a clear message, never a panic), the request budget
//! counted server-side, and a redirect to another host never followed.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

fn greenlight(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_greenlight")).arg("probe").args(args).output().expect("runs greenlight")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Asserts exit 2 with a short message containing `needle`, and no panic.
fn assert_clear_failure(o: &Output, needle: &str) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "exit code; stderr: {err}");
    assert!(err.contains(needle), "`{needle}` not in: {err}");
    assert!(!err.contains("panicked") && !err.contains("internal error"), "{err}");
    assert!(err.trim().lines().count() <= 3, "more than one or two lines: {err}");
}

/// Reads one request head (up to the blank line) from `s`.
fn read_request(s: &mut TcpStream) -> String {
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") && buf.len() < 16 * 1024 {
        match s.read(&mut byte) {
            Ok(1) => buf.push(byte[0]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&buf).into_owned()
}

/// A server answering every connection with `respond(request head)`; counts connections.
fn serve(respond: impl Fn(&str) -> Vec<u8> + Send + Sync + 'static) -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let count = Arc::new(AtomicUsize::new(0));
    let counter = count.clone();
    let respond = Arc::new(respond);
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { continue };
            counter.fetch_add(1, Ordering::SeqCst);
            let respond = respond.clone();
            thread::spawn(move || {
                let head = read_request(&mut s);
                let _ = s.write_all(&respond(&head));
            });
        }
    });
    (port, count)
}

fn page(status: &str, extra: &str, body: &str) -> Vec<u8> {
    format!("HTTP/1.1 {status}\r\nContent-Type: text/html\r\nContent-Length: {}\r\n{extra}\r\n{body}", body.len()).into_bytes()
}

#[test]
fn refused_connection_exits_2() {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port(); // closed again at once
    let o = greenlight(&[&format!("http://127.0.0.1:{port}/")]);
    assert_clear_failure(&o, "connection refused");
}

#[test]
fn silent_server_times_out_within_the_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    thread::spawn(move || {
        let mut held = Vec::new();
        for s in listener.incoming().flatten() {
            held.push(s); // accept, never answer
        }
    });
    let started = Instant::now();
    let o = greenlight(&[&format!("http://127.0.0.1:{port}/"), "--timeout", "1"]);
    assert_clear_failure(&o, "did not answer within 1s");
    assert!(started.elapsed() < Duration::from_secs(8), "took {:?}", started.elapsed());
}

#[test]
fn a_trickling_server_cannot_stretch_a_request_past_the_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    thread::spawn(move || {
        for mut s in listener.incoming().flatten() {
            thread::spawn(move || {
                read_request(&mut s);
                let _ = s.write_all(b"HTTP/1.1 200 OK\r\n");
                // One header byte every 200 ms: each read succeeds, the response never ends.
                while s.write_all(b"X").is_ok() {
                    thread::sleep(Duration::from_millis(200));
                }
            });
        }
    });
    let started = Instant::now();
    let o = greenlight(&[&format!("http://127.0.0.1:{port}/"), "--timeout", "1"]);
    assert_clear_failure(&o, "did not answer within 1s");
    assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
}

#[test]
fn a_site_that_stops_answering_ends_the_probe_early() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let count = Arc::new(AtomicUsize::new(0));
    let counter = count.clone();
    thread::spawn(move || {
        let mut held = Vec::new();
        for mut s in listener.incoming().flatten() {
            if counter.fetch_add(1, Ordering::SeqCst) == 0 {
                read_request(&mut s);
                let _ = s.write_all(&page("200 OK", "", PLAIN_HOME));
            } else {
                held.push(s); // every later request hangs
            }
        }
    });
    let started = Instant::now();
    let o = greenlight(&[&format!("http://127.0.0.1:{port}/"), "--timeout", "1", "--format", "json", "--fail-on", "never"]);
    assert_eq!(o.status.code(), Some(0), "the site answered once: a report, not an error; {}", stderr(&o));
    assert!(started.elapsed() < Duration::from_secs(5), "took {:?}", started.elapsed());
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(report["notes"].to_string().contains("2 requests timed out"), "{}", report["notes"]);
    assert_eq!(count.load(Ordering::SeqCst), 3, "the home page and two timed-out requests");
}

#[test]
fn garbage_is_a_malformed_response() {
    let (port, _) = serve(|_| b"SSH-2.0-OpenSSH_9.2p1 Debian\r\n\x00\x01\x02 garbage".to_vec());
    let o = greenlight(&[&format!("http://127.0.0.1:{port}/")]);
    assert_clear_failure(&o, "not HTTP");
    assert!(stderr(&o).contains("SSH-2.0"), "shows what came back: {}", stderr(&o));
}

#[test]
fn tls_to_a_plain_http_port_fails_clearly() {
    let (port, _) = serve(|_| page("400 Bad Request", "Connection: close\r\n", "plain http here"));
    let o = greenlight(&[&format!("https://127.0.0.1:{port}/")]);
    assert_clear_failure(&o, "TLS handshake with 127.0.0.1");
    assert!(stderr(&o).contains("does not speak TLS"), "{}", stderr(&o));
}

#[test]
fn bad_urls_and_options_exit_2() {
    for (args, needle) in [
        (vec!["ftp://example.com/"], "not http or https"),
        (vec!["example.com"], "has no scheme"),
        (vec!["http://exa mple.com/"], "not a valid host"),
        (vec!["http://127.0.0.1:99999/"], "no valid host[:port]"),
        (vec!["http://127.0.0.1/", "--max-requests", "0"], "--max-requests"),
        (vec!["http://127.0.0.1/", "--timeout", "0"], "--timeout"),
    ] {
        let o = greenlight(&args);
        assert_clear_failure(&o, needle);
    }
}

const PLAIN_HOME: &str = "<!DOCTYPE html><html><body><h1>hello</h1></body></html>";

#[test]
fn the_request_budget_is_respected_server_side() {
    let (port, count) = serve(|_| page("200 OK", "", PLAIN_HOME));
    let url = format!("http://127.0.0.1:{port}/");
    let o = greenlight(&[&url, "--max-requests", "5", "--format", "json", "--fail-on", "never"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(count.load(Ordering::SeqCst), 5, "connections the server saw");
    assert_eq!(report["probe"]["requests"], 5);
    let notes: Vec<&str> = report["notes"].as_array().unwrap().iter().filter_map(|n| n["message"].as_str()).collect();
    assert!(notes.iter().any(|n| n.contains("request budget of 5")), "{notes:?}");

    let (port, count) = serve(|_| page("200 OK", "", PLAIN_HOME));
    let o = greenlight(&[&format!("http://127.0.0.1:{port}/"), "--format", "json", "--fail-on", "never"]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let seen = count.load(Ordering::SeqCst);
    assert!(seen <= 30, "default budget of 30 exceeded: {seen}");
    assert_eq!(report["probe"]["requests"].as_u64(), Some(seen as u64), "the report counts what the server saw");
}

#[test]
fn a_redirect_to_another_host_is_never_followed() {
    let (other_port, other_count) = serve(|_| page("200 OK", "", PLAIN_HOME));
    let (port, _) = serve(move |head| {
        if head.starts_with("GET / ") {
            page("302 Found", &format!("Location: http://localhost:{other_port}/\r\n"), "")
        } else {
            page("404 Not Found", "", "nope")
        }
    });
    let o = greenlight(&[&format!("http://127.0.0.1:{port}/"), "--format", "json", "--fail-on", "never"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(other_count.load(Ordering::SeqCst), 0, "the other host got requests");
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let notes = report["notes"].to_string();
    assert!(notes.contains("redirects to another host"), "{notes}");
}

#[test]
fn a_plain_site_gets_header_findings_in_every_format() {
    let (port, _) = serve(|head| {
        let origin = head.lines().find_map(|l| l.strip_prefix("Origin: ")).map(str::to_owned);
        let cors = origin.map(|o| format!("Access-Control-Allow-Origin: {o}\r\nAccess-Control-Allow-Credentials: true\r\n")).unwrap_or_default();
        if head.starts_with("GET / ") {
            page("200 OK", &format!("Server: Apache/2.4.1\r\nSet-Cookie: sessionid=abc; Path=/\r\n{cors}"), PLAIN_HOME)
        } else {
            page("404 Not Found", "", "not found")
        }
    });
    let url = format!("http://127.0.0.1:{port}/");
    let o = greenlight(&[&url, "--format", "json", "--fail-on", "never"]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let codes: Vec<&str> = report["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect();
    for code in ["WEB002", "WEB003", "WEB007", "WEB009", "WEB010", "WEB014", "WEB015", "WEB016", "WEB017", "WEB022", "WEB023", "WEB024"] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    for absent in ["WEB001", "WEB018", "WEB019", "WEB020", "WEB030"] {
        assert!(!codes.contains(&absent), "{absent} reported: {codes:?}");
    }
    assert_eq!(report["score"]["grade"], "F");
    let fingerprints = |r: &serde_json::Value| -> Vec<String> { r["findings"].as_array().unwrap().iter().map(|f| f["fingerprint"].as_str().unwrap().to_owned()).collect() };
    let again: serde_json::Value = serde_json::from_slice(&greenlight(&[&url, "--format", "json", "--fail-on", "never"]).stdout).unwrap();
    assert_eq!(fingerprints(&report), fingerprints(&again), "a second probe gives the same fingerprints (for `greenlight diff`)");
    for format in ["terminal", "markdown", "html", "sarif", "github", "junit"] {
        let o = greenlight(&[&url, "--format", format, "--fail-on", "high"]);
        assert_eq!(o.status.code(), Some(1), "{format}: the gate fails on high findings; {}", stderr(&o));
        assert!(String::from_utf8_lossy(&o.stdout).contains("WEB003"), "{format} output lacks WEB003");
    }
}

/// The probe colours its terminal report as the audit does: NO_COLOR set to a
/// non-empty value turns colour off, an empty one does not (no-color.org).
#[test]
fn probe_colour_follows_no_color_like_the_audit() {
    let (port, _) = serve(|_| page("200 OK", "", PLAIN_HOME));
    let url = format!("http://127.0.0.1:{port}/");
    let probe = ["probe", url.as_str(), "--fail-on", "never"];
    let Some((coloured, _)) = common::on_terminal(&probe, &[]) else { return };
    assert!(coloured.contains("WEB003") && coloured.contains("\x1b["), "a terminal gets colour:\n{coloured}");
    let Some((plain, _)) = common::on_terminal(&probe, &[("NO_COLOR", "1")]) else { return };
    assert!(plain.contains("WEB003") && !plain.contains("\x1b["), "NO_COLOR=1 turns colour off:\n{plain}");
    let Some((empty, _)) = common::on_terminal(&probe, &[("NO_COLOR", "")]) else { return };
    assert!(empty.contains("\x1b["), "an empty NO_COLOR does not count");
}

#[test]
fn explain_and_rules_know_the_web_rules() {
    let o = Command::new(env!("CARGO_BIN_EXE_greenlight")).args(["explain", "WEB001"]).output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.starts_with("# WEB001 debug-page-exposed (security, critical)"), "{text}");
    assert!(text.contains("## Probe grade") && text.contains("A+ ≥ 100") && text.contains("critical: -40"), "{text}");
    let o = Command::new(env!("CARGO_BIN_EXE_greenlight")).args(["rules"]).output().unwrap();
    let list = String::from_utf8_lossy(&o.stdout);
    let web: Vec<&str> = list.lines().filter(|l| l.starts_with("WEB")).collect();
    assert_eq!(web.len(), 31, "{list}");
    let o = Command::new(env!("CARGO_BIN_EXE_greenlight")).args(["rules", "--format", "json"]).output().unwrap();
    let rules: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(rules.as_array().unwrap().iter().any(|r| r["code"] == "WEB031" && r["category"] == "performance"));
}
