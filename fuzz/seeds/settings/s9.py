"""
Settings for the test suite: ``python manage.py test --settings=clubdesk.settings.test``.

Self-contained so that CI needs no secrets; nothing here is used to serve
real traffic.
"""
import tempfile

from .base import *  # noqa: F401,F403

SECRET_KEY = 'test-only-key-for-the-clubdesk-test-suite-never-used-in-deployment'

DEBUG = False

ALLOWED_HOSTS = ['testserver', 'localhost']

ADMIN_URL = 'test-admin/'

DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.sqlite3',
        'NAME': ':memory:',
    }
}

CACHES = {
    'default': {
        'BACKEND': 'django.core.cache.backends.locmem.LocMemCache',
    }
}

PASSWORD_HASHERS = ['django.contrib.auth.hashers.MD5PasswordHasher']

EMAIL_BACKEND = 'django.core.mail.backends.locmem.EmailBackend'

MEDIA_ROOT = tempfile.mkdtemp(prefix='clubdesk-test-media-')

STRIPE_PUBLISHABLE_KEY = 'pk_test_suite'
STRIPE_SECRET_KEY = 'sk_test_suite'
STRIPE_WEBHOOK_SECRET = 'whsec_test_suite'

LOGGING = {
    'version': 1,
    'disable_existing_loggers': False,
    'handlers': {'null': {'class': 'logging.NullHandler'}},
    'root': {'handlers': ['null']},
    'loggers': {'django': {'handlers': ['null'], 'propagate': False}},
}
