//! SEC064: credentials written into a Dockerfile (`ENV SECRET_KEY=…`,
//! `ARG DB_PASSWORD=…`): they live in every image layer and in `docker history`.

use greenlight_core::Span;

use super::dockerfile::{key_values, Instruction};
use super::{is_literal_value, is_secret_name, production_dockerfiles};
use crate::checker::Checker;
use crate::finding::{Category, Finding, Fix, Severity};
use crate::rule::Rule;

pub static DOCKERFILE_SECRET_IN_ENV: Rule = Rule {
    code: "SEC064",
    effort_minutes: 20,
    name: "dockerfile-secret-in-env",
    category: Category::Security,
    severity: Severity::High,
    django_checks: &[],
    cwe: Some(798),
    summary: "A Dockerfile sets a secret-looking ENV or ARG to a literal",
    doc: r#"## What it does
Reports `ENV` and `ARG` instructions that give a literal value to a variable named like a
credential (`…_KEY`, `…_SECRET`, `…_PASSWORD`, `…_TOKEN`; not `…_PUBLISHABLE_KEY`, `GPG_KEY` or
`…_FILE`). References such as `${SECRET_KEY}` are fine. The value is never printed.

## Why is this bad?
`ENV` values are stored in the image configuration and `ARG` values in its build history: anyone
who can pull the image (a registry, a CI cache, a laptop) can read them with `docker inspect` or
`docker history`. The same secret is also committed to the repository, and every environment
built from the Dockerfile shares it.

## Example
```dockerfile
ENV DJANGO_SECRET_KEY=s3cr3t-value
```

Use instead:
```dockerfile
# pass it at run time: docker run -e DJANGO_SECRET_KEY=… or an orchestrator secret;
# for build-time secrets: RUN --mount=type=secret,id=key …
```

## References
- [Docker: Build secrets](https://docs.docker.com/build/building/secrets/)
- [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
"#,
    check: check_secrets,
};

fn check_secrets(checker: &Checker, out: &mut Vec<Finding>) {
    for (file, dockerfile) in production_dockerfiles(checker) {
        let instructions = dockerfile.stages.iter().flat_map(|s| &s.instructions);
        for instruction in instructions.filter(|i| i.keyword == "ENV" || i.keyword == "ARG") {
            for name in literal_secrets(instruction) {
                let message = format!(
                    "`{} {name}` is set to a literal in the Dockerfile: the value is baked into the image, readable with `docker {}`",
                    instruction.keyword,
                    if instruction.keyword == "ENV" { "inspect" } else { "history" }
                );
                let fix = Fix::manual(
                    "Pass the secret at run time (environment, orchestrator secret) or use a build secret mount",
                    Some(&format!("RUN --mount=type=secret,id={} …  # build time\n# run time: docker run -e {name}=…", name.to_ascii_lowercase())),
                );
                out.push(DOCKERFILE_SECRET_IN_ENV.finding(&file.rel_path, Span::line(instruction.line), message).with_fix(fix));
            }
        }
    }
}

/// The credential-named variables an `ENV`/`ARG` sets to literal values.
fn literal_secrets(instruction: &Instruction) -> Vec<String> {
    key_values(&instruction.args)
        .into_iter()
        .filter(|(name, value)| is_secret_name(name) && value.as_deref().is_some_and(is_literal_value))
        .map(|(name, _)| name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::deploy::dockerfile::Dockerfile;

    #[test]
    fn literal_secret_values() {
        let file = Dockerfile::parse("FROM python:3.12\nENV SECRET_KEY=abc DEBUG=0\nENV DB_PASSWORD ${DB_PASSWORD}\nARG API_TOKEN\nARG GITHUB_TOKEN=ghp\nENV GPG_KEY=7169605F\n");
        let found: Vec<Vec<String>> = file.stages[0].instructions.iter().map(literal_secrets).collect();
        assert_eq!(found, [vec!["SECRET_KEY".to_owned()], vec![], vec![], vec!["GITHUB_TOKEN".to_owned()], vec![]]);
    }
}
