

def require_env(name):
    """The value of environment variable `name`; production refuses to start without it."""
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(
            f'The {name} environment variable is not set; production settings refuse to start '
            f'without it (see .env.example).'
        )
    return value


def env_list(name, required=False):
    """A comma-separated environment variable as a list, empty items dropped."""
    raw = require_env(name) if required else os.environ.get(name, '')
    return [item.strip() for item in raw.split(',') if item.strip()]


def database_from_url(url):
    """DATABASES['default'] from postgres://, mysql:// or sqlite:///path URLs."""
    parts = urlsplit(url)
    engines = {
        'postgres': 'django.db.backends.postgresql',
        'postgresql': 'django.db.backends.postgresql',
        'mysql': 'django.db.backends.mysql',
        'sqlite': 'django.db.backends.sqlite3',
    }
    if parts.scheme not in engines:
        raise ImproperlyConfigured(
            f'DATABASE_URL has the scheme {parts.scheme!r}; use postgres://, mysql:// or sqlite:///path.'
        )
    if parts.scheme == 'sqlite':
        # sqlite:////abs/path/db.sqlite3 (four slashes: absolute path) or sqlite:///relative.sqlite3
        return {'ENGINE': engines['sqlite'], 'NAME': unquote(parts.path[1:])}
    return {
        'ENGINE': engines[parts.scheme],
        'NAME': unquote(parts.path.lstrip('/')),
        'USER': unquote(parts.username or ''),
        'PASSWORD': unquote(parts.password or ''),
        'HOST': parts.hostname or '',
        'PORT': str(parts.port or ''),
    }
