//! Why a probe could not run at all: each variant renders as one or two lines
//! saying what went wrong and what to do (the CLI prints it and exits 2).

use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum ProbeError {
    /// The URL given cannot be probed.
    BadUrl(String),
    /// Nothing listens on the port (connection refused, or no address).
    Unreachable { addr: String, reason: String },
    /// No answer within the timeout.
    Timeout { addr: String, seconds: f64 },
    /// The server answered with something that is not HTTP/1.x.
    Malformed { addr: String, detail: String },
    /// The TLS handshake failed (plain HTTP port, bad certificate, no common protocol).
    Tls { addr: String, detail: String },
    /// Any other I/O failure while talking to the server.
    Io { addr: String, reason: String },
    /// The request budget (`--max-requests`) is used up.
    BudgetExhausted(u32),
}

impl fmt::Display for ProbeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProbeError::BadUrl(why) => write!(f, "{why}\nGive a full URL such as https://example.com/ or http://127.0.0.1:8000/"),
            ProbeError::Unreachable { addr, reason } => {
                write!(f, "cannot connect to {addr}: {reason}\nCheck that the site is running and the host and port are right.")
            }
            ProbeError::Timeout { addr, seconds } => {
                write!(f, "{addr} did not answer within {seconds}s\nCheck that the server is up, or allow more time with --timeout.")
            }
            ProbeError::Malformed { addr, detail } => {
                write!(f, "{addr} sent a response that is not HTTP: {detail}\nCheck that the URL points at the web server (and http vs https).")
            }
            ProbeError::Tls { addr, detail } => write!(f, "TLS handshake with {addr} failed: {detail}"),
            ProbeError::Io { addr, reason } => write!(f, "talking to {addr} failed: {reason}"),
            ProbeError::BudgetExhausted(n) => write!(f, "the request budget of {n} is used up; raise --max-requests"),
        }
    }
}

impl std::error::Error for ProbeError {}
