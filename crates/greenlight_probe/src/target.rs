//! The URL to probe, parsed by hand (scheme, host, port, path): the probe only
//! ever needs these four parts, and rejecting anything else early gives a
//! clear error instead of a confusing connection failure later.

use crate::error::ProbeError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Http,
    Https,
}

impl Scheme {
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }

    pub fn default_port(self) -> u16 {
        match self {
            Scheme::Http => 80,
            Scheme::Https => 443,
        }
    }
}

/// An origin plus a path: where one request goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub scheme: Scheme,
    /// Host name or IP address, without brackets.
    pub host: String,
    pub port: u16,
    /// Path and query, always starting with `/`.
    pub path: String,
}

impl Target {
    pub fn parse(url: &str) -> Result<Target, ProbeError> {
        let url = url.trim();
        let (scheme, rest) = match url.split_once("://") {
            Some((s, rest)) if s.eq_ignore_ascii_case("http") => (Scheme::Http, rest),
            Some((s, rest)) if s.eq_ignore_ascii_case("https") => (Scheme::Https, rest),
            Some((s, _)) => return Err(ProbeError::BadUrl(format!("`{url}`: scheme `{s}` is not http or https"))),
            None => return Err(ProbeError::BadUrl(format!("`{url}` has no scheme"))),
        };
        let rest = rest.split('#').next().unwrap_or("");
        let split = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, path) = rest.split_at(split);
        if authority.contains('@') {
            return Err(ProbeError::BadUrl(format!("`{url}`: credentials in the URL are not supported")));
        }
        let (host, port) = split_host_port(authority).ok_or_else(|| ProbeError::BadUrl(format!("`{url}` has no valid host[:port]")))?;
        let host_ok = !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '_'));
        if !host_ok {
            return Err(ProbeError::BadUrl(format!("`{url}`: `{host}` is not a valid host name")));
        }
        let path = if path.is_empty() { "/".to_owned() } else if path.starts_with('?') { format!("/{path}") } else { path.to_owned() };
        if path.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(ProbeError::BadUrl(format!("`{url}`: the path contains spaces or control characters")));
        }
        Ok(Target { scheme, port: port.unwrap_or(scheme.default_port()), host: host.to_ascii_lowercase(), path })
    }

    /// The same origin with another path.
    pub fn with_path(&self, path: &str) -> Target {
        Target { path: path.to_owned(), ..self.clone() }
    }

    /// `host:port` for connecting (IPv6 in brackets).
    pub fn addr(&self) -> String {
        if self.host.contains(':') { format!("[{}]:{}", self.host, self.port) } else { format!("{}:{}", self.host, self.port) }
    }

    /// The Host header value: the port only when it is not the scheme's default.
    pub fn host_header(&self) -> String {
        let host = if self.host.contains(':') { format!("[{}]", self.host) } else { self.host.clone() };
        if self.port == self.scheme.default_port() { host } else { format!("{host}:{}", self.port) }
    }

    pub fn origin(&self) -> String {
        format!("{}://{}", self.scheme.as_str(), self.host_header())
    }

    pub fn url(&self) -> String {
        format!("{}{}", self.origin(), self.path)
    }

    /// Resolves a `Location` header against this target; `None` when it is not http(s).
    pub fn join(&self, location: &str) -> Option<Target> {
        let location = location.trim();
        if location.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return None;
        }
        if location.contains("://") {
            return Target::parse(location).ok();
        }
        if let Some(rest) = location.strip_prefix("//") {
            return Target::parse(&format!("{}://{rest}", self.scheme.as_str())).ok();
        }
        if location.starts_with('/') {
            return Some(self.with_path(location));
        }
        let dir = &self.path[..self.path.split('?').next().unwrap_or("/").rfind('/').map_or(0, |i| i + 1)];
        Some(self.with_path(&format!("{}{location}", if dir.is_empty() { "/" } else { dir })))
    }
}

fn split_host_port(authority: &str) -> Option<(&str, Option<u16>)> {
    if let Some(rest) = authority.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        return match after.strip_prefix(':') {
            Some(p) => Some((host, Some(p.parse().ok()?))),
            None if after.is_empty() => Some((host, None)),
            None => None,
        };
    }
    match authority.rsplit_once(':') {
        Some((host, port)) => Some((host, Some(port.parse().ok().filter(|p| *p != 0)?))),
        None => Some((authority, None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_scheme_host_port_path() {
        let t = Target::parse("HTTPS://Example.com:8443/a?b=1#frag").unwrap();
        assert_eq!((t.scheme, t.host.as_str(), t.port, t.path.as_str()), (Scheme::Https, "example.com", 8443, "/a?b=1"));
        let t = Target::parse("http://127.0.0.1").unwrap();
        assert_eq!((t.port, t.path.as_str(), t.host_header()), (80, "/", "127.0.0.1".to_owned()));
        let t = Target::parse("http://[::1]:81/").unwrap();
        assert_eq!((t.host.as_str(), t.addr()), ("::1", "[::1]:81".to_owned()));
    }

    #[test]
    fn rejects_what_it_cannot_probe() {
        for bad in ["example.com", "ftp://x/", "http://", "http://a b/", "http://x:99999/", "http://u:p@x/", "http://x:0/"] {
            assert!(matches!(Target::parse(bad), Err(ProbeError::BadUrl(_))), "{bad}");
        }
    }

    #[test]
    fn joins_locations() {
        let t = Target::parse("http://h:8000/a/b").unwrap();
        assert_eq!(t.join("/x").unwrap().url(), "http://h:8000/x");
        assert_eq!(t.join("c").unwrap().url(), "http://h:8000/a/c");
        assert_eq!(t.join("https://h/").unwrap().url(), "https://h/");
        assert_eq!(t.join("//other:1/p").unwrap().url(), "http://other:1/p");
        assert_eq!(t.join("/a b"), None, "never a request line with spaces");
    }
}
