//! `greenlight probe` against real TLS servers on 127.0.0.1: `openssl
//! s_server` (Debian's openssl CLI, installed by `.ci/run`) configured badly on
//! purpose — TLS 1.0/1.1 enabled, a certificate for another name expiring in
//! ten days, TLS 1.2 only — so each TLS finding is seen against a real stack.

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A certificate for `localhost` only, valid for `days`.
fn certificate(dir: &Path, days: &str) -> (String, String) {
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let out = Command::new("openssl")
        .args(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", days, "-subj", "/CN=localhost"])
        .args(["-addext", "subjectAltName=DNS:localhost", "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("the openssl CLI is needed (.ci/run installs it)");
    assert!(out.status.success(), "openssl req: {}", String::from_utf8_lossy(&out.stderr));
    (cert.display().to_string(), key.display().to_string())
}

fn s_server(dir: &Path, days: &str, protocol_args: &[&str]) -> (Killed, u16) {
    let (cert, key) = certificate(dir, days);
    let port = free_port();
    let child = Command::new("openssl")
        .args(["s_server", "-accept", &format!("127.0.0.1:{port}"), "-cert", &cert, "-key", &key, "-www", "-quiet"])
        .args(protocol_args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts openssl s_server");
    let server = Killed(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "openssl s_server did not listen on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
    (server, port)
}

fn probe(port: u16) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_greenlight"))
        .args(["probe", &format!("https://127.0.0.1:{port}/"), "--insecure", "--format", "json", "--fail-on", "never", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn finding<'r>(report: &'r serde_json::Value, code: &str) -> Option<&'r serde_json::Value> {
    report["findings"].as_array().unwrap().iter().find(|f| f["code"] == code)
}

#[test]
fn legacy_protocols_near_expiry_and_wrong_name_are_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let (_server, port) = s_server(tmp.path(), "10", &["-min_protocol", "TLSv1", "-cipher", "DEFAULT:@SECLEVEL=0"]);
    let report = probe(port);
    let legacy = finding(&report, "WEB028").expect("TLS 1.0/1.1 accepted");
    assert!(legacy["message"].as_str().unwrap().contains("TLSv1.0") && legacy["message"].as_str().unwrap().contains("TLSv1.1"), "{legacy}");
    let expiry = finding(&report, "WEB026").expect("expires in 10 days");
    assert_eq!(expiry["severity"], "medium");
    assert!(expiry["message"].as_str().unwrap().contains("expires in 9 days") || expiry["message"].as_str().unwrap().contains("expires in 10 days"), "{expiry}");
    assert_eq!(finding(&report, "WEB027").expect("certificate for localhost, probed as 127.0.0.1")["severity"], "high");
    let untrusted = finding(&report, "WEB025").expect("self-signed");
    assert_eq!(untrusted["severity"], "medium");
    assert!(finding(&report, "WEB029").is_none(), "TLS 1.3 is offered");
    assert_eq!(report["probe"]["tls_versions"], serde_json::json!(["TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1.0"]));
}

#[test]
fn a_tls12_only_server_lacks_tls13_and_refuses_legacy() {
    let tmp = tempfile::tempdir().unwrap();
    let (_server, port) = s_server(tmp.path(), "365", &["-tls1_2"]);
    let report = probe(port);
    assert!(finding(&report, "WEB029").is_some(), "TLS 1.3 not offered");
    assert!(finding(&report, "WEB028").is_none(), "legacy versions are refused");
    assert!(finding(&report, "WEB026").is_none(), "a year of validity is fine");
    assert_eq!(report["probe"]["tls_versions"], serde_json::json!(["TLSv1.2"]));
}
