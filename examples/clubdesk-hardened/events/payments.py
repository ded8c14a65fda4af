"""Thin client for the payment provider's REST API."""
import logging
from decimal import Decimal

from django.conf import settings

logger = logging.getLogger(__name__)


class PaymentError(Exception):
    """The payment provider refused or failed to create a payment."""


def to_minor_units(amount):
    """Convert a ``Decimal`` amount in pounds to an integer number of pence."""
    return int((Decimal(amount) * 100).quantize(Decimal('1')))


def create_payment_intent(booking):
    """Create a payment intent for *booking* and return the provider's response.

    Raises :class:`PaymentError` if the provider is unreachable, slow, or
    rejects the request.
    """
    import requests

    try:
        response = requests.post(
            f'{settings.PAYMENTS_API_URL}/payment_intents',
            auth=(settings.STRIPE_SECRET_KEY, ''),
            data={
                'amount': to_minor_units(booking.amount),
                'currency': settings.PAYMENTS_CURRENCY,
                'description': f'{booking.event.title} ({booking.places} place(s))',
                'receipt_email': booking.member.email,
                'metadata[booking_id]': booking.pk,
            },
            headers={'Idempotency-Key': f'clubdesk-booking-{booking.pk}'},
            timeout=settings.PAYMENTS_TIMEOUT,
        )
    except requests.RequestException as exc:
        logger.warning('Payment provider unreachable for booking %s: %s', booking.pk, exc)
        raise PaymentError('The payment service is not responding. Please try again shortly.') from exc

    if response.status_code >= 400:
        logger.warning('Payment intent for booking %s failed with HTTP %s', booking.pk, response.status_code)
        try:
            message = response.json().get('error', {}).get('message', 'Payment failed')
        except ValueError:
            message = 'Payment failed'
        raise PaymentError(message)
    return response.json()
