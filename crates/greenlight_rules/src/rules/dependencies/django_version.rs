//! The Django version a project installs: DEP003 an end-of-life series, DEP004
//! a supported series below its latest security release. Judged from an exact
//! pin, else the lock file, else the newest version a bounded range allows (an
//! unbounded range installs the newest Django, which is fine).

use greenlight_core::manifests::version::Version;
use greenlight_core::manifests::{Manifests, Pin, Requirement};
use greenlight_core::Span;

use super::django_releases::{self as releases, Status, AS_OF};
use super::support::{manifests, written};
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

pub static DJANGO_END_OF_LIFE: Rule = Rule {
    code: "DEP003",
    effort_minutes: 480,
    name: "django-end-of-life",
    category: Category::Dependencies,
    severity: Severity::High,
    django_checks: &[],
    cwe: Some(1104),
    summary: "The Django version installed in production no longer receives security fixes",
    doc: r#"## What it does
Reports a production requirement (or lock file entry) for Django whose release series is past
the end of its extended support, e.g. 4.2 (ended April 2026) or 5.1 (ended December 2025). An
exact pin is judged as written; a bounded range by the newest version it allows. greenlight's
table of Django releases is dated; `greenlight explain DEP003` prints this text with it.

## Why is this bad?
Django publishes security releases only for supported series. Vulnerabilities disclosed after
the end of support (SQL injection, denial of service, XSS in the admin) stay open forever in
an end-of-life series.

## Example
```text
Django==4.2.7
```

Use instead:
```text
Django==5.2.19
```

## References
- [Django: Supported versions](https://www.djangoproject.com/download/#supported-versions)
- [Django: Release notes](https://docs.djangoproject.com/en/dev/releases/)
- [Django: Security issues archive](https://docs.djangoproject.com/en/dev/releases/security/)
"#,
    check: check_end_of_life,
};

pub static DJANGO_SECURITY_RELEASE_MISSING: Rule = Rule {
    code: "DEP004",
    effort_minutes: 30,
    name: "django-security-release-missing",
    category: Category::Dependencies,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: Some(1104),
    summary: "Django is pinned below the latest security release of its series",
    doc: r#"## What it does
Reports a production pin (or lock file entry) of a supported Django series below the latest
release of that series, naming both versions. Patch releases of a supported series contain only
security and data-loss fixes (and regressions' fixes), so upgrading within the series is safe.

## Why is this bad?
Every patch release between the pinned version and the latest one fixes something, most often
a published security vulnerability that anyone can look up.

## Example
```text
Django==5.2.7
```

Use instead:
```text
Django==5.2.19
```

## References
- [Django: Release notes](https://docs.djangoproject.com/en/dev/releases/)
- [Django: Security issues archive](https://docs.djangoproject.com/en/dev/releases/security/)
"#,
    check: check_security_release,
};

/// A Django version the project installs, and where it is decided.
struct Installed {
    version: Version,
    path: String,
    line: u32,
    /// How the manifest says it: `Django==4.2.7`, `Django>=4.2,<5 (newest allowed 4.2.30)`.
    described: String,
}

fn installed_versions(manifests: &Manifests) -> Vec<Installed> {
    let mut out: Vec<Installed> = Vec::new();
    let locked = || {
        manifests.locked("django").and_then(|(path, version, line)| {
            Some(Installed { version: Version::parse(version)?, path: path.to_owned(), line, described: format!("Django {version} ({path})") })
        })
    };
    let declared = manifests.declared("django");
    if declared.is_empty() {
        out.extend(locked());
    }
    for req in declared {
        let found = match req.pin() {
            Pin::Exact(v) => Version::parse(v).map(|version| at(req, version, format!("`{}`", written(req)))),
            Pin::Range | Pin::Unpinned => locked().or_else(|| newest_allowed(req)),
            Pin::Direct => None,
        };
        if let Some(found) = found.filter(|f| !out.iter().any(|o| o.path == f.path && o.line == f.line)) {
            out.push(found);
        }
    }
    out
}

fn at(req: &Requirement, version: Version, described: String) -> Installed {
    Installed { version, path: req.path.clone(), line: req.line, described }
}

/// The newest known release a bounded range allows (what pip would install).
fn newest_allowed(req: &Requirement) -> Option<Installed> {
    if !req.specifier.has_upper_bound() {
        return None;
    }
    let newest = releases::known_versions().into_iter().filter(|v| req.specifier.allows(v)).max()?;
    let described = format!("`{}` (newest allowed: {newest})", written(req));
    Some(at(req, newest, described))
}

fn check_end_of_life(checker: &Checker, out: &mut Vec<Finding>) {
    let target = releases::upgrade_target();
    for installed in installed_versions(&manifests(checker)) {
        let why = match releases::status(&installed.version) {
            Status::Known(s) if s.is_end_of_life() => format!(
                "the {} series stopped receiving security fixes in {} (its last release is {})",
                s.name(),
                s.end_of_support_text(),
                s.latest
            ),
            Status::Ancient => format!("the {}.{} series has had no security fixes for years", installed.version.series().0, installed.version.series().1),
            _ => continue,
        };
        let message = format!(
            "{} installs an end-of-life Django: {why}; upgrade to {} LTS ({} as of {}-{:02}-{:02})",
            installed.described, target.name(), target.latest, AS_OF.0, AS_OF.1, AS_OF.2
        );
        let snippet = format!("Django=={}", target.latest);
        out.push(
            DJANGO_END_OF_LIFE
                .finding(&installed.path, Span::line(installed.line), message)
                .with_fix(Fix::manual("Upgrade to a supported Django series, reading each release's upgrade notes", Some(&snippet))),
        );
    }
}

fn check_security_release(checker: &Checker, out: &mut Vec<Finding>) {
    for installed in installed_versions(&manifests(checker)) {
        let Status::Known(series) = releases::status(&installed.version) else { continue };
        let latest = series.latest();
        if series.is_end_of_life() || installed.version >= latest {
            continue;
        }
        let behind = latest.release.get(2).copied().unwrap_or(0).saturating_sub(installed.version.release.get(2).copied().unwrap_or(0));
        let message = format!(
            "{} is {} release{} behind {}, the latest release of the {} series (as of {}-{:02}-{:02}); the releases in between carry security fixes",
            installed.described,
            behind,
            if behind == 1 { "" } else { "s" },
            series.latest,
            series.name(),
            AS_OF.0,
            AS_OF.1,
            AS_OF.2
        );
        let snippet = format!("Django=={}", series.latest);
        out.push(
            DJANGO_SECURITY_RELEASE_MISSING
                .finding(&installed.path, Span::line(installed.line), message)
                .with_fix(Fix::manual("Upgrade to the latest release of the series", Some(&snippet))),
        );
    }
}
