//! CORS: an arbitrary Origin must not be reflected together with
//! `Access-Control-Allow-Credentials: true`.

use super::Ctx;
use crate::rules::CORS_REFLECTED;

pub const EVIL_ORIGIN: &str = "https://greenlight-probe.invalid";

pub fn check(ctx: &mut Ctx) {
    let path = ctx.origin.path.clone();
    let Some(r) = ctx.send(&path, None, &[("Origin", EVIL_ORIGIN)]) else { return };
    ctx.ran(&[&CORS_REFLECTED]);
    let allowed = r.header("access-control-allow-origin").map(str::trim);
    let credentials = r.header("access-control-allow-credentials").is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    if allowed == Some(EVIL_ORIGIN) && credentials {
        let url = ctx.origin.with_path(&path).url();
        ctx.report(&CORS_REFLECTED, &url, format!("Origin `{EVIL_ORIGIN}` is reflected in Access-Control-Allow-Origin with credentials allowed"));
    }
}
