//! `greenlight probe` against a real Django app on 127.0.0.1
//! (tests/probe_sites/djsite): served insecurely by runserver, and hardened
//! behind a real nginx terminating TLS with a self-signed certificate made
//! here; and compared with djcheckup, a live Django scanner from PyPI, on the
//! insecure site. Needs the venv of scripts/test (Django, djcheckup) and
//! nginx and openssl (`.ci/run` installs nginx), so it is `#[ignore]`d in a
//! plain `cargo test`; a missing tool is a failure, not a skip.

mod common;

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn venv_bin(name: &str) -> PathBuf {
    let bin = common::workspace().join(".venv/bin").join(name);
    assert!(bin.exists(), "no {} in the venv at {}: run scripts/test (it installs tests/requirements.txt)", name, bin.display());
    bin
}

fn nginx() -> PathBuf {
    for dir in std::env::var("PATH").unwrap_or_default().split(':').chain(["/usr/sbin", "/usr/local/sbin"]) {
        let p = Path::new(dir).join("nginx");
        if p.is_file() {
            return p;
        }
    }
    panic!("nginx is not installed: .ci/run installs it (apt-get install nginx-light)");
}

fn free_port() -> u16 {
    free_ports::<1>()[0]
}

/// Distinct free ports (all bound at once, so none is handed out twice).
fn free_ports<const N: usize>() -> [u16; N] {
    let listeners: Vec<TcpListener> = (0..N).map(|_| TcpListener::bind("127.0.0.1:0").unwrap()).collect();
    std::array::from_fn(|i| listeners[i].local_addr().unwrap().port())
}

/// A child process killed when the test ends, pass or fail.
struct Server {
    child: Child,
    name: &'static str,
    log: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(name: &'static str, cmd: &mut Command, log: PathBuf, port: u16) -> Server {
        let out = std::fs::File::create(&log).unwrap();
        let child = cmd.stdout(out.try_clone().unwrap()).stderr(out).stdin(Stdio::null()).spawn().unwrap_or_else(|e| panic!("cannot start {name}: {e}"));
        let mut server = Server { child, name, log };
        server.wait_for(port);
        server
    }

    fn wait_for(&mut self, port: u16) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("{} exited ({status}) before listening:\n{}", self.name, std::fs::read_to_string(&self.log).unwrap_or_default());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("{} did not listen on {port} within 60s:\n{}", self.name, std::fs::read_to_string(&self.log).unwrap_or_default());
    }
}

/// The test site in a temporary directory, with the `.env` the insecure deployment leaks.
fn site(tmp: &Path) -> PathBuf {
    let dir = tmp.join("djsite");
    common::copy_tree(&common::workspace().join("tests/probe_sites/djsite"), &dir);
    std::fs::write(dir.join(".env"), "SECRET_KEY=probe-test-site-not-a-secret\nDATABASE_URL=postgres://club:club@db/club\n").unwrap();
    dir
}

fn django(tmp: &Path, settings: &str, port: u16) -> Server {
    let dir = site(tmp);
    let mut cmd = Command::new(venv_bin("python"));
    cmd.current_dir(&dir).env("DJANGO_SETTINGS_MODULE", settings).env("PYTHONDONTWRITEBYTECODE", "1").args([
        "manage.py",
        "runserver",
        "--noreload",
        "--nothreading",
        &format!("127.0.0.1:{port}"),
    ]);
    Server::start("django runserver", &mut cmd, tmp.join(format!("django-{port}.log")), port)
}

struct Probe {
    report: serde_json::Value,
    output: Output,
}

impl Probe {
    fn codes(&self) -> Vec<&str> {
        self.report["findings"].as_array().unwrap().iter().map(|f| f["code"].as_str().unwrap()).collect()
    }

    fn findings(&self, code: &str) -> Vec<&serde_json::Value> {
        self.report["findings"].as_array().unwrap().iter().filter(|f| f["code"] == code).collect()
    }
}

fn probe(url: &str, extra: &[&str]) -> Probe {
    let output = Command::new(env!("CARGO_BIN_EXE_greenlight"))
        .args(["probe", url, "--format", "json", "--quiet"])
        .args(extra)
        .output()
        .expect("runs greenlight");
    let report = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("no JSON report ({e}); stderr: {}", String::from_utf8_lossy(&output.stderr)));
    Probe { report, output }
}

