"""Club events, bookings and the payments taken for them."""
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone


class Venue(models.Model):
    name = models.CharField(max_length=120)
    address = models.TextField()
    postcode = models.CharField(max_length=12, blank=True)
    capacity = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ['name']

    def __str__(self):
        return self.name


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def upcoming(self):
        return self.filter(starts_at__gte=timezone.now())


class Event(models.Model):
    """Something members can book onto: a regatta, a dinner, a training camp."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    summary = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name='events')
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    capacity = models.PositiveIntegerField(default=0, help_text='0 means unlimited.')
    price = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal('0.00'))
    members_only = models.BooleanField(default=True)
    is_published = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name='events_created',
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ['starts_at']

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse('events:detail', args=[self.slug])

    @property
    def is_free(self):
        return self.price == 0

    def places_taken(self):
        total = self.bookings.exclude(status=Booking.Status.CANCELLED).aggregate(total=Sum('places'))['total']
        return total or 0

    def places_left(self):
        if not self.capacity:
            return None
        return max(self.capacity - self.places_taken(), 0)


class Booking(models.Model):
    class Status(models.TextChoices):
        PENDING = 'pending', 'Awaiting payment'
        CONFIRMED = 'confirmed', 'Confirmed'
        CANCELLED = 'cancelled', 'Cancelled'

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name='bookings')
    member = models.ForeignKey('members.Member', on_delete=models.CASCADE, related_name='bookings')
    places = models.PositiveSmallIntegerField(default=1)
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    dietary_requirements = models.CharField(max_length=200, blank=True)
    payment_intent_id = models.CharField(max_length=100, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ['-created_at']

    def __str__(self):
        return f'{self.member} – {self.event}'

    def confirm(self):
        self.status = self.Status.CONFIRMED
        self.save(update_fields=['status', 'updated_at'])


class Payment(models.Model):
    """A payment notification received from the payment provider."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name='payments')
    provider_reference = models.CharField(max_length=100, unique=True)
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    currency = models.CharField(max_length=3, default='gbp')
    status = models.CharField(max_length=30)
    payload = models.JSONField(default=dict)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ['-received_at']

    def __str__(self):
        return f'{self.provider_reference} ({self.status})'
