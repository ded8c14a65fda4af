//! TLS for https targets with rustls: a verifier that records what it thinks
//! of the server's certificate (so `--insecure` can go on and still report
//! it), certificate inspection (expiry, hostname) and the protocol versions
//! the server offers.

use std::net::TcpStream;
use std::sync::{Arc, Mutex};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, ClientConnection, DigitallySignedStruct, RootCertStore, SignatureScheme, StreamOwned};

use crate::der;

/// What the verifier saw on the first handshake.
#[derive(Debug, Clone)]
pub struct CertObservation {
    pub end_entity: Vec<u8>,
    /// `None` when the chain is trusted, else webpki's complaint.
    pub chain_error: Option<rustls::Error>,
}

/// Wraps webpki's verifier: records its verdict, and accepts anyway when
/// `insecure` (the probe then reports the certificate instead of stopping).
#[derive(Debug)]
struct RecordingVerifier {
    inner: Arc<WebPkiServerVerifier>,
    insecure: bool,
    seen: Arc<Mutex<Option<CertObservation>>>,
}

impl ServerCertVerifier for RecordingVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let verdict = self.inner.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now);
        if let Ok(mut seen) = self.seen.lock() {
            if seen.is_none() {
                *seen = Some(CertObservation { end_entity: end_entity.to_vec(), chain_error: verdict.as_ref().err().cloned() });
            }
        }
        match verdict {
            Err(_) if self.insecure => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(&self, message: &[u8], cert: &CertificateDer<'_>, dss: &DigitallySignedStruct) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(&self, message: &[u8], cert: &CertificateDer<'_>, dss: &DigitallySignedStruct) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// The client side of TLS for one probe.
pub struct Tls {
    config: Arc<ClientConfig>,
    seen: Arc<Mutex<Option<CertObservation>>>,
    provider: Arc<CryptoProvider>,
    roots: Arc<RootCertStore>,
}

impl Tls {
    pub fn new(insecure: bool) -> Result<Tls, String> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let roots = Arc::new(RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() });
        let seen = Arc::new(Mutex::new(None));
        let config = build_config(&provider, &roots, insecure, &seen, rustls::DEFAULT_VERSIONS)?;
        Ok(Tls { config, seen, provider, roots })
    }

    pub fn observation(&self) -> Option<CertObservation> {
        self.seen.lock().ok().and_then(|s| s.clone())
    }

    /// Handshakes over `tcp`; the error is rustls' (or the I/O error) as text.
    pub fn connect(&self, tcp: TcpStream, host: &str) -> Result<StreamOwned<ClientConnection, TcpStream>, HandshakeError> {
        handshake(self.config.clone(), tcp, host)
    }

    /// Whether a handshake limited to `version` succeeds (certificate not judged).
    pub fn offers(&self, tcp: TcpStream, host: &str, version: &'static rustls::SupportedProtocolVersion) -> bool {
        let throwaway = Arc::new(Mutex::new(None));
        match build_config(&self.provider, &self.roots, true, &throwaway, &[version]) {
            Ok(config) => handshake(config, tcp, host).is_ok(),
            Err(_) => false,
        }
    }
}

