//! HTTP/1.x response parsing from raw bytes: status line, headers, and the
//! body (Content-Length, chunked, or up to the close), capped in size.
//! Anything that is not HTTP is an error, never a panic.

/// Bodies are cut at this size: enough for any error page or listing.
pub const MAX_BODY: usize = 256 * 1024;
/// Headers larger than this are not a web server talking.
pub const MAX_HEAD: usize = 64 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    /// In order, names as sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// The first value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Every value of a header (`Set-Cookie` comes several times).
    pub fn header_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers.iter().filter(move |(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn is_redirect(&self) -> bool {
        matches!(self.status, 301 | 302 | 303 | 307 | 308) && self.header("location").is_some()
    }
}

/// What is wrong with the bytes received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// More bytes are needed.
    Incomplete,
    /// Not HTTP: the reason, for the user.
    Invalid(String),
}

/// Parses `buf` as a complete response. `closed` says the peer closed the
/// connection, so a body without a length ends here.
pub fn parse(buf: &[u8], closed: bool) -> Result<Response, ParseError> {
    let head_end = match find(buf, b"\r\n\r\n") {
        Some(i) => i,
        None if buf.len() > MAX_HEAD => return Err(ParseError::Invalid("the response headers are too large".into())),
        None if closed && !buf.is_empty() && !buf.starts_with(b"HTTP/") => return Err(ParseError::Invalid(describe_garbage(buf))),
        None if closed && buf.is_empty() => return Err(ParseError::Invalid("the connection was closed without an answer".into())),
        None if closed => return Err(ParseError::Invalid("the connection was closed in the middle of the headers".into())),
        None if buf.len() >= 5 && !buf.starts_with(b"HTTP/") => return Err(ParseError::Invalid(describe_garbage(buf))),
        None => return Err(ParseError::Incomplete),
    };
    let head = std::str::from_utf8(&buf[..head_end]).map_err(|_| ParseError::Invalid(describe_garbage(buf)))?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or("");
    let status = parse_status_line(status_line).ok_or_else(|| ParseError::Invalid(describe_garbage(buf)))?;
    let mut headers = Vec::new();
    for line in lines {
        let (name, value) = line.split_once(':').ok_or_else(|| ParseError::Invalid(format!("bad header line `{}`", clip(line))))?;
        if name.is_empty() || name.contains(' ') {
            return Err(ParseError::Invalid(format!("bad header line `{}`", clip(line))));
        }
        headers.push((name.to_owned(), value.trim().to_owned()));
    }
    let rest = &buf[head_end + 4..];
    let response = |body: Vec<u8>| Response { status, headers: headers.clone(), body };
    let chunked = headers.iter().any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.to_ascii_lowercase().contains("chunked"));
    let length = headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("content-length")).map(|(_, v)| v.parse::<usize>());
    if status / 100 == 1 || status == 204 || status == 304 {
        return Ok(response(Vec::new()));
    }
    if chunked {
        return match dechunk(rest) {
            Ok(Some(body)) => Ok(response(body)),
            Ok(None) if rest.len() >= MAX_BODY || closed => Ok(response(rest.iter().copied().take(MAX_BODY).collect())),
            Ok(None) => Err(ParseError::Incomplete),
            Err(e) => Err(ParseError::Invalid(e)),
        };
    }
    match length {
        Some(Ok(n)) if rest.len() >= n.min(MAX_BODY) => Ok(response(rest[..n.min(MAX_BODY)].to_vec())),
        Some(Ok(_)) if closed => Err(ParseError::Invalid("the connection was closed before the whole body arrived".into())),
        Some(Ok(_)) => Err(ParseError::Incomplete),
        Some(Err(_)) => Err(ParseError::Invalid("Content-Length is not a number".into())),
        None if closed || rest.len() >= MAX_BODY => Ok(response(rest.iter().copied().take(MAX_BODY).collect())),
        None => Err(ParseError::Incomplete),
    }
}

fn parse_status_line(line: &str) -> Option<u16> {
    let mut parts = line.splitn(3, ' ');
    let version = parts.next()?;
    if !matches!(version, "HTTP/1.0" | "HTTP/1.1") {
        return None;
    }
    let code = parts.next()?;
    if code.len() != 3 {
        return None;
    }
    code.parse().ok().filter(|c| (100..600).contains(c))
}

/// `Ok(None)` while the last chunk has not arrived.
fn dechunk(mut rest: &[u8]) -> Result<Option<Vec<u8>>, String> {
    let mut body = Vec::new();
    loop {
        let Some(line_end) = find(rest, b"\r\n") else { return Ok(None) };
        let size_text = std::str::from_utf8(&rest[..line_end]).map_err(|_| "bad chunk size".to_owned())?;
        let size_text = size_text.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_text, 16).map_err(|_| format!("bad chunk size `{}`", clip(size_text)))?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Ok(Some(body));
        }
        if rest.len() < size + 2 {
            return Ok(None);
        }
        body.extend_from_slice(&rest[..size]);
        if body.len() >= MAX_BODY {
            body.truncate(MAX_BODY);
            return Ok(Some(body));
        }
        rest = &rest[size + 2..];
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn clip(text: &str) -> String {
    text.chars().take(40).collect()
}

fn describe_garbage(buf: &[u8]) -> String {
    let shown: String = String::from_utf8_lossy(&buf[..buf.len().min(24)]).chars().map(|c| if c.is_control() { '.' } else { c }).collect();
    format!("it starts with `{shown}` instead of `HTTP/1.x <status>`")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_length_body() {
        let r = parse(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\n\r\nhi", false).unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.body, b"hi");
        assert_eq!(r.header_all("Set-Cookie").collect::<Vec<_>>(), ["a=1", "b=2"]);
        assert_eq!(parse(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhi", false), Err(ParseError::Incomplete));
    }

    #[test]
    fn chunked_and_close_delimited_bodies() {
        let r = parse(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n", false).unwrap();
        assert_eq!(r.body, b"abcde");
        assert_eq!(parse(b"HTTP/1.0 200 OK\r\n\r\nsome", false), Err(ParseError::Incomplete));
        assert_eq!(parse(b"HTTP/1.0 200 OK\r\n\r\nsome", true).unwrap().body, b"some");
    }

    #[test]
    fn garbage_is_invalid_not_a_panic() {
        for bad in [&b"SSH-2.0-OpenSSH_9.2\r\n"[..], b"\x16\x03\x01\x00", b"HTTP/1.1 abc OK\r\n\r\n", b"HTTP/1.1 200 OK\r\nno colon\r\n\r\n", b"", b"\xff\xfe\x00garbage"] {
            assert!(matches!(parse(bad, true), Err(ParseError::Invalid(_))), "{bad:?}");
        }
        assert!(matches!(parse(b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n", true), Err(ParseError::Invalid(_))));
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        // Mutations of a valid response: truncations and flipped bytes at every position.
        let valid = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
        for cut in 0..=valid.len() {
            for closed in [false, true] {
                let _ = parse(&valid[..cut], closed);
            }
        }
        for at in 0..valid.len() {
            for byte in [0u8, b'\r', b'\n', b':', b' ', b'f', 0xff] {
                let mut v = valid.to_vec();
                v[at] = byte;
                let _ = parse(&v, true);
                let _ = parse(&v, false);
            }
        }
    }
}
