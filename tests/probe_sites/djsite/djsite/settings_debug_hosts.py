"""DEBUG on but ALLOWED_HOSTS set: a foreign Host gets Django's technical 500
page (DisallowedHost), the one DEBUG page besides the 404."""
from .settings_insecure import *  # noqa: F401,F403

ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
