"""
Health checks for load balancers, orchestrators and the Docker HEALTHCHECK,
{{MARKER}}.

- ``/health``: the database answers ``SELECT 1`` (200, else 503).
{{READY_DOC}}
Both answer JSON and are never cached. They are exempt from the HTTPS redirect
(``SECURE_REDIRECT_EXEMPT`` in the production settings) so probes over plain
HTTP inside the network work; ``ALLOWED_HOSTS`` still applies.
"""
import logging

from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
{{CACHE_IMPORT}}
logger = logging.getLogger(__name__)


def _database_ok():
    try:
        with connections['default'].cursor() as cursor:
            cursor.execute('SELECT 1')
            cursor.fetchone()
    except Exception:
        logger.exception('health check: the database did not answer')
        return False
    return True


def _answer(checks):
    healthy = all(checks.values())
    body = {'status': 'ok' if healthy else 'unavailable'}
    body.update({name: 'ok' if ok else 'error' for name, ok in checks.items()})
    return JsonResponse(body, status=200 if healthy else 503)


@never_cache
@require_safe
def health(request):
    """Liveness: the process serves requests and reaches its database."""
    return _answer({'database': _database_ok()})
