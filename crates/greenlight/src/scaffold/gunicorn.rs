//! `gunicorn.conf.py`: bind from PORT, workers from the CPU count, timeouts,
//! access log to stdout, the project's WSGI module.

use super::env_catalog::{EnvCatalog, EnvValue};
use super::facts::{Facts, MARKER};

pub const GROUP: &str = "Server (gunicorn.conf.py)";

pub fn render(facts: &Facts, wsgi_module: &str, env: &mut EnvCatalog) -> String {
    env.add(GROUP, "PORT", "Port gunicorn listens on.", EnvValue::Default("8000".into()));
    env.add(GROUP, "GUNICORN_HOST", "Address gunicorn binds to (0.0.0.0 in a container; 127.0.0.1 behind a local proxy).", EnvValue::Default("0.0.0.0".into()));
    env.add(GROUP, "WEB_CONCURRENCY", "Worker processes (empty: 2 x CPUs + 1).", EnvValue::OptionalEmpty);
    env.add(GROUP, "GUNICORN_TIMEOUT", "Seconds before a silent worker is killed and restarted.", EnvValue::Default("30".into()));
    env.add(GROUP, "GUNICORN_LOG_LEVEL", "gunicorn's own log level.", EnvValue::Default("info".into()));
    env.add(GROUP, "FORWARDED_ALLOW_IPS", "Proxies whose X-Forwarded-* headers gunicorn trusts, comma-separated.", EnvValue::Default("127.0.0.1".into()));
    format!(
        r#""""
gunicorn settings for {package}, {MARKER}.

Start with: gunicorn -c gunicorn.conf.py
"""
import multiprocessing
import os

# The project's WSGI application; gunicorn imports it from this directory.
wsgi_app = '{wsgi_module}:application'
chdir = os.path.dirname(os.path.abspath(__file__))

bind = f"{{os.environ.get('GUNICORN_HOST', '0.0.0.0')}}:{{os.environ.get('PORT', '8000')}}"
workers = int(os.environ.get('WEB_CONCURRENCY') or multiprocessing.cpu_count() * 2 + 1)

# A worker silent for this long is killed and replaced; slow requests beyond it fail.
timeout = int(os.environ.get('GUNICORN_TIMEOUT', '30'))
graceful_timeout = 30
keepalive = 5

# Recycle workers now and then so a slow leak cannot grow forever.
max_requests = 1000
max_requests_jitter = 100

# Logs to stdout/stderr, where the container runtime or systemd collects them.
accesslog = '-'
errorlog = '-'
loglevel = os.environ.get('GUNICORN_LOG_LEVEL', 'info')

# Only these proxies may set X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get('FORWARDED_ALLOW_IPS', '127.0.0.1')
"#,
        package = facts.package,
    )
}
