"""
URL configuration for the clubdesk project.

Each app owns its own ``urls.py``; they are mounted here under a prefix.
The admin lives at ``settings.ADMIN_URL`` rather than the well-known
``admin/``.
"""
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from . import views

admin.site.site_header = 'ClubDesk administration'
admin.site.site_title = 'ClubDesk'

urlpatterns = [
    path('', TemplateView.as_view(template_name='home.html'), name='home'),
    path('health/', views.health, name='health'),
    path(settings.ADMIN_URL, admin.site.urls),
    path('accounts/', include('accounts.urls')),
    path('members/', include('members.urls')),
    path('events/', include('events.urls')),
    path('documents/', include('documents.urls')),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
