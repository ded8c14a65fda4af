"""
Settings for local development on a laptop.

Use with ``--settings=clubdesk.settings.development`` or by exporting
``DJANGO_SETTINGS_MODULE``. Still needs ``SECRET_KEY`` in the environment.
"""
from decouple import config

from .base import *  # noqa: F401,F403

SECRET_KEY = config('SECRET_KEY')

DEBUG = True

ALLOWED_HOSTS = ['localhost', '127.0.0.1']

ADMIN_URL = config('ADMIN_URL', default='dev-admin/')

DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.sqlite3',
        'NAME': BASE_DIR / 'db.sqlite3',
    }
}

EMAIL_BACKEND = 'django.core.mail.backends.console.EmailBackend'

STRIPE_PUBLISHABLE_KEY = config('STRIPE_PUBLISHABLE_KEY', default='')
STRIPE_SECRET_KEY = config('STRIPE_SECRET_KEY', default='')
STRIPE_WEBHOOK_SECRET = config('STRIPE_WEBHOOK_SECRET', default='')
