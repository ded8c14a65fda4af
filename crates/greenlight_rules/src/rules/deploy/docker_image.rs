//! What goes into the image: OPS001, a base image that is `:latest` or
//! untagged; OPS003, the whole build context copied in with no `.dockerignore`.

use greenlight_core::{FileKind, Span};

use super::dockerfile::Dockerfile;
use super::production_dockerfiles;
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

pub static DOCKERFILE_UNPINNED_BASE_IMAGE: Rule = Rule {
    code: "OPS001",
    effort_minutes: 10,
    name: "dockerfile-unpinned-base-image",
    category: Category::Deployment,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: Some(1104),
    summary: "A Dockerfile `FROM` uses `:latest` or no tag",
    doc: r#"## What it does
Reports `FROM` lines (of any build stage) whose image has no tag or the `latest` tag, after
substituting `ARG` defaults. Images pinned by digest, `scratch` and earlier stages are fine.

## Why is this bad?
`latest` moves. The same commit builds a different image next week: a new Python minor version,
a new Debian release, removed system libraries. Builds stop being reproducible and a rollback
does not bring back what ran before.

## Example
```dockerfile
FROM python:latest
```

Use instead:
```dockerfile
FROM python:3.12.7-slim-bookworm
```

## References
- [Docker: Dockerfile best practices, FROM](https://docs.docker.com/build/building/best-practices/#from)
- [CWE-1104: Use of Unmaintained Third Party Components](https://cwe.mitre.org/data/definitions/1104.html)
"#,
    check: check_base_images,
};

fn check_base_images(checker: &Checker, out: &mut Vec<Finding>) {
    for (file, dockerfile) in production_dockerfiles(checker) {
        for (index, stage) in dockerfile.stages.iter().enumerate() {
            if stage.image.eq_ignore_ascii_case("scratch") || dockerfile.parent_of(index).is_some() {
                continue;
            }
            let Some(image) = dockerfile.resolve(&stage.image) else { continue };
            let Some(problem) = unpinned(&image) else { continue };
            let repository = image.rsplit_once(':').filter(|(_, tag)| !tag.contains('/')).map_or(image.as_str(), |(r, _)| r);
            let version = if repository.ends_with("python") { "3.12.7-slim-bookworm" } else { "<version>" };
            let message = format!("`FROM {image}` {problem}: every build may get a different base image");
            let fix = Fix::manual("Pin a specific version tag (or a digest)", Some(&format!("FROM {repository}:{version}")));
            out.push(DOCKERFILE_UNPINNED_BASE_IMAGE.finding(&file.rel_path, Span::line(stage.from.line), message).with_fix(fix));
        }
    }
}

/// Why an image reference is not pinned, if it is not.
fn unpinned(image: &str) -> Option<&'static str> {
    if image.contains('@') {
        return None;
    }
    let name = image.rsplit('/').next().unwrap_or(image);
    match name.split_once(':') {
        None => Some("has no tag, so it means `latest`"),
        Some((_, tag)) if tag.eq_ignore_ascii_case("latest") => Some("uses the moving `latest` tag"),
        Some(_) => None,
    }
}

pub static DOCKERFILE_COPIES_CONTEXT_WITHOUT_DOCKERIGNORE: Rule = Rule {
    code: "OPS003",
    effort_minutes: 10,
    name: "dockerfile-copies-context-without-dockerignore",
    category: Category::Deployment,
    severity: Severity::Medium,
    django_checks: &[],
    cwe: Some(538),
    summary: "`COPY . …` with no `.dockerignore`",
    doc: r#"## What it does
Reports a `COPY` or `ADD` of the whole build context (`.`) when there is no `.dockerignore` next
to the Dockerfile, in a directory above it, or as `<Dockerfile>.dockerignore`.

## Why is this bad?
Everything in the directory lands in the image: `.env` with production secrets, `.git` with the
full history, `db.sqlite3` with real data, virtual environments and caches. Anyone who can pull
the image can read them, and the image is larger and rebuilds on every unrelated change.

## Example
```dockerfile
COPY . .
# no .dockerignore
```

Use instead:
```text
# .dockerignore
.git
.env
*.sqlite3
__pycache__/
```

## References
- [Docker: .dockerignore files](https://docs.docker.com/build/concepts/context/#dockerignore-files)
- [CWE-538: Insertion of Sensitive Information into Externally-Accessible File or Directory](https://cwe.mitre.org/data/definitions/538.html)
"#,
    check: check_copy_context,
};

fn check_copy_context(checker: &Checker, out: &mut Vec<Finding>) {
    for (file, dockerfile) in production_dockerfiles(checker) {
        if has_dockerignore(checker, &file.rel_path) {
            continue;
        }
        let Some(copy) = whole_context_copy(&dockerfile) else { continue };
        let message = format!(
            "`{} {}` copies the whole build context and there is no .dockerignore: .env, .git and local databases end up in the image",
            copy.0, copy.1
        );
        let fix = Fix::manual("Add a .dockerignore next to the Dockerfile", Some(".git\n.env\n.env.*\n*.sqlite3\n__pycache__/\n.venv/\nmedia/"));
        out.push(DOCKERFILE_COPIES_CONTEXT_WITHOUT_DOCKERIGNORE.finding(&file.rel_path, Span::line(copy.2), message).with_fix(fix));
    }
}

/// The first `COPY`/`ADD` of `.` from the build context: keyword, arguments, line.
fn whole_context_copy(dockerfile: &Dockerfile) -> Option<(String, String, u32)> {
    dockerfile.stages.iter().flat_map(|s| &s.instructions).find_map(|i| {
        if !matches!(i.keyword.as_str(), "COPY" | "ADD") || i.flag("from").is_some() {
            return None;
        }
        let operands: Vec<&str> = match &i.exec {
            Some(parts) => parts.iter().map(String::as_str).collect(),
            None => i.operands(),
        };
        let sources = operands.split_last().map_or(&[][..], |(_, sources)| sources);
        sources.iter().any(|s| matches!(*s, "." | "./")).then(|| (i.keyword.clone(), i.args.clone(), i.line))
    })
}

/// A `.dockerignore` in the Dockerfile's directory or above, or `<name>.dockerignore` beside it.
fn has_dockerignore(checker: &Checker, dockerfile: &str) -> bool {
    let (dir, name) = dockerfile.rsplit_once('/').unwrap_or(("", dockerfile));
    let beside = format!("{}{name}.dockerignore", if dir.is_empty() { String::new() } else { format!("{dir}/") });
    checker.project.files.iter().any(|f| {
        if f.rel_path.eq_ignore_ascii_case(&beside) {
            return true;
        }
        if f.kind != FileKind::DockerIgnore {
            return false;
        }
        let ignore_dir = f.rel_path.rsplit_once('/').map_or("", |(d, _)| d);
        ignore_dir.is_empty() || dir == ignore_dir || dir.starts_with(&format!("{ignore_dir}/"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinned_or_not() {
        assert!(unpinned("python").is_some());
        assert!(unpinned("python:latest").is_some());
        assert!(unpinned("localhost:5000/app").is_some());
        assert!(unpinned("python:3.12-slim").is_none());
        assert!(unpinned("localhost:5000/app:1.2").is_none());
        assert!(unpinned("python@sha256:abc").is_none());
    }

    #[test]
    fn copies_of_the_context() {
        let copy = |text: &str| whole_context_copy(&Dockerfile::parse(text)).map(|c| c.2);
        assert_eq!(copy("FROM python:3.12\nCOPY requirements.txt .\nCOPY --chown=app:app . /app\n"), Some(3));
        assert_eq!(copy("FROM python:3.12\nCOPY [\".\", \"/app\"]\n"), Some(2));
        assert_eq!(copy("FROM python:3.12\nCOPY --from=build /app .\nCOPY src/ .\n"), None);
    }
}
