"""Served insecurely: DEBUG on, any host, no security middleware or settings,
and the project directory's .env and media listing served (a classic mistake)."""
from .settings_base import *  # noqa: F401,F403

DEBUG = True
ALLOWED_HOSTS = ["*"]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
SERVE_PROJECT_FILES = True
