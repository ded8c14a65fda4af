//! `Dockerfile`: a pinned slim Python base, a non-root user, the project's
//! requirements, collectstatic, a HEALTHCHECK on `/health` and gunicorn.

use super::facts::{Facts, MARKER};

/// The base image: a pinned release of a Python every supported Django runs on.
pub const BASE_IMAGE: &str = "python:3.12.8-slim-bookworm";

pub fn render(facts: &Facts, hosts_var: &str) -> String {
    let workdir_copy = if facts.source_root.is_empty() { String::new() } else { format!("WORKDIR /app/{}\n", facts.source_root) };
    let install = match &facts.requirements {
        Some(req) => {
            let gunicorn = if facts.has_gunicorn { String::new() } else { " gunicorn==23.0.0".to_owned() };
            let note = if facts.has_gunicorn { "" } else { "# gunicorn is not in the requirements yet: installed here; better pin it there.\n" };
            format!("COPY {req} /tmp/requirements.txt\n{note}RUN pip install -r /tmp/requirements.txt{gunicorn}\n")
        }
        None => "# No requirements.txt: installs the project from pyproject.toml.\nCOPY . /app\nRUN pip install /app gunicorn==23.0.0\n".to_owned(),
    };
    format!(
        r#"# syntax=docker/dockerfile:1
# Production image for {package}, {MARKER}.
# Build: docker build -t {package} .
# Run:   docker run --env-file .env.production -p 8000:8000 {package}

# Pinned base image: bump the version deliberately (and rebuild) for security fixes.
FROM {BASE_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=8000

WORKDIR /app

# An unprivileged user runs the app and owns /app (collectstatic and logs write there).
RUN groupadd --system app && useradd --system --gid app --home-dir /app app && chown app:app /app

{install}
COPY --chown=app:app . /app
{workdir_copy}RUN mkdir -p /app/logs && chown app:app /app/logs

USER app

EXPOSE 8000

# /health answers 200 when the app reaches its database. The probe sends a Host
# from {hosts_var} and X-Forwarded-Proto: https, as the proxy in front would.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import os, urllib.request; host = (os.environ.get('{hosts_var}') or 'localhost').split(',')[0].strip().lstrip('.'); urllib.request.urlopen(urllib.request.Request('http://127.0.0.1:' + os.environ.get('PORT', '8000') + '/health', headers={{'Host': host, 'X-Forwarded-Proto': 'https'}}), timeout=4)"

# Static files are collected at start-up, when the production settings can load
# (they need the environment); then gunicorn serves the app.
CMD ["sh", "-c", "python manage.py collectstatic --noinput && exec gunicorn -c gunicorn.conf.py"]
"#,
        package = facts.package,
    )
}
