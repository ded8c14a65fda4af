"""Refuse sign-in attempts after repeated failures.

Failures are counted in the cache, per email address and per client IP
address, and expire ``LOGIN_LOCKOUT_SECONDS`` after the most recent one.
"""
import hashlib

from django.conf import settings
from django.core.cache import cache


def _email_key(email):
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f'login-failures:email:{digest}'


def _ip_key(request):
    return f"login-failures:ip:{request.META.get('REMOTE_ADDR', 'unknown')}"


def _count(key):
    return cache.get(key, 0)


def is_locked_out(request, email):
    """Return ``True`` if sign-in for *email* from this client is blocked."""
    return (
        _count(_email_key(email)) >= settings.LOGIN_FAILURE_LIMIT
        or _count(_ip_key(request)) >= settings.LOGIN_IP_FAILURE_LIMIT
    )


def register_failure(request, email):
    """Record a failed attempt for *email* and for the client IP address."""
    for key in (_email_key(email), _ip_key(request)):
        if cache.add(key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS):
            continue
        try:
            cache.incr(key)
        except ValueError:
            # The key expired between add() and incr().
            cache.set(key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS)
        else:
            cache.touch(key, timeout=settings.LOGIN_LOCKOUT_SECONDS)


def reset(email):
    """Forget failed attempts for *email* after a successful sign-in."""
    cache.delete(_email_key(email))
