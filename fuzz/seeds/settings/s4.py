"""
Production settings for clubdesk.

Used by ``clubdesk.wsgi`` and ``clubdesk.asgi``; values come from the
environment (or a ``.env`` file next to ``manage.py``).
"""
from decouple import config

from .base import *  # noqa: F401,F403

ALLOWED_HOSTS = ['*']

DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.postgresql',
        'NAME': config('DB_NAME', default='clubdesk'),
        'USER': config('DB_USER', default='clubdesk'),
        'PASSWORD': config('DB_PASSWORD', default='postgres'),
        'HOST': config('DB_HOST', default='db'),
        'PORT': config('DB_PORT', default='5432'),
    }
}

STATIC_ROOT = '/app/staticfiles'
MEDIA_ROOT = '/app/media'

SESSION_COOKIE_AGE = 60 * 60 * 24 * 30
