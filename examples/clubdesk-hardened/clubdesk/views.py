"""Project-level views."""
import logging

from django.core.cache import cache
from django.db import connection
from django.db.utils import DatabaseError
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def health(request):
    """Liveness/readiness probe for the container and the load balancer.

    Returns 200 when the database and the cache both answer, 503 otherwise.
    """
    checks = {}
    try:
        connection.ensure_connection()
        checks['database'] = 'ok'
    except DatabaseError:
        logger.exception('Health check: database unavailable')
        checks['database'] = 'unavailable'
    try:
        cache.set('health-check', 'ok', timeout=5)
        checks['cache'] = 'ok' if cache.get('health-check') == 'ok' else 'unavailable'
    except Exception:  # the cache client raises its own exception types
        logger.exception('Health check: cache unavailable')
        checks['cache'] = 'unavailable'

    healthy = all(value == 'ok' for value in checks.values())
    return JsonResponse(
        {'status': 'ok' if healthy else 'unavailable', 'checks': checks},
        status=200 if healthy else 503,
    )
