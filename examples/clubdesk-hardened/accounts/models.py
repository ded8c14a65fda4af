"""User accounts for ClubDesk."""
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class ClubUserManager(UserManager):
    """Manager that normalises email addresses on the way in."""

    def get_by_natural_key(self, username):
        return self.get(**{f'{self.model.USERNAME_FIELD}__iexact': username})


class User(AbstractUser):
    """A person who can sign in to ClubDesk.

    Members sign in with their email address; ``username`` is kept because
    the admin and a few older scripts still rely on it.
    """

    email = models.EmailField(_('email address'), unique=True)
    phone = models.CharField(_('phone number'), max_length=32, blank=True)
    email_verified = models.BooleanField(_('email verified'), default=False)
    marketing_opt_in = models.BooleanField(
        _('receives newsletters'),
        default=False,
        help_text=_('Whether the club may send this person its newsletter.'),
    )

    objects = ClubUserManager()

    REQUIRED_FIELDS = ['email']

    class Meta(AbstractUser.Meta):
        swappable = 'AUTH_USER_MODEL'
        ordering = ['last_name', 'first_name']

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def is_committee(self):
        """Committee members are staff users in the ``Committee`` group."""
        return self.is_staff and self.groups.filter(name='Committee').exists()