fn build_config(
    provider: &Arc<CryptoProvider>,
    roots: &Arc<RootCertStore>,
    insecure: bool,
    seen: &Arc<Mutex<Option<CertObservation>>>,
    versions: &[&'static rustls::SupportedProtocolVersion],
) -> Result<Arc<ClientConfig>, String> {
    let inner = WebPkiServerVerifier::builder_with_provider(roots.clone(), provider.clone()).build().map_err(|e| e.to_string())?;
    let verifier = Arc::new(RecordingVerifier { inner, insecure, seen: seen.clone() });
    let config = ClientConfig::builder_with_provider(provider.clone())
        .with_protocol_versions(versions)
        .map_err(|e| e.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

#[derive(Debug)]
pub enum HandshakeError {
    Io(std::io::Error),
    Tls(rustls::Error),
}

fn handshake(config: Arc<ClientConfig>, mut tcp: TcpStream, host: &str) -> Result<StreamOwned<ClientConnection, TcpStream>, HandshakeError> {
    let name = ServerName::try_from(host.to_owned()).map_err(|_| HandshakeError::Tls(rustls::Error::General(format!("`{host}` is not a valid TLS server name"))))?;
    let mut conn = ClientConnection::new(config, name).map_err(HandshakeError::Tls)?;
    while conn.is_handshaking() {
        if let Err(e) = conn.complete_io(&mut tcp) {
            let inner = e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()).cloned();
            return Err(match inner {
                Some(tls) => HandshakeError::Tls(tls),
                None => HandshakeError::Io(e),
            });
        }
    }
    Ok(StreamOwned::new(conn, tcp))
}

/// What the probe reports about a certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertReport {
    /// webpki's complaint about the chain (not about the name or dates), if any.
    pub untrusted: Option<String>,
    pub name_matches: bool,
    /// Seconds since the epoch; `None` when the certificate could not be read.
    pub not_after: Option<i64>,
    pub not_before: Option<i64>,
}

/// Judges the certificate the server sent for `host`.
pub fn inspect(observation: &CertObservation, host: &str) -> CertReport {
    let der = CertificateDer::from(observation.end_entity.as_slice());
    let name_matches = match (webpki::EndEntityCert::try_from(&der), ServerName::try_from(host)) {
        (Ok(cert), Ok(name)) => cert.verify_is_valid_for_subject_name(&name).is_ok(),
        _ => false,
    };
    let validity = der::validity(&observation.end_entity);
    let untrusted = observation.chain_error.as_ref().and_then(|e| match e {
        rustls::Error::InvalidCertificate(c) => match c {
            rustls::CertificateError::NotValidForName
            | rustls::CertificateError::NotValidForNameContext { .. }
            | rustls::CertificateError::Expired
            | rustls::CertificateError::ExpiredContext { .. }
            | rustls::CertificateError::NotValidYet
            | rustls::CertificateError::NotValidYetContext { .. } => None,
            other => Some(describe_cert_error(other)),
        },
        other => Some(other.to_string()),
    });
    CertReport { untrusted, name_matches, not_after: validity.map(|v| v.not_after), not_before: validity.map(|v| v.not_before) }
}

fn describe_cert_error(e: &rustls::CertificateError) -> String {
    match e {
        rustls::CertificateError::UnknownIssuer => "issued by an unknown authority (self-signed or private CA)".to_owned(),
        rustls::CertificateError::BadSignature => "its signature does not verify".to_owned(),
        rustls::CertificateError::Revoked => "revoked".to_owned(),
        other if format!("{other:?}").contains("CaUsedAsEndEntity") => "self-signed (the certificate is its own CA)".to_owned(),
        other => format!("{other:?}"),
    }
}

/// A handshake failure in words, with what to do.
pub fn explain_failure(e: &HandshakeError) -> String {
    match e {
        HandshakeError::Tls(rustls::Error::InvalidCertificate(c)) => format!(
            "the certificate is not trusted: {}.\nPass --insecure to probe anyway (the certificate is still reported).",
            match c {
                rustls::CertificateError::NotValidForName | rustls::CertificateError::NotValidForNameContext { .. } => "it is not valid for this host name".to_owned(),
                rustls::CertificateError::Expired | rustls::CertificateError::ExpiredContext { .. } => "it has expired".to_owned(),
                other => describe_cert_error(other),
            }
        ),
        HandshakeError::Tls(rustls::Error::InvalidMessage(_)) | HandshakeError::Tls(rustls::Error::InappropriateMessage { .. }) => {
            "the server does not speak TLS on this port (a plain-HTTP port?).\nTry the http:// URL, or the port that serves HTTPS.".to_owned()
        }
        HandshakeError::Tls(rustls::Error::AlertReceived(alert)) => {
            format!("the server refused the handshake ({alert:?}): it offers no protocol version or cipher suite in common with TLS 1.2/1.3.")
        }
        HandshakeError::Tls(other) => other.to_string(),
        HandshakeError::Io(io) => format!("{io}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `openssl req -x509 -newkey ec … -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -days 3650`.
    const CERT: &[u8] = include_bytes!("../tests/data/localhost.der");

    fn observed(chain_error: Option<rustls::Error>) -> CertObservation {
        CertObservation { end_entity: CERT.to_vec(), chain_error }
    }

    #[test]
    fn reads_a_real_certificate() {
        let report = inspect(&observed(Some(rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer))), "localhost");
        assert!(report.name_matches);
        assert_eq!(report.not_before, Some(1_795_440_402), "Nov 23 13:26:42 2026 GMT");
        assert_eq!(report.not_after, Some(2_110_800_402), "Nov 20 13:26:42 2036 GMT");
        assert_eq!(report.untrusted.as_deref(), Some("issued by an unknown authority (self-signed or private CA)"));
        assert!(inspect(&observed(None), "127.0.0.1").name_matches);
        assert!(!inspect(&observed(None), "example.com").name_matches);
        assert_eq!(inspect(&observed(None), "localhost").untrusted, None);
    }

    #[test]
    fn name_and_date_errors_are_not_trust_errors() {
        let name = rustls::Error::InvalidCertificate(rustls::CertificateError::NotValidForName);
        assert_eq!(inspect(&observed(Some(name)), "example.com").untrusted, None, "reported as WEB027 instead");
        let garbage = CertObservation { end_entity: vec![0x30, 0x03, 1, 2, 3], chain_error: None };
        let report = inspect(&garbage, "localhost");
        assert!(!report.name_matches);
        assert_eq!(report.not_after, None);
    }
}
