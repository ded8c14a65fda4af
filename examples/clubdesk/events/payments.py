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
    """Create a payment intent for *booking* and return the provider's response."""
    import requests

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
    )
    if response.status_code >= 400:
        logger.warning('Payment intent for booking %s failed: %s', booking.pk, response.text)
        raise PaymentError(response.json().get('error', {}).get('message', 'Payment failed'))
    return response.json()
