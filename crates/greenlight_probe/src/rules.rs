//! The `WEB` rules: what `greenlight probe` reports about a live site. They
//! are ordinary `Rule`s (code, severity, documentation) so `explain`, `rules`
//! and every renderer treat them like the static rules; they have no static
//! check (the probe's checks in `checks/` produce their findings).

use greenlight_rules::{Category, Checker, Finding, Rule, Severity};

fn no_static_check(_: &Checker, _: &mut Vec<Finding>) {}

macro_rules! web_rule {
    ($ident:ident, $code:literal, $name:literal, $cat:ident, $sev:ident, [$($dj:literal),*], $cwe:expr, $effort:literal, $summary:literal, $doc:literal) => {
        pub static $ident: Rule = Rule {
            code: $code,
            name: $name,
            category: Category::$cat,
            severity: Severity::$sev,
            django_checks: &[$($dj),*],
            cwe: $cwe,
            effort_minutes: $effort,
            summary: $summary,
            doc: $doc,
            check: no_static_check,
        };
    };
}

web_rule!(DEBUG_PAGE, "WEB001", "debug-page-exposed", Security, Critical, ["security.W018"], Some(215), 10,
"The live site serves Django's DEBUG error pages",
"## What it does
Requests a path that cannot exist (`/greenlight-probe-7f3c9e/does-not-exist/`) and looks at every page the probe fetched for Django's technical
404 or 500 page (\"You're seeing this error because you have DEBUG = True\"); the 500 page shows up, for
example, as the answer to the Host-header check when ALLOWED_HOSTS is set (DisallowedHost).

## Why is this bad?
With `DEBUG = True` Django shows every URL pattern, the settings (partly masked), local variables of
every frame of a traceback and the SQL queries run. An attacker learns the whole application layout,
and sometimes credentials.

## Example
```python
DEBUG = True
```

Use instead:
```python
DEBUG = False
```

## References
- https://docs.djangoproject.com/en/stable/ref/settings/#debug
");

web_rule!(HTTPS_NOT_ENFORCED, "WEB002", "https-not-enforced", Security, High, ["security.W008"], Some(319), 20,
"Plain HTTP is served without a redirect to HTTPS",
"## What it does
Checks that the site ends up on `https://`: a plain-HTTP URL must redirect (on the same host) to HTTPS.
For an https URL on port 443 it also asks `http://host/` and expects a redirect there.

## Why is this bad?
Without HTTPS everything, session cookies and passwords included, travels in clear text and can be read
or changed by anyone on the path.

## Example
```nginx
server { listen 80; location / { proxy_pass http://app; } }
```

Use instead:
```nginx
server { listen 80; return 301 https://$host$request_uri; }
```

## References
- https://docs.djangoproject.com/en/stable/ref/settings/#secure-ssl-redirect
");

web_rule!(HSTS_MISSING, "WEB003", "hsts-missing", Security, High, ["security.W004"], Some(319), 10,
"No Strict-Transport-Security header",
"## What it does
Checks the final response for a `Strict-Transport-Security` header.

## Why is this bad?
Without HSTS a browser still tries `http://` first when a user types the address, and an attacker on the
network can keep the user on plain HTTP (SSL stripping).

## Example
```python
SECURE_HSTS_SECONDS = 0
```

Use instead:
```python
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
```

## References
- https://developer.mozilla.org/docs/Web/HTTP/Headers/Strict-Transport-Security
");

web_rule!(HSTS_SHORT, "WEB004", "hsts-short-max-age", Security, Medium, [], Some(319), 5,
"HSTS max-age is under one year",
"## What it does
Reads `max-age` of the `Strict-Transport-Security` header and reports values under 31536000 (one year).

## Why is this bad?
A short max-age lets the protection lapse between visits; preload lists require at least a year.

## Example
```http
Strict-Transport-Security: max-age=3600
```

Use instead:
```http
Strict-Transport-Security: max-age=31536000; includeSubDomains; preload
```

## References
- https://hstspreload.org/
");

web_rule!(HSTS_NO_SUBDOMAINS, "WEB005", "hsts-no-subdomains", Security, Low, ["security.W005"], Some(319), 5,
"HSTS does not cover subdomains",
"## What it does
Reports a `Strict-Transport-Security` header without `includeSubDomains`.

## Why is this bad?
A subdomain over plain HTTP can set cookies for the parent domain (cookie tossing).

## Example
```http
Strict-Transport-Security: max-age=31536000
```

Use instead:
```http
Strict-Transport-Security: max-age=31536000; includeSubDomains
```

## References
- https://docs.djangoproject.com/en/stable/ref/settings/#secure-hsts-include-subdomains
");

web_rule!(HSTS_NOT_PRELOADED, "WEB006", "hsts-not-preloaded", Security, Info, ["security.W021"], None, 5,
"HSTS does not ask for preloading",
"## What it does
Reports a `Strict-Transport-Security` header without `preload`.

## Why is this bad?
Without preloading, the very first visit of each browser is still unprotected.

## Example
```http
Strict-Transport-Security: max-age=31536000; includeSubDomains
```

Use instead:
```http
Strict-Transport-Security: max-age=31536000; includeSubDomains; preload
```

## References
- https://hstspreload.org/
");

web_rule!(CSP_MISSING, "WEB007", "csp-missing", Security, Medium, [], Some(693), 60,
"No Content-Security-Policy header",
"## What it does
Checks the final response for a `Content-Security-Policy` header.

## Why is this bad?
A CSP is the second line of defence against cross-site scripting: it stops injected scripts from
running or from sending data elsewhere.

## Example
```http
(no Content-Security-Policy header)
```

Use instead:
```http
Content-Security-Policy: default-src 'self'; frame-ancestors 'none'; object-src 'none'
```

## References
- https://developer.mozilla.org/docs/Web/HTTP/CSP
");

web_rule!(CSP_UNSAFE, "WEB008", "csp-unsafe", Security, Medium, [], Some(693), 60,
"The Content-Security-Policy allows unsafe-inline, unsafe-eval or any source",
"## What it does
Reads `script-src` (or `default-src` when there is none) of the CSP and reports `'unsafe-inline'`,
`'unsafe-eval'`, `*`, or `http:`/`https:` as a source.

## Why is this bad?
Such a policy lets injected inline scripts run, which is what a CSP is meant to prevent.

## Example
```http
Content-Security-Policy: default-src 'self' 'unsafe-inline' *
```

Use instead:
```http
Content-Security-Policy: default-src 'self'
```

## References
- https://developer.mozilla.org/docs/Web/HTTP/Headers/Content-Security-Policy/script-src
");

web_rule!(CLICKJACKING, "WEB009", "clickjacking-unprotected", Security, Medium, ["security.W002", "security.W019"], Some(1021), 5,
"Neither X-Frame-Options nor CSP frame-ancestors forbids framing",
"## What it does
Checks for `X-Frame-Options: DENY|SAMEORIGIN` or a CSP `frame-ancestors` directive.

## Why is this bad?
Another site can load the page in an invisible frame and trick users into clicking its buttons.

## Example
```python
MIDDLEWARE = [...]  # without XFrameOptionsMiddleware
```

Use instead:
```python
MIDDLEWARE = [..., \"django.middleware.clickjacking.XFrameOptionsMiddleware\"]
X_FRAME_OPTIONS = \"DENY\"
```

## References
- https://docs.djangoproject.com/en/stable/ref/clickjacking/
");

web_rule!(NOSNIFF_MISSING, "WEB010", "nosniff-missing", Security, Low, ["security.W006"], Some(693), 5,
"No X-Content-Type-Options: nosniff",
"## What it does
Checks for `X-Content-Type-Options: nosniff`.

## Why is this bad?
Browsers may guess a response's type and run an uploaded file as script or HTML.

## Example
```python
SECURE_CONTENT_TYPE_NOSNIFF = False
```

Use instead:
```python
SECURE_CONTENT_TYPE_NOSNIFF = True
```

## References
- https://docs.djangoproject.com/en/stable/ref/settings/#secure-content-type-nosniff
");

web_rule!(REFERRER_POLICY_MISSING, "WEB011", "referrer-policy-missing", Security, Low, ["security.W022"], Some(200), 5,
"No Referrer-Policy header",
"## What it does
Checks for a `Referrer-Policy` header that is not `unsafe-url` or `no-referrer-when-downgrade`.

## Why is this bad?
Full URLs, with tokens or identifiers in them, leak to other sites through the Referer header.

## Example
```python
SECURE_REFERRER_POLICY = None
```

Use instead:
```python
SECURE_REFERRER_POLICY = \"same-origin\"
```

## References
- https://docs.djangoproject.com/en/stable/ref/settings/#secure-referrer-policy
");

web_rule!(PERMISSIONS_POLICY_MISSING, "WEB012", "permissions-policy-missing", Security, Low, [], None, 10,
"No Permissions-Policy header",
"## What it does
Checks for a `Permissions-Policy` header.

## Why is this bad?
Without it, any script on the page (or a framed page) may ask for the camera, microphone or location.

## Example
```http
(no Permissions-Policy header)
```

Use instead:
```http
Permissions-Policy: camera=(), microphone=(), geolocation=()
```

## References
- https://developer.mozilla.org/docs/Web/HTTP/Headers/Permissions-Policy
");

web_rule!(COOP_MISSING, "WEB013", "coop-missing", Security, Low, ["security.W024"], None, 5,
"No Cross-Origin-Opener-Policy header",
"## What it does
Checks for a `Cross-Origin-Opener-Policy` header.

## Why is this bad?
A page opened from another origin keeps a handle on this window (tabnabbing, cross-origin leaks).

## Example
```python
SECURE_CROSS_ORIGIN_OPENER_POLICY = None
```

Use instead:
```python
SECURE_CROSS_ORIGIN_OPENER_POLICY = \"same-origin\"
```

## References
- https://docs.djangoproject.com/en/stable/ref/settings/#secure-cross-origin-opener-policy
");

web_rule!(COOKIE_NOT_SECURE, "WEB014", "cookie-not-secure", Security, High, ["security.W012", "security.W016"], Some(614), 5,
"A cookie is set without the Secure flag",
"## What it does
Reads every `Set-Cookie` the probe received and reports cookies without `Secure`: high for
`sessionid`, medium for `csrftoken` and other cookies.

## Why is this bad?
The browser sends the cookie over plain HTTP too, where it can be stolen (session hijacking).

## Example
```python
SESSION_COOKIE_SECURE = False
```

Use instead:
```python
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
```

## References
- https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-secure
");

web_rule!(COOKIE_NOT_HTTPONLY, "WEB015", "cookie-not-httponly", Security, High, ["security.W013"], Some(1004), 5,
"A cookie is readable by JavaScript (no HttpOnly)",
"## What it does
Reports cookies set without `HttpOnly`: high for `sessionid`, medium for other cookies, and info for
`csrftoken` (Django leaves it readable on purpose, so that JavaScript can send it; set
`CSRF_COOKIE_HTTPONLY` only if no script needs it).

## Why is this bad?
Any injected script can read the cookie and send the session elsewhere.

## Example
```python
SESSION_COOKIE_HTTPONLY = False
```

Use instead:
```python
SESSION_COOKIE_HTTPONLY = True
```

## References
- https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-httponly
");

web_rule!(COOKIE_NO_SAMESITE, "WEB016", "cookie-no-samesite", Security, Medium, [], Some(1275), 5,
"A cookie is set without SameSite=Lax or Strict",
"## What it does
Reports cookies whose `SameSite` attribute is missing or `None`.

## Why is this bad?
The browser sends the cookie with requests started by other sites, which is what CSRF attacks use.

## Example
```python
SESSION_COOKIE_SAMESITE = None
```

Use instead:
```python
SESSION_COOKIE_SAMESITE = \"Lax\"
CSRF_COOKIE_SAMESITE = \"Lax\"
```

## References
- https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-samesite
");

web_rule!(SERVER_VERSION_LEAK, "WEB017", "server-version-leak", Security, Low, [], Some(200), 5,
"Server or X-Powered-By discloses software versions",
"## What it does
Reports `Server` and `X-Powered-By` headers that carry a version number (`nginx/1.22.1`,
`WSGIServer/0.2 CPython/3.11.2`).

## Why is this bad?
Versions tell an attacker which known vulnerabilities to try; it also reveals development servers.

## Example
```http
Server: WSGIServer/0.2 CPython/3.11.2
```

Use instead:
```nginx
server_tokens off;
```

## References
- https://nginx.org/en/docs/http/ngx_http_core_module.html#server_tokens
");

web_rule!(SENSITIVE_FILE, "WEB018", "sensitive-file-exposed", Security, Critical, [], Some(538), 15,
"A secrets or source file is downloadable (/.env, /.git/HEAD, settings.py)",
"## What it does
Requests `/.env`, `/.git/HEAD` and `/settings.py` and reports a 200 whose body looks like the file
(`KEY=value` lines, `ref: refs/…`, `SECRET_KEY`/`INSTALLED_APPS`), not just any page.

## Why is this bad?
These files hold the secret key, database passwords and API keys, or the whole source history.

## Example
```nginx
root /srv/app;   # the project directory, .env included
```

Use instead:
```nginx
location /static/ { alias /srv/app/staticfiles/; }
location ~ /\\. { deny all; }
```

## References
- https://owasp.org/www-project-web-security-testing-guide/
");

web_rule!(DIRECTORY_LISTING, "WEB019", "directory-listing", Security, Medium, [], Some(548), 10,
"A directory listing is served (/static/, /media/)",
"## What it does
Requests `/static/` and `/media/` and reports an \"Index of\" page.

## Why is this bad?
Listings reveal every uploaded file, including private uploads meant to be reachable only by link.

## Example
```nginx
location /media/ { autoindex on; }
```

Use instead:
```nginx
location /media/ { autoindex off; }
```

## References
- https://nginx.org/en/docs/http/ngx_http_autoindex_module.html
");

web_rule!(ADMIN_DEFAULT_PATH, "WEB020", "admin-default-path", Security, Info, [], None, 15,
"The Django admin answers at /admin/",
"## What it does
Requests `/admin/` (following same-host redirects to its login page) and reports a 200.

## Why is this bad?
The default path is the first place automated password guessing goes; moving it, or restricting it by
IP, removes most of that noise.

## Example
```python
path(\"admin/\", admin.site.urls)
```

Use instead:
```python
path(env(\"ADMIN_URL\"), admin.site.urls)
```

## References
- https://docs.djangoproject.com/en/stable/ref/contrib/admin/
");

web_rule!(LOGIN_DEFAULT_PATH, "WEB021", "login-default-path", Security, Info, [], None, 15,
"The login page answers at /accounts/login/",
"## What it does
Requests `/accounts/login` (following same-host redirects) and reports a 200.

## Why is this bad?
A login form at the default path is easy to find for credential-stuffing bots; rate-limit it.

## Example
```python
path(\"accounts/\", include(\"django.contrib.auth.urls\"))
```

Use instead:
```python
path(\"accounts/\", include(\"django.contrib.auth.urls\"))  # with rate limiting (django-axes)
```

## References
- https://docs.djangoproject.com/en/stable/topics/auth/default/#module-django.contrib.auth.views
");

web_rule!(SECURITY_TXT_MISSING, "WEB022", "security-txt-missing", Security, Low, [], None, 10,
"No /.well-known/security.txt",
"## What it does
Requests `/.well-known/security.txt` and reports anything but a 200 text file with a `Contact:` line.

## Why is this bad?
People who find a vulnerability have no documented way to report it (RFC 9116).

## Example
```http
GET /.well-known/security.txt -> 404
```

Use instead:
```text
Contact: mailto:security@example.com
Expires: 2027-01-01T00:00:00Z
```

## References
- https://www.rfc-editor.org/rfc/rfc9116
");

web_rule!(FOREIGN_HOST, "WEB023", "foreign-host-accepted", Security, High, ["security.W020"], Some(644), 10,
"A request with a foreign Host header gets a 200",
"## What it does
Sends `Host: greenlight-probe.invalid` to the site and reports a 200 answer (ALLOWED_HOSTS = ['*']
behind a proxy that passes any Host).

## Why is this bad?
Password-reset and other absolute links are built from the Host header: an attacker can make the
site send links to a host they control (host header poisoning), and poison caches.

## Example
```python
ALLOWED_HOSTS = [\"*\"]
```

Use instead:
```python
ALLOWED_HOSTS = [\"www.example.com\"]
```

## References
- https://docs.djangoproject.com/en/stable/topics/security/#host-header-validation
");

web_rule!(CORS_REFLECTED, "WEB024", "cors-credentials-reflected", Security, High, [], Some(942), 20,
"Any Origin is reflected with Access-Control-Allow-Credentials: true",
"## What it does
Sends `Origin: https://greenlight-probe.invalid` and reports an answer that allows exactly that origin
together with `Access-Control-Allow-Credentials: true`.

## Why is this bad?
Any web site the user visits can then read authenticated responses of this site with the user's cookies.

## Example
```python
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = True
```

Use instead:
```python
CORS_ALLOWED_ORIGINS = [\"https://app.example.com\"]
CORS_ALLOW_CREDENTIALS = True
```

## References
- https://portswigger.net/web-security/cors
");

web_rule!(TLS_UNTRUSTED, "WEB025", "tls-certificate-untrusted", Security, Medium, [], Some(295), 30,
"The TLS certificate does not chain to a trusted authority",
"## What it does
Checks the certificate chain against Mozilla's root store. The probe stops on an untrusted certificate
unless `--insecure` is given; with it, the probe goes on and reports this finding at medium: the user
vouched for the certificate (a private CA or a staging site), but browsers will still warn.

## Why is this bad?
Browsers show a full-page warning; users who learn to click through it can be intercepted.

## Example
```sh
openssl req -x509 -newkey rsa:2048 -keyout key.pem -out cert.pem
```

Use instead:
```sh
certbot certonly --webroot -w /srv/www -d example.com
```

## References
- https://letsencrypt.org/getting-started/
");

web_rule!(TLS_EXPIRY, "WEB026", "tls-certificate-expiry", Security, Critical, [], Some(298), 15,
"The TLS certificate has expired or expires within 30 days",
"## What it does
Reads `notAfter` of the served certificate: critical when expired (or not yet valid), medium when
it expires within 30 days.

## Why is this bad?
An expired certificate takes the whole site down for browsers.

## Example
```text
notAfter=… (in 12 days), no renewal configured
```

Use instead:
```sh
systemctl enable --now certbot.timer
```

## References
- https://letsencrypt.org/docs/integration-guide/
");

web_rule!(TLS_HOSTNAME, "WEB027", "tls-hostname-mismatch", Security, High, [], Some(297), 15,
"The TLS certificate is not valid for the host name",
"## What it does
Checks the served certificate's subject alternative names against the host of the URL.

## Why is this bad?
Browsers reject the connection; the certificate belongs to another site.

## Example
```text
URL https://www.example.com, certificate for example.org
```

Use instead:
```sh
certbot certonly -d example.com -d www.example.com
```

## References
- https://www.rfc-editor.org/rfc/rfc6125
");

web_rule!(TLS_LEGACY, "WEB028", "tls-legacy-protocol", Security, Medium, [], Some(327), 10,
"The server accepts TLS 1.0 or TLS 1.1",
"## What it does
Sends a minimal ClientHello offering only TLS 1.0, then only TLS 1.1, and reports a ServerHello that
accepts either.

## Why is this bad?
Both versions are deprecated (RFC 8996) and have known weaknesses; no current browser needs them.

## Example
```nginx
ssl_protocols TLSv1 TLSv1.1 TLSv1.2;
```

Use instead:
```nginx
ssl_protocols TLSv1.2 TLSv1.3;
```

## References
- https://www.rfc-editor.org/rfc/rfc8996
");

web_rule!(TLS13_MISSING, "WEB029", "tls13-missing", Security, Low, [], None, 10,
"The server does not offer TLS 1.3",
"## What it does
Tries a TLS 1.3-only handshake and reports when it fails.

## Why is this bad?
TLS 1.3 is faster (one round trip) and drops the weak options of TLS 1.2.

## Example
```nginx
ssl_protocols TLSv1.2;
```

Use instead:
```nginx
ssl_protocols TLSv1.2 TLSv1.3;
```

## References
- https://www.rfc-editor.org/rfc/rfc8446
");

web_rule!(SOFT_404, "WEB030", "soft-404", Reliability, Low, [], None, 15,
"A path that cannot exist does not answer 404",
"## What it does
Requests a path that cannot exist and reports a status other than 404 (after same-host redirects).

## Why is this bad?
A catch-all 200 or a redirect for missing pages hides broken links, confuses crawlers and scanners,
and often means error handling is misconfigured.

## Example
```python
re_path(r\"^.*$\", home)
```

Use instead:
```python
# let unknown paths raise Http404
```

## References
- https://docs.djangoproject.com/en/stable/topics/http/views/#customizing-error-views
");

web_rule!(LATENCY, "WEB031", "latency-sample", Performance, Info, [], None, 0,
"Response times observed (p50/p95), for information",
"## What it does
Reports the median and 95th percentile of the time each request of the probe took (connection,
TLS and whole response).

## Why is this bad?
It is not: this is information. A slow home page (p50 over a second) is worth a look.

## Example
```text
p50 850 ms, p95 2400 ms
```

Use instead:
```text
p50 under 200 ms
```

## References
- https://web.dev/articles/ttfb
");

/// Every WEB rule, in code order.
pub fn all() -> &'static [&'static Rule] {
    static ALL: [&Rule; 31] = [
        &DEBUG_PAGE, &HTTPS_NOT_ENFORCED, &HSTS_MISSING, &HSTS_SHORT, &HSTS_NO_SUBDOMAINS, &HSTS_NOT_PRELOADED,
        &CSP_MISSING, &CSP_UNSAFE, &CLICKJACKING, &NOSNIFF_MISSING, &REFERRER_POLICY_MISSING, &PERMISSIONS_POLICY_MISSING,
        &COOP_MISSING, &COOKIE_NOT_SECURE, &COOKIE_NOT_HTTPONLY, &COOKIE_NO_SAMESITE, &SERVER_VERSION_LEAK, &SENSITIVE_FILE,
        &DIRECTORY_LISTING, &ADMIN_DEFAULT_PATH, &LOGIN_DEFAULT_PATH, &SECURITY_TXT_MISSING, &FOREIGN_HOST, &CORS_REFLECTED,
        &TLS_UNTRUSTED, &TLS_EXPIRY, &TLS_HOSTNAME, &TLS_LEGACY, &TLS13_MISSING, &SOFT_404, &LATENCY,
    ];
    &ALL
}

pub fn by_code(code: &str) -> Option<&'static Rule> {
    all().iter().copied().find(|r| r.code.eq_ignore_ascii_case(code) || r.name == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_sequential_and_documented() {
        for (i, rule) in all().iter().enumerate() {
            assert_eq!(rule.code, format!("WEB{:03}", i + 1));
            for section in ["## What it does", "## Why is this bad?", "## Example", "Use instead:", "## References"] {
                assert!(rule.doc.contains(section), "{} lacks {section}", rule.code);
            }
            assert!(greenlight_rules::rule_by_code(rule.code).is_none(), "{} clashes with a static rule", rule.code);
        }
        assert_eq!(by_code("web001").map(|r| r.name), Some("debug-page-exposed"));
    }
}
