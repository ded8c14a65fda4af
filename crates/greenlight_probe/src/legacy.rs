//! Whether a server still accepts TLS 1.0 or 1.1. rustls cannot speak them,
//! so this sends one hand-written ClientHello offering exactly that version
//! and reads the record that comes back: a ServerHello with the same version
//! means "accepted", an alert, a close or anything else means "refused".

use std::io::{Read, Write};
use std::net::TcpStream;

/// TLS 1.0 is `0x0301`, TLS 1.1 `0x0302`.
pub const TLS10: u16 = 0x0301;
pub const TLS11: u16 = 0x0302;

/// Cipher suites every TLS 1.0/1.1 server of the last decade supports
/// (ECDHE/RSA with AES-CBC, and 3DES as the last resort).
const SUITES: [u16; 10] = [0xc013, 0xc014, 0xc009, 0xc00a, 0x0033, 0x0039, 0x002f, 0x0035, 0x000a, 0x00ff];

/// The ClientHello record offering only `version`; `sni` is sent when the
/// host is a name (not an IP address).
pub fn client_hello(version: u16, sni: Option<&str>, random: [u8; 32]) -> Vec<u8> {
    let mut body = Vec::new();
    body.extend_from_slice(&version.to_be_bytes());
    body.extend_from_slice(&random);
    body.push(0); // no session id
    body.extend_from_slice(&((SUITES.len() * 2) as u16).to_be_bytes());
    for s in SUITES {
        body.extend_from_slice(&s.to_be_bytes());
    }
    body.extend_from_slice(&[1, 0]); // compression: null only
    let mut ext = Vec::new();
    if let Some(name) = sni.filter(|n| n.len() < 256) {
        let n = name.as_bytes();
        push_ext(&mut ext, 0x0000, &[&((n.len() + 3) as u16).to_be_bytes()[..], &[0], &(n.len() as u16).to_be_bytes(), n].concat());
    }
    push_ext(&mut ext, 0x000a, &[0, 4, 0, 23, 0, 24]); // supported groups: secp256r1, secp384r1
    push_ext(&mut ext, 0x000b, &[1, 0]); // ec point formats: uncompressed
    body.extend_from_slice(&(ext.len() as u16).to_be_bytes());
    body.extend_from_slice(&ext);

    let mut handshake = vec![1]; // ClientHello
    handshake.extend_from_slice(&(body.len() as u32).to_be_bytes()[1..]);
    handshake.extend_from_slice(&body);
    let mut record = vec![22, 0x03, 0x01]; // handshake record, TLS 1.0 record layer
    record.extend_from_slice(&(handshake.len() as u16).to_be_bytes());
    record.extend_from_slice(&handshake);
    record
}

fn push_ext(out: &mut Vec<u8>, kind: u16, data: &[u8]) {
    out.extend_from_slice(&kind.to_be_bytes());
    out.extend_from_slice(&(data.len() as u16).to_be_bytes());
    out.extend_from_slice(data);
}

/// What the first bytes of the server's answer say about `version`.
pub fn accepted(version: u16, answer: &[u8]) -> bool {
    // record: type 22, version, length; handshake: type 2 (ServerHello), 3-byte length, server_version.
    answer.len() >= 11 && answer[0] == 22 && answer[5] == 2 && u16::from_be_bytes([answer[9], answer[10]]) == version
}

/// Sends the hello on `stream` and reads the answer's first bytes (bounded
/// by the stream's read timeout). Any failure counts as not accepted.
pub fn offers(stream: &mut TcpStream, version: u16, sni: Option<&str>) -> bool {
    let random = pseudo_random();
    if stream.write_all(&client_hello(version, sni, random)).is_err() {
        return false;
    }
    let mut answer = [0u8; 11];
    let mut got = 0;
    while got < answer.len() {
        match stream.read(&mut answer[got..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => got += n,
        }
    }
    accepted(version, &answer[..got])
}

/// The ClientHello random need not be secret here (no session follows).
fn pseudo_random() -> [u8; 32] {
    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let mut out = [0u8; 32];
    let mut x = seed as u64 | 1;
    for b in out.iter_mut() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        *b = x as u8;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hello_lengths_are_consistent() {
        let r = client_hello(TLS11, Some("example.com"), [7; 32]);
        assert_eq!(r[0], 22);
        assert_eq!(u16::from_be_bytes([r[3], r[4]]) as usize, r.len() - 5);
        assert_eq!(r[5], 1);
        assert_eq!(u32::from_be_bytes([0, r[6], r[7], r[8]]) as usize, r.len() - 9);
        assert_eq!(u16::from_be_bytes([r[9], r[10]]), TLS11);
    }

    #[test]
    fn server_hello_vs_alert() {
        let server_hello = [22, 3, 1, 0, 80, 2, 0, 0, 76, 3, 1];
        assert!(accepted(TLS10, &server_hello));
        assert!(!accepted(TLS11, &server_hello));
        assert!(!accepted(TLS10, &[21, 3, 1, 0, 2, 2, 70]), "an alert is a refusal");
        assert!(!accepted(TLS10, &[]));
    }
}