fn measured(label: &str, p: &Probe) {
    eprintln!(
        "{label}: grade {} ({}), {} requests, {} ms, codes {:?}",
        p.report["probe"]["grade"]["letter"],
        p.report["probe"]["grade"]["score"],
        p.report["probe"]["requests"],
        p.report["probe"]["elapsed_ms"],
        p.codes()
    );
}

#[test]
#[ignore = "needs the Django venv; run through scripts/test"]
fn insecure_django_gets_the_expected_findings_and_an_f() {
    let tmp = tempfile::tempdir().unwrap();
    let port = free_port();
    let _django = django(tmp.path(), "djsite.settings_insecure", port);
    let p = probe(&format!("http://127.0.0.1:{port}/"), &[]);
    measured("insecure", &p);
    assert_eq!(p.output.status.code(), Some(1), "the default gate fails on the critical findings");
    let codes = p.codes();
    for (code, why) in [
        ("WEB001", "technical 404 page"),
        ("WEB002", "plain HTTP, no redirect"),
        ("WEB003", "no HSTS"),
        ("WEB007", "no CSP"),
        ("WEB009", "no X-Frame-Options (middleware removed)"),
        ("WEB010", "no nosniff (no SecurityMiddleware)"),
        ("WEB011", "no Referrer-Policy"),
        ("WEB012", "no Permissions-Policy"),
        ("WEB013", "no COOP"),
        ("WEB014", "cookies without Secure"),
        ("WEB015", "csrftoken readable by JavaScript (info)"),
        ("WEB017", "Server: WSGIServer/0.2 CPython/…"),
        ("WEB018", "/.env served"),
        ("WEB019", "/media/ listing"),
        ("WEB020", "admin at /admin/"),
        ("WEB021", "login at /accounts/login/"),
        ("WEB022", "no security.txt"),
        ("WEB023", "ALLOWED_HOSTS = ['*']"),
        ("WEB031", "latency sample"),
    ] {
        assert!(codes.contains(&code), "{code} ({why}) missing: {codes:?}");
    }
    for (code, why) in [("WEB016", "Django's SameSite=Lax default"), ("WEB024", "no CORS"), ("WEB030", "404 for missing pages"), ("WEB025", "no TLS")] {
        assert!(!codes.contains(&code), "{code} reported, but {why}: {codes:?}");
    }
    let secure: Vec<(&str, &str)> = p.findings("WEB014").iter().map(|f| (f["message"].as_str().unwrap(), f["severity"].as_str().unwrap())).collect();
    assert!(secure.iter().any(|(m, s)| m.contains("`sessionid`") && *s == "high"), "{secure:?}");
    assert!(secure.iter().any(|(m, s)| m.contains("`csrftoken`") && *s == "medium"), "{secure:?}");
    assert_eq!(p.findings("WEB015").iter().map(|f| f["severity"].as_str().unwrap()).collect::<Vec<_>>(), ["info"], "only csrftoken lacks HttpOnly");
    assert_eq!(p.findings("WEB001")[0]["severity"], "critical");
    assert_eq!(p.report["probe"]["grade"]["letter"], "F");
    assert_eq!(p.report["score"]["grade"], "F");
    assert_eq!(p.report["verdict"], "not-ready");
    let requests = p.report["probe"]["requests"].as_u64().unwrap();
    assert!(requests <= 30, "{requests} requests");
}

#[test]
#[ignore = "needs the Django venv; run through scripts/test"]
fn debug_with_allowed_hosts_shows_the_technical_500_to_a_foreign_host() {
    let tmp = tempfile::tempdir().unwrap();
    let port = free_port();
    let _django = django(tmp.path(), "djsite.settings_debug_hosts", port);
    let p = probe(&format!("http://127.0.0.1:{port}/"), &[]);
    let debug: Vec<&str> = p.findings("WEB001").iter().map(|f| f["message"].as_str().unwrap()).collect();
    assert!(debug.iter().any(|m| m.contains("technical 500")), "{debug:?}");
    assert!(debug.iter().any(|m| m.contains("technical 404")), "{debug:?}");
    assert!(p.findings("WEB023").is_empty(), "ALLOWED_HOSTS rejects the foreign host: {:?}", p.codes());
}

