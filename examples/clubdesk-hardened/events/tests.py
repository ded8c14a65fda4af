import json
import sys
import time
import types
from datetime import timedelta
from decimal import Decimal
from unittest import mock

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from members.models import Member

from .models import Booking, Event, Payment, Venue
from .payments import PaymentError, create_payment_intent
from .webhooks import compute_signature

User = get_user_model()


class EventTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = User.objects.create_user(username='ada', email='ada@example.org', password='x')
        cls.member = Member.objects.create(
            user=cls.user, first_name='Ada', last_name='Lovelace', email='ada@example.org',
            status=Member.Status.ACTIVE,
        )
        cls.venue = Venue.objects.create(name='Boathouse', address='1 River Walk')
        start = timezone.now() + timedelta(days=14)
        cls.dinner = Event.objects.create(
            title='Annual dinner', slug='annual-dinner', venue=cls.venue, starts_at=start,
            ends_at=start + timedelta(hours=4), price=Decimal('45.00'), capacity=80, is_published=True,
        )
        cls.open_day = Event.objects.create(
            title='Open day', slug='open-day', venue=cls.venue, starts_at=start,
            ends_at=start + timedelta(hours=6), price=Decimal('0.00'), is_published=True,
        )


class EventListTests(EventTestCase):
    def test_lists_only_published_upcoming_events(self):
        past = timezone.now() - timedelta(days=3)
        Event.objects.create(title='Last regatta', slug='last-regatta', venue=self.venue,
                             starts_at=past, ends_at=past, is_published=True)
        Event.objects.create(title='Draft event', slug='draft', venue=self.venue,
                             starts_at=self.dinner.starts_at, ends_at=self.dinner.ends_at)
        response = self.client.get(reverse('events:list'))
        self.assertEqual([e.slug for e in response.context['events']], ['annual-dinner', 'open-day'])

    def test_unpublished_event_detail_is_404(self):
        Event.objects.filter(pk=self.dinner.pk).update(is_published=False)
        self.assertEqual(self.client.get(self.dinner.get_absolute_url()).status_code, 404)


class BookingTests(EventTestCase):
    def setUp(self):
        self.client.force_login(self.user)

    def test_free_event_booking_is_confirmed_immediately(self):
        response = self.client.post(reverse('events:book', args=['open-day']), {'places': 2})
        self.assertRedirects(response, reverse('events:my_bookings'), fetch_redirect_response=False)
        booking = Booking.objects.get(event=self.open_day)
        self.assertEqual(booking.status, Booking.Status.CONFIRMED)
        self.assertEqual(booking.amount, Decimal('0.00'))

    @mock.patch('events.views.create_payment_intent')
    def test_paid_event_booking_starts_a_payment(self, create_intent):
        create_intent.return_value = {'id': 'pi_123', 'client_secret': 'pi_123_secret'}
        response = self.client.post(reverse('events:book', args=['annual-dinner']), {'places': 2})
        self.assertTemplateUsed(response, 'events/checkout.html')
        booking = Booking.objects.get(event=self.dinner)
        self.assertEqual(booking.amount, Decimal('90.00'))
        self.assertEqual(booking.payment_intent_id, 'pi_123')
        self.assertEqual(booking.status, Booking.Status.PENDING)

    @mock.patch('events.views.create_payment_intent', side_effect=PaymentError('Card network down'))
    def test_payment_failure_is_reported_to_the_member(self, create_intent):
        response = self.client.post(reverse('events:book', args=['annual-dinner']), {'places': 1}, follow=True)
        self.assertContains(response, 'Card network down')

    def test_cannot_book_more_places_than_are_left(self):
        Event.objects.filter(pk=self.open_day.pk).update(capacity=1)
        response = self.client.post(reverse('events:book', args=['open-day']), {'places': 2})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Booking.objects.exists())

    def test_member_can_cancel_unpaid_booking(self):
        booking = Booking.objects.create(event=self.dinner, member=self.member, amount=Decimal('45.00'))
        self.client.post(reverse('events:cancel_booking', args=[booking.pk]))
        booking.refresh_from_db()
        self.assertEqual(booking.status, Booking.Status.CANCELLED)

    def test_cannot_cancel_someone_elses_booking(self):
        other = Member.objects.create(first_name='Charles', last_name='Babbage', email='cb@example.org')
        booking = Booking.objects.create(event=self.dinner, member=other, amount=Decimal('45.00'))
        response = self.client.post(reverse('events:cancel_booking', args=[booking.pk]))
        self.assertEqual(response.status_code, 404)


