"""Template context shared by every page."""
from django.conf import settings


def club(request):
    """Expose the club's display name to templates."""
    return {'club_name': settings.CLUBDESK_NAME}
