"""Event listings, bookings and the payment provider webhook."""
import json
import logging
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from members.models import Member

from .forms import BookingForm
from .models import Booking, Event, Payment
from .payments import PaymentError, create_payment_intent
from .webhooks import SignatureError, verify_signature

logger = logging.getLogger(__name__)


class EventListView(ListView):
    template_name = 'events/event_list.html'
    context_object_name = 'events'
    paginate_by = 20

    def get_queryset(self):
        return Event.objects.published().upcoming().select_related('venue')


def event_detail(request, slug):
    event = get_object_or_404(Event.objects.published().select_related('venue'), slug=slug)
    form = BookingForm(event=event)
    return render(request, 'events/event_detail.html', {'event': event, 'form': form})


@login_required
@require_POST
def book_event(request, slug):
    event = get_object_or_404(Event.objects.published(), slug=slug)
    member = get_object_or_404(Member, user=request.user)
    form = BookingForm(request.POST, event=event)
    if not form.is_valid():
        return render(request, 'events/event_detail.html', {'event': event, 'form': form})

    with transaction.atomic():
        booking = form.save(commit=False)
        booking.event = event
        booking.member = member
        booking.amount = event.price * booking.places
        if event.is_free:
            booking.status = Booking.Status.CONFIRMED
        booking.save()

    if event.is_free:
        messages.success(request, f'You are booked onto {event.title}.')
        return redirect('events:my_bookings')

    try:
        intent = create_payment_intent(booking)
    except PaymentError as exc:
        messages.error(request, f'We could not start the payment: {exc}')
        return redirect(event.get_absolute_url())

    booking.payment_intent_id = intent['id']
    booking.save(update_fields=['payment_intent_id', 'updated_at'])
    return render(request, 'events/checkout.html', {
        'booking': booking,
        'client_secret': intent.get('client_secret'),
        'publishable_key': settings.STRIPE_PUBLISHABLE_KEY,
    })


@login_required
def my_bookings(request):
    bookings = (
        Booking.objects.filter(member__user=request.user)
        .select_related('event', 'event__venue')
    )
    return render(request, 'events/booking_list.html', {'bookings': bookings})


@login_required
@require_POST
def cancel_booking(request, pk):
    booking = get_object_or_404(Booking.objects.select_related('event'), pk=pk, member__user=request.user)
    if booking.status == Booking.Status.CONFIRMED and not booking.event.is_free:
        messages.info(request, 'Paid bookings can only be cancelled by the events secretary.')
    else:
        booking.status = Booking.Status.CANCELLED
        booking.save(update_fields=['status', 'updated_at'])
        messages.success(request, 'Your booking has been cancelled.')
    return redirect('events:my_bookings')


@csrf_exempt
@require_POST
def payment_webhook(request):
    """Receive payment notifications from the payment provider.

    CSRF protection does not apply to a server-to-server callback; instead
    every delivery must carry a valid HMAC signature made with
    ``STRIPE_WEBHOOK_SECRET``.
    """
    try:
        verify_signature(
            request.body,
            request.headers.get('Stripe-Signature', ''),
            settings.STRIPE_WEBHOOK_SECRET,
            tolerance=settings.PAYMENTS_WEBHOOK_TOLERANCE_SECONDS,
        )
    except SignatureError as exc:
        logger.warning('Rejected payment webhook: %s', exc)
        return HttpResponseBadRequest('Invalid signature')

    try:
        event = json.loads(request.body)
    except ValueError:
        return HttpResponseBadRequest('Invalid payload')

    event_type = event.get('type', '')
    intent = event.get('data', {}).get('object', {})
    logger.info('Payment webhook %s for %s', event_type, intent.get('id'))

    if event_type == 'payment_intent.succeeded':
        booking = Booking.objects.filter(payment_intent_id=intent.get('id')).first()
        if booking is None:
            return HttpResponse(status=200)
        Payment.objects.update_or_create(
            provider_reference=intent['id'],
            defaults={
                'booking': booking,
                'amount': Decimal(intent.get('amount_received', 0)) / 100,
                'currency': intent.get('currency', settings.PAYMENTS_CURRENCY),
                'status': intent.get('status', 'succeeded'),
                'payload': event,
            },
        )
        booking.confirm()
    elif event_type == 'payment_intent.payment_failed':
        Booking.objects.filter(payment_intent_id=intent.get('id')).update(status=Booking.Status.CANCELLED)

    return HttpResponse(status=200)