class PaymentClientTests(EventTestCase):
    def fake_requests(self, post):
        module = types.ModuleType('requests')
        module.RequestException = type('RequestException', (Exception,), {})
        module.post = post
        return module

    def test_request_is_sent_with_a_timeout(self):
        response = mock.Mock(status_code=200)
        response.json.return_value = {'id': 'pi_1', 'client_secret': 's'}
        post = mock.Mock(return_value=response)
        booking = Booking.objects.create(event=self.dinner, member=self.member, amount=Decimal('45.00'))
        with mock.patch.dict(sys.modules, {'requests': self.fake_requests(post)}):
            self.assertEqual(create_payment_intent(booking)['id'], 'pi_1')
        self.assertEqual(post.call_args.kwargs['timeout'], settings.PAYMENTS_TIMEOUT)
        self.assertEqual(post.call_args.kwargs['data']['amount'], 4500)

    def test_network_errors_become_payment_errors(self):
        fake = self.fake_requests(None)
        fake.post = mock.Mock(side_effect=fake.RequestException('timed out'))
        booking = Booking.objects.create(event=self.dinner, member=self.member, amount=Decimal('45.00'))
        with mock.patch.dict(sys.modules, {'requests': fake}):
            with self.assertRaises(PaymentError):
                create_payment_intent(booking)


class WebhookTests(EventTestCase):
    def setUp(self):
        self.url = reverse('events:payment_webhook')
        self.booking = Booking.objects.create(
            event=self.dinner, member=self.member, amount=Decimal('45.00'), payment_intent_id='pi_abc',
        )

    def deliver(self, event, secret=None, timestamp=None):
        payload = json.dumps(event).encode()
        timestamp = int(time.time()) if timestamp is None else timestamp
        signature = compute_signature(payload, timestamp, secret or settings.STRIPE_WEBHOOK_SECRET)
        return self.client.post(
            self.url, payload, content_type='application/json',
            headers={'Stripe-Signature': f't={timestamp},v1={signature}'},
        )

    def succeeded(self):
        return {
            'type': 'payment_intent.succeeded',
            'data': {'object': {'id': 'pi_abc', 'amount_received': 4500, 'currency': 'gbp', 'status': 'succeeded'}},
        }

    def test_signed_success_confirms_booking(self):
        response = self.deliver(self.succeeded())
        self.assertEqual(response.status_code, 200)
        self.booking.refresh_from_db()
        self.assertEqual(self.booking.status, Booking.Status.CONFIRMED)
        self.assertEqual(Payment.objects.get().amount, Decimal('45.00'))

    def test_wrong_secret_is_rejected(self):
        response = self.deliver(self.succeeded(), secret='whsec_attacker')
        self.assertEqual(response.status_code, 400)
        self.booking.refresh_from_db()
        self.assertEqual(self.booking.status, Booking.Status.PENDING)
        self.assertFalse(Payment.objects.exists())

    def test_missing_signature_is_rejected(self):
        response = self.client.post(self.url, json.dumps(self.succeeded()), content_type='application/json')
        self.assertEqual(response.status_code, 400)

    def test_replayed_old_delivery_is_rejected(self):
        response = self.deliver(self.succeeded(), timestamp=int(time.time()) - 3600)
        self.assertEqual(response.status_code, 400)

    def test_failed_payment_cancels_booking(self):
        self.deliver({'type': 'payment_intent.payment_failed', 'data': {'object': {'id': 'pi_abc'}}})
        self.booking.refresh_from_db()
        self.assertEqual(self.booking.status, Booking.Status.CANCELLED)
