//! The blocking HTTP/1.1 client the checks share: one connection per request
//! (`Connection: close`), every connection drawn from the request budget,
//! connect and read bounded by the timeout, bodies capped, and redirects
//! followed by hand only while they stay on the same host.

use std::cell::RefCell;
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use crate::budget::Budget;
use crate::error::ProbeError;
use crate::response::{self, ParseError, Response};
use crate::target::{Scheme, Target};
use crate::tls::{self, Tls};

pub const USER_AGENT: &str = concat!("greenlight-probe/", env!("CARGO_PKG_VERSION"));
/// Same-host redirects followed at most.
pub const MAX_REDIRECTS: usize = 5;

/// One request made, for the latency sample and the report.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub url: String,
    pub status: u16,
    pub elapsed: Duration,
}

pub struct Client {
    pub budget: Budget,
    pub timeout: Duration,
    pub tls: Tls,
    pub log: RefCell<Vec<Exchange>>,
}

/// A request: where, and the headers beyond Host/User-Agent/Connection.
pub struct Request<'a> {
    pub target: &'a Target,
    pub method: &'a str,
    /// Replaces the Host header (the host-header check sends a foreign one).
    pub host: Option<&'a str>,
    pub headers: &'a [(&'a str, &'a str)],
}

impl<'a> Request<'a> {
    pub fn get(target: &'a Target) -> Request<'a> {
        Request { target, method: "GET", host: None, headers: &[] }
    }
}

/// A chain of same-host redirects and where it ended.
pub struct Followed {
    pub hops: Vec<(Target, Response)>,
    /// A redirect to another host, not followed.
    pub offsite: Option<String>,
}

impl Followed {
    pub fn last(&self) -> &(Target, Response) {
        // Never empty: `follow` returns an error instead.
        &self.hops[self.hops.len() - 1]
    }
}

impl Client {
    pub fn new(budget: Budget, timeout: Duration, insecure: bool) -> Result<Client, ProbeError> {
        let tls = Tls::new(insecure).map_err(|detail| ProbeError::Tls { addr: "(setup)".into(), detail })?;
        Ok(Client { budget, timeout, tls, log: RefCell::new(Vec::new()) })
    }

    /// A TCP connection to the target, drawn from the budget.
    pub fn connect(&self, target: &Target) -> Result<TcpStream, ProbeError> {
        self.budget.take()?;
        let addr = target.addr();
        let addrs: Vec<SocketAddr> = (target.host.as_str(), target.port)
            .to_socket_addrs()
            .map_err(|e| ProbeError::Unreachable { addr: addr.clone(), reason: format!("cannot resolve the host ({e})") })?
            .collect();
        let mut last = ProbeError::Unreachable { addr: addr.clone(), reason: "the host has no address".into() };
        for sock in addrs {
            match TcpStream::connect_timeout(&sock, self.timeout) {
                Ok(stream) => {
                    let _ = stream.set_read_timeout(Some(self.timeout));
                    let _ = stream.set_write_timeout(Some(self.timeout));
                    let _ = stream.set_nodelay(true);
                    return Ok(stream);
                }
                Err(e) => last = self.io_error(&addr, e),
            }
        }
        Err(last)
    }

    fn io_error(&self, addr: &str, e: std::io::Error) -> ProbeError {
        match e.kind() {
            ErrorKind::TimedOut | ErrorKind::WouldBlock => ProbeError::Timeout { addr: addr.to_owned(), seconds: self.timeout.as_secs_f64() },
            ErrorKind::ConnectionRefused => ProbeError::Unreachable { addr: addr.to_owned(), reason: "connection refused".into() },
            _ => ProbeError::Io { addr: addr.to_owned(), reason: e.to_string() },
        }
    }

    /// Sends one request and reads the whole (capped) response.
    pub fn send(&self, req: &Request) -> Result<Response, ProbeError> {
        let target = req.target;
        let addr = target.addr();
        let started = Instant::now();
        let tcp = self.connect(target)?;
        // The same socket, to shorten the read timeout as the request's deadline nears.
        let timer = tcp.try_clone().ok();
        let mut stream: Box<dyn ReadWrite> = match target.scheme {
            Scheme::Http => Box::new(tcp),
            Scheme::Https => match self.tls.connect(tcp, &target.host) {
                Ok(s) => Box::new(s),
                Err(tls::HandshakeError::Io(e)) if matches!(e.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock) => {
                    return Err(self.io_error(&addr, e))
                }
                Err(e) => return Err(ProbeError::Tls { addr, detail: tls::explain_failure(&e) }),
            },
        };
        let mut head = format!(
            "{} {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: {USER_AGENT}\r\nAccept: text/html,*/*\r\nConnection: close\r\n",
            req.method,
            target.path,
            req.host.map(str::to_owned).unwrap_or_else(|| target.host_header())
        );
        for (name, value) in req.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).and_then(|_| stream.flush()).map_err(|e| self.io_error(&addr, e))?;
        let response = self.read_response(&mut *stream, timer.as_ref(), &addr, started)?;
        self.log.borrow_mut().push(Exchange { url: target.url(), status: response.status, elapsed: started.elapsed() });
        Ok(response)
    }

    /// Reads until the response is complete; the whole request stays within the timeout.
    fn read_response(&self, stream: &mut dyn ReadWrite, timer: Option<&TcpStream>, addr: &str, started: Instant) -> Result<Response, ProbeError> {
        let mut buf = Vec::new();
        let mut chunk = [0u8; 16 * 1024];
        loop {
            let left = self.timeout.saturating_sub(started.elapsed());
            if left < Duration::from_millis(1) {
                return Err(ProbeError::Timeout { addr: addr.to_owned(), seconds: self.timeout.as_secs_f64() });
            }
            if let Some(socket) = timer {
                let _ = socket.set_read_timeout(Some(left));
            }
            let closed = match stream.read(&mut chunk) {
                Ok(0) => true,
                Ok(n) => {
                    buf.extend_from_slice(&chunk[..n]);
                    false
                }
                // A TLS peer that closes without close_notify: the body ends here.
                Err(e) if e.kind() == ErrorKind::UnexpectedEof => true,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => return Err(self.io_error(addr, e)),
            };
            match response::parse(&buf, closed) {
                Ok(r) => return Ok(r),
                Err(ParseError::Incomplete) if !closed => {}
                Err(ParseError::Incomplete) => return Err(ProbeError::Malformed { addr: addr.to_owned(), detail: "the response ended early".into() }),
                Err(ParseError::Invalid(detail)) => return Err(ProbeError::Malformed { addr: addr.to_owned(), detail }),
            }
        }
    }

    /// GETs `start`, following redirects while they stay on the same host
    /// (a switch to https on the same host is followed).
    pub fn follow(&self, start: &Target) -> Result<Followed, ProbeError> {
        let mut hops: Vec<(Target, Response)> = Vec::new();
        let mut next = start.clone();
        loop {
            let response = self.send(&Request::get(&next))?;
            let location = response.header("location").map(str::to_owned);
            let redirect = response.is_redirect();
            hops.push((next.clone(), response));
            if !redirect || hops.len() > MAX_REDIRECTS {
                return Ok(Followed { hops, offsite: None });
            }
            let location = location.unwrap_or_default();
            match next.join(&location) {
                Some(t) if t.host == start.host => next = t,
                _ => return Ok(Followed { hops, offsite: Some(location) }),
            }
        }
    }

    pub fn requests_made(&self) -> u32 {
        self.budget.used()
    }
}

trait ReadWrite: Read + Write {}
impl<T: Read + Write> ReadWrite for T {}
