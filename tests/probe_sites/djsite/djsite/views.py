"""The home page: uses the session and renders a form, so that Django sets
both the sessionid and csrftoken cookies (what a real site's home does)."""
from django.shortcuts import render


def home(request):
    request.session["visits"] = request.session.get("visits", 0) + 1
    return render(request, "home.html", {"visits": request.session["visits"]})