/// nginx terminating TLS on `https_port` (redirecting `http_port` to it) in front of Django.
fn nginx_in_front(tmp: &Path, http_port: u16, https_port: u16, django_port: u16) -> Server {
    let dir = tmp.join("nginx");
    std::fs::create_dir_all(dir.join("tmp")).unwrap();
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    let openssl = Command::new("openssl")
        .args(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "365", "-subj", "/CN=localhost"])
        .args(["-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("openssl is needed to make the test certificate");
    assert!(openssl.status.success(), "openssl: {}", String::from_utf8_lossy(&openssl.stderr));
    let d = dir.display();
    let conf = format!(
        r#"daemon off;
master_process off;
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    server_tokens off;
    client_body_temp_path {d}/tmp/body;
    proxy_temp_path {d}/tmp/proxy;
    fastcgi_temp_path {d}/tmp/fastcgi;
    uwsgi_temp_path {d}/tmp/uwsgi;
    scgi_temp_path {d}/tmp/scgi;
    server {{
        listen 127.0.0.1:{http_port};
        return 301 https://$host:{https_port}$request_uri;
    }}
    server {{
        listen 127.0.0.1:{https_port} ssl;
        ssl_certificate {cert};
        ssl_certificate_key {key};
        ssl_protocols TLSv1.2 TLSv1.3;
        add_header Content-Security-Policy "default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'" always;
        add_header Permissions-Policy "camera=(), microphone=(), geolocation=()" always;
        location = /.well-known/security.txt {{
            default_type text/plain;
            return 200 "Contact: mailto:security@example.com\nExpires: 2030-01-01T00:00:00Z\n";
        }}
        location ~ /\. {{ deny all; }}
        location / {{
            proxy_pass http://127.0.0.1:{django_port};
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-Proto https;
        }}
    }}
}}
"#,
        cert = cert.display(),
        key = key.display()
    );
    let conf_path = dir.join("nginx.conf");
    std::fs::write(&conf_path, conf).unwrap();
    let mut cmd = Command::new(nginx());
    cmd.arg("-p").arg(&dir).arg("-e").arg(dir.join("error.log")).arg("-c").arg(&conf_path);
    // nginx binds every listen socket before it serves, so one port is enough to wait for.
    Server::start("nginx", &mut cmd, tmp.join("nginx.log"), https_port)
}

#[test]
#[ignore = "needs the Django venv and nginx; run through scripts/test"]
fn hardened_django_behind_nginx_gets_an_a() {
    let tmp = tempfile::tempdir().unwrap();
    let [django_port, http_port, https_port] = free_ports::<3>();
    let _django = django(tmp.path(), "djsite.settings_hardened", django_port);
    let _nginx = nginx_in_front(tmp.path(), http_port, https_port, django_port);

    // Without --insecure the self-signed certificate stops the probe.
    let https = format!("https://127.0.0.1:{https_port}/");
    let refused = Command::new(env!("CARGO_BIN_EXE_greenlight")).args(["probe", &https]).output().unwrap();
    let err = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(2), "{err}");
    assert!(err.contains("not trusted") && err.contains("--insecure"), "{err}");

    // From the plain-HTTP port: redirected to https on the same host, followed.
    let p = probe(&format!("http://127.0.0.1:{http_port}/"), &["--insecure"]);
    measured("hardened", &p);
    assert_eq!(p.report["probe"]["final_url"], https);
    let letter = p.report["probe"]["grade"]["letter"].as_str().unwrap();
    assert!(letter.starts_with('A'), "grade {letter}: {:?}", p.codes());
    assert_eq!(p.report["probe"]["grade"]["bonuses"].as_array().unwrap().len(), 2, "HSTS preload and strong CSP bonuses");
    let serious: Vec<&serde_json::Value> =
        p.report["findings"].as_array().unwrap().iter().filter(|f| matches!(f["severity"].as_str(), Some("critical" | "high"))).collect();
    assert!(serious.is_empty(), "critical/high findings: {serious:#?}");
    let untrusted = p.findings("WEB025");
    assert_eq!(untrusted.len(), 1, "{:?}", p.codes());
    assert_eq!(untrusted[0]["severity"], "medium");
    assert!(untrusted[0]["message"].as_str().unwrap().contains("--insecure"));
    for absent in ["WEB002", "WEB026", "WEB027", "WEB028", "WEB029", "WEB001", "WEB018", "WEB023", "WEB003", "WEB007", "WEB008", "WEB009", "WEB014"] {
        assert!(p.findings(absent).is_empty(), "{absent} on the hardened site: {:?}", p.findings(absent));
    }
    let versions = p.report["probe"]["tls_versions"].to_string();
    assert!(versions.contains("TLSv1.3") && versions.contains("TLSv1.2") && !versions.contains("TLSv1.0") && !versions.contains("TLSv1.1"), "{versions}");
    assert_eq!(p.output.status.code(), Some(0), "default gate passes");
}

