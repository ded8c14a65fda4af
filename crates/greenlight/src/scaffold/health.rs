//! The health-check views (`/health`: database; `/ready`: database and cache,
//! when a cache is configured) in a new module beside the root URLconf, and
//! the one edit scaffold makes to an existing file: appending their URLs to
//! the root URLconf, once.

use super::facts::{Facts, MARKER};

const MODULE: &str = include_str!("templates/health.py");
const READY: &str = include_str!("templates/health_ready.py");

/// Where the health module goes: `(relative path, dotted name)`, beside ROOT_URLCONF.
pub fn location(facts: &Facts) -> Option<(String, String)> {
    let (module, file) = facts.urlconf.as_ref()?;
    let dir = file.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let path = if dir.is_empty() { "health.py".to_owned() } else { format!("{dir}/health.py") };
    let dotted = match module.rsplit_once('.') {
        Some((parent, _)) => format!("{parent}.health"),
        None => "health".to_owned(),
    };
    Some((path, dotted))
}

pub fn render_module(facts: &Facts) -> String {
    let cache = facts.cache_backend.is_some();
    let text = MODULE
        .replace("{{MARKER}}", MARKER)
        .replace("{{READY_DOC}}", if cache { "- ``/ready``: the database and the cache (a set and a get) answer.\n" } else { "" })
        .replace("{{CACHE_IMPORT}}", if cache { "from django.core.cache import cache\n" } else { "" });
    if cache { text + READY } else { text }
}

/// Whether the URLconf already routes a health URL (or imports our module).
pub fn already_wired(urls: &str, dotted: &str) -> bool {
    let import = match dotted.rsplit_once('.') {
        Some((parent, name)) => urls.contains(&format!("from {parent} import {name}")),
        None => urls.contains(&format!("import {dotted}")),
    };
    import || ["'health", "\"health", "'^health", "\"^health", "r'^health", "r\"^health"].iter().any(|p| urls.contains(p))
}

/// The block appended to the URLconf `urls` (a tuple of patterns becomes a list first).
pub fn urls_block(facts: &Facts, dotted: &str, urls: &str) -> String {
    let tuple = urls.lines().any(|l| {
        let l = l.replace(' ', "");
        l.starts_with("urlpatterns=(") || l.starts_with("urlpatterns=patterns(")
    });
    let extend = if tuple { "urlpatterns = list(urlpatterns) + [" } else { "urlpatterns += [" };
    let import = match dotted.rsplit_once('.') {
        Some((parent, name)) => format!("from {parent} import {name} as health_checks"),
        None => format!("import {dotted} as health_checks"),
    };
    let ready = if facts.cache_backend.is_some() { "    re_path(r'^ready/?$', health_checks.ready, name='ready'),\n" } else { "" };
    format!(
        "\n\n# Health checks for load balancers and orchestrators ({MARKER}).\n\
         from django.urls import re_path  # noqa: E402\n\
         {import}  # noqa: E402\n\n\
         {extend}\n    re_path(r'^health/?$', health_checks.health, name='health'),\n{ready}]\n"
    )
}

/// The URLconf with the block appended (one newline between).
pub fn edited_urls(original: &str, block: &str) -> String {
    let block = if original.contains("\r\n") { block.replace('\n', "\r\n") } else { block.to_owned() };
    let newline = if original.contains("\r\n") { "\r\n" } else { "\n" };
    let mut text = original.to_owned();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push_str(newline);
    }
    if !text.is_empty() {
        text.push_str(newline);
    }
    text.push_str(block.trim_start_matches(['\r', '\n']));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_an_existing_health_route() {
        assert!(already_wired("urlpatterns = [path('health/', views.health)]", "mysite.health"));
        assert!(already_wired("from mysite import health as health_checks\n", "mysite.health"));
        assert!(!already_wired("urlpatterns = [path('admin/', admin.site.urls)]", "mysite.health"));
    }

    #[test]
    fn appends_after_the_last_line() {
        let edited = edited_urls("urlpatterns = []", "\n\nX = 1\n");
        assert_eq!(edited, "urlpatterns = []\n\nX = 1\n");
    }
}
