//! TLS of an https origin: the certificate (trust, expiry, host name) and the
//! protocol versions offered (TLS 1.2/1.3 through rustls, 1.0/1.1 through a
//! hand-written ClientHello).

use greenlight_rules::Severity;

use super::Ctx;
use crate::legacy;
use crate::rules::{TLS13_MISSING, TLS_EXPIRY, TLS_HOSTNAME, TLS_LEGACY, TLS_UNTRUSTED};
use crate::target::Scheme;
use crate::tls::inspect;

pub const EXPIRY_WARNING_DAYS: i64 = 30;

pub fn check(ctx: &mut Ctx) {
    if ctx.origin.scheme != Scheme::Https {
        return;
    }
    let url = ctx.origin.origin() + "/";
    let host = ctx.origin.host.clone();
    match ctx.client.tls.observation() {
        None => ctx.notes.push("no certificate was seen; TLS certificate checks skipped".into()),
        Some(obs) => {
            ctx.ran(&[&TLS_UNTRUSTED, &TLS_EXPIRY, &TLS_HOSTNAME]);
            let cert = inspect(&obs, &host);
            if let Some(why) = &cert.untrusted {
                let how = if ctx.insecure { " (accepted because of --insecure)" } else { "" };
                ctx.report(&TLS_UNTRUSTED, &url, format!("the certificate is not trusted: {why}{how}"));
            }
            if !cert.name_matches {
                ctx.report(&TLS_HOSTNAME, &url, format!("the certificate is not valid for `{host}`"));
            }
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
            ctx.facts.certificate_not_after = cert.not_after;
            match (cert.not_before, cert.not_after) {
                (_, Some(after)) if after < now => ctx.report(&TLS_EXPIRY, &url, format!("the certificate expired {} days ago", (now - after) / 86_400)),
                (Some(before), _) if before > now => ctx.report(&TLS_EXPIRY, &url, "the certificate is not valid yet"),
                (_, Some(after)) if after - now < EXPIRY_WARNING_DAYS * 86_400 => {
                    ctx.report_at(&TLS_EXPIRY, Severity::Medium, &url, format!("the certificate expires in {} days", (after - now) / 86_400))
                }
                (_, None) => ctx.notes.push("the certificate's validity dates could not be read".into()),
                _ => {}
            }
        }
    }
    versions(ctx, &url);
}

fn versions(ctx: &mut Ctx, url: &str) {
    let origin = ctx.origin.clone();
    let sni = origin.host.parse::<std::net::IpAddr>().is_err().then_some(origin.host.as_str());
    let mut offered: Vec<&'static str> = Vec::new();
    let mut tried_13 = false;
    for (label, version) in [("TLSv1.3", &rustls::version::TLS13), ("TLSv1.2", &rustls::version::TLS12)] {
        let tcp = match ctx.client.connect(&origin) {
            Ok(tcp) => tcp,
            Err(e) => {
                ctx.skipped(&format!("{label} handshake"), e);
                continue;
            }
        };
        tried_13 |= label == "TLSv1.3";
        if ctx.client.tls.offers(tcp, &origin.host, version) {
            offered.push(label);
        }
    }
    let mut legacy_offered = Vec::new();
    let mut legacy_probed = Vec::new();
    for (label, version) in [("TLSv1.1", legacy::TLS11), ("TLSv1.0", legacy::TLS10)] {
        let mut tcp = match ctx.client.connect(&origin) {
            Ok(tcp) => tcp,
            Err(e) => {
                ctx.skipped(&format!("{label} handshake"), e);
                continue;
            }
        };
        legacy_probed.push(label);
        if legacy::offers(&mut tcp, version, sni) {
            offered.push(label);
            legacy_offered.push(label);
        }
    }
    if tried_13 {
        ctx.ran(&[&TLS13_MISSING]);
    }
    if !legacy_probed.is_empty() {
        ctx.ran(&[&TLS_LEGACY]);
    }
    if tried_13 && !offered.contains(&"TLSv1.3") {
        ctx.report(&TLS13_MISSING, url, "TLS 1.3 is not offered");
    }
    if !legacy_offered.is_empty() {
        ctx.report(&TLS_LEGACY, url, format!("deprecated protocol versions accepted: {}", legacy_offered.join(", ")));
    }
    ctx.facts.tls_versions = offered;
}