/// djcheckup's check names → the WEB codes reporting the same problem.
const DJCHECKUP_TO_WEB: [(&str, &[&str]); 17] = [
    ("Can I connect to your site?", &[]), // a failure here is a probe error (exit 2), never a finding
    ("Is your Django admin site exposed at the default URL?", &["WEB020"]),
    ("Is a CSRF cookie set?", &[]), // absence of the cookie is not a vulnerability; nothing to report
    ("Is the CSRF cookie HttpOnly?", &["WEB015"]),
    ("Does the CSRF cookie have a SameSite flag?", &["WEB016"]),
    ("Is the CSRF cookie Secure?", &["WEB014"]),
    ("Does your site return a 404 for non-existent pages?", &["WEB030"]),
    ("Is Django DEBUG mode disabled?", &["WEB001"]),
    ("Is the Strict-Transport-Security (HSTS) header set?", &["WEB003"]),
    ("Does your site redirect all HTTP traffic to HTTPS?", &["WEB002"]),
    ("Is your site accessible via HTTPS?", &["WEB002"]),
    ("Is your login page exposed at a default or guessable URL?", &["WEB021"]),
    ("Is the sessionid cookie set?", &[]),
    ("Is the sessionid cookie HttpOnly?", &["WEB015"]),
    ("Is the sessionid cookie Secure?", &["WEB014"]),
    ("Does the sessionid cookie have a SameSite flag?", &["WEB016"]),
    ("Is the X-Frame-Options header set?", &["WEB009"]),
];

#[test]
#[ignore = "needs the Django venv with djcheckup; run through scripts/test"]
fn greenlight_reports_everything_djcheckup_reports() {
    let tmp = tempfile::tempdir().unwrap();
    let port = free_port();
    let _django = django(tmp.path(), "djsite.settings_insecure", port);
    let url = format!("http://127.0.0.1:{port}/");
    let out = Command::new(venv_bin("djcheckup")).args(["--output-json", &url]).env("NO_COLOR", "1").env("TERM", "dumb").output().expect("runs djcheckup");
    assert!(out.status.success(), "djcheckup failed: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let json_start = text.find('{').unwrap_or_else(|| panic!("no JSON from djcheckup: {text}"));
    let djcheckup: serde_json::Value = serde_json::from_str(&text[json_start..]).unwrap_or_else(|e| panic!("djcheckup JSON: {e}\n{text}"));
    let results = djcheckup["check_results"].as_array().expect("check_results");
    assert!(results.len() >= 10, "djcheckup ran few checks: {results:?}");
    let problems: Vec<&str> = results.iter().filter(|r| r["result"] == "failure").map(|r| r["name"].as_str().unwrap()).collect();
    assert!(problems.len() >= 8, "djcheckup should find the insecure site's problems: {problems:?}");

    let p = probe(&url, &[]);
    let codes = p.codes();
    let mut missed = Vec::new();
    for name in &problems {
        let (_, web) = DJCHECKUP_TO_WEB.iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("djcheckup check `{name}` has no row in the mapping table"));
        assert!(!web.is_empty(), "djcheckup reported `{name}`, which greenlight maps to no finding");
        if !web.iter().any(|c| codes.contains(c)) {
            missed.push(format!("{name} → {web:?}"));
        }
    }
    assert!(missed.is_empty(), "djcheckup problems greenlight did not report: {missed:#?}\ngreenlight: {codes:?}");
    eprintln!("djcheckup problems: {}; all mapped to greenlight findings {codes:?}", problems.len());
}
