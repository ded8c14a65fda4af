"""Shared club documents: minutes, policies, newsletters and forms."""
import os

from django.conf import settings
from django.db import models
from django.urls import reverse


def document_upload_to(instance, filename):
    return f'documents/{instance.category}/{filename}'


class Document(models.Model):
    class Category(models.TextChoices):
        MINUTES = 'minutes', 'Meeting minutes'
        POLICY = 'policy', 'Policies'
        NEWSLETTER = 'newsletter', 'Newsletters'
        FORM = 'form', 'Forms'
        OTHER = 'other', 'Other'

    class Visibility(models.TextChoices):
        MEMBERS = 'members', 'All members'
        COMMITTEE = 'committee', 'Committee only'

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.OTHER)
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.MEMBERS)
    file = models.FileField(upload_to=document_upload_to)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name='documents',
    )
    download_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ['-created_at']

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse('documents:download', args=[self.pk])

    @property
    def filename(self):
        return os.path.basename(self.file.name)

    def visible_to(self, user):
        if self.visibility == self.Visibility.COMMITTEE:
            return user.is_staff
        return user.is_authenticated
