"""The member directory: membership tiers and member profiles."""
import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse


class MembershipTier(models.Model):
    """A class of membership, e.g. *Full*, *Junior* or *Social*."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    annual_fee = models.DecimalField(max_digits=8, decimal_places=2)
    description = models.TextField(blank=True)
    can_book_events = models.BooleanField(default=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ['-annual_fee', 'name']

    def __str__(self):
        return self.name


class Member(models.Model):
    """A club member. Not every member has a user account."""

    class Status(models.TextChoices):
        PENDING = 'pending', 'Pending approval'
        ACTIVE = 'active', 'Active'
        LAPSED = 'lapsed', 'Lapsed'
        SUSPENDED = 'suspended', 'Suspended'

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name='member',
    )
    membership_number = models.CharField(
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        help_text='Assigned by the membership secretary once dues are paid.',
    )
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    email = models.EmailField()
    phone = models.CharField(max_length=32, blank=True)
    city = models.CharField(max_length=80, blank=True)
    bio = models.TextField(blank=True, help_text='A few lines about yourself for the directory.')
    tier = models.ForeignKey(
        MembershipTier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name='members',
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    joined_on = models.DateField(default=datetime.date.today)
    renewal_due = models.DateField(null=True, blank=True)
    show_in_directory = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ['last_name', 'first_name']
        indexes = [models.Index(fields=['last_name', 'first_name'])]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse('members:detail', args=[self.pk])

    @property
    def full_name(self):
        return f'{self.first_name} {self.last_name}'.strip()

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE

    @property
    def renewal_overdue(self):
        return self.renewal_due is not None and self.renewal_due < datetime.date.today()
