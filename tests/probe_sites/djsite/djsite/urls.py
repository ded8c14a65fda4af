from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
]

if settings.SERVE_PROJECT_FILES:
    # The mistake the probe must catch: project files and uploads served as-is.
    urlpatterns += [
        re_path(r"^(?P<path>\.env)$", serve, {"document_root": settings.BASE_DIR}),
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT, "show_indexes": True}),
    ]
