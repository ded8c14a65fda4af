"""Verification of signed webhook deliveries from the payment provider.

The provider sends a ``Stripe-Signature`` header of the form
``t=<unix timestamp>,v1=<hex HMAC-SHA256>``, where the HMAC is computed over
``"<timestamp>.<raw request body>"`` with the endpoint's signing secret.
"""
import hashlib
import hmac
import time


class SignatureError(Exception):
    """The webhook signature is missing, malformed, stale or wrong."""


def compute_signature(payload, timestamp, secret):
    signed = f'{timestamp}.'.encode() + payload
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def parse_signature_header(header):
    timestamp = None
    signatures = []
    for item in (header or '').split(','):
        key, _, value = item.strip().partition('=')
        if key == 't':
            timestamp = value
        elif key == 'v1':
            signatures.append(value)
    if timestamp is None or not timestamp.isdigit() or not signatures:
        raise SignatureError('Malformed signature header')
    return int(timestamp), signatures


def verify_signature(payload, header, secret, tolerance, now=None):
    """Raise :class:`SignatureError` unless *header* is a valid signature of *payload*."""
    if not secret:
        raise SignatureError('No webhook signing secret configured')
    timestamp, signatures = parse_signature_header(header)
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance:
        raise SignatureError('Timestamp outside the tolerance window')
    expected = compute_signature(payload, timestamp, secret)
    if not any(hmac.compare_digest(expected, candidate) for candidate in signatures):
        raise SignatureError('Signature mismatch')
