"""Sign-in, sign-out, registration and account settings."""
import logging

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from members.models import Member

from . import lockout
from .forms import AccountSettingsForm, LoginForm, RegistrationForm

logger = logging.getLogger(__name__)


def login_view(request):
    """Sign a member in with their email address and password."""
    if request.user.is_authenticated:
        return redirect('members:directory')

    next_url = request.POST.get('next') or request.GET.get('next') or ''
    form = LoginForm(request.POST or None)
    if request.method == 'POST' and form.is_valid():
        email = form.cleaned_data['email']
        if lockout.is_locked_out(request, email):
            logger.warning('Sign-in refused for a locked-out account from %s', request.META.get('REMOTE_ADDR'))
            form.add_error(None, 'Too many failed attempts. Please wait a few minutes and try again.')
            return render(request, 'accounts/login.html', {'form': form, 'next': next_url}, status=429)

        user = authenticate(request, email=email, password=form.cleaned_data['password'])
        if user is None:
            lockout.register_failure(request, email)
            form.add_error(None, 'That email and password combination is not recognised.')
        else:
            lockout.reset(email)
            login(request, user)
            if not form.cleaned_data['remember_me']:
                request.session.set_expiry(0)
            messages.success(request, f'Welcome back, {user.first_name or user.email}.')
            if url_has_allowed_host_and_scheme(
                next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure(),
            ):
                return redirect(next_url)
            return redirect('members:directory')

    return render(request, 'accounts/login.html', {'form': form, 'next': next_url})


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, 'You have been signed out.')
    return redirect('home')


def register(request):
    """Create a user account and the matching member record."""
    if request.user.is_authenticated:
        return redirect('members:directory')

    form = RegistrationForm(request.POST or None)
    if request.method == 'POST' and form.is_valid():
        with transaction.atomic():
            user = form.save()
            member = Member.objects.filter(
                membership_number=form.cleaned_data['membership_number'] or None,
                user__isnull=True,
            ).first()
            if member is None:
                member = Member(
                    first_name=user.first_name,
                    last_name=user.last_name,
                    email=user.email,
                    phone=user.phone,
                )
            member.user = user
            member.save()
        login(request, user, backend='accounts.backends.EmailBackend')
        messages.success(request, 'Your account has been created.')
        return redirect('members:edit_profile')

    return render(request, 'accounts/register.html', {'form': form})


@login_required
def account_settings(request):
    form = AccountSettingsForm(request.POST or None, instance=request.user)
    if request.method == 'POST' and form.is_valid():
        form.save()
        messages.success(request, 'Your account settings have been saved.')
        return redirect('accounts:settings')
    return render(request, 'accounts/settings.html', {'form': form})
