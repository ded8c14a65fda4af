

def _cache_ok():
    try:
        cache.set('greenlight-readiness-probe', 'ok', timeout=10)
        ok = cache.get('greenlight-readiness-probe') == 'ok'
    except Exception:
        logger.exception('readiness check: the cache did not answer')
        return False
    if not ok:
        logger.error('readiness check: the cache did not return the value just stored')
    return ok


@never_cache
@require_safe
def ready(request):
    """Readiness: the database and the cache both answer."""
    return _answer({'database': _database_ok(), 'cache': _cache_ok()})
