"""Member directory, profiles, search and export."""
import csv

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.generic import ListView

from .forms import MemberProfileForm, MemberSearchForm
from .models import Member


class MemberListView(LoginRequiredMixin, ListView):
    """The member directory, visible to signed-in members."""

    model = Member
    template_name = 'members/member_list.html'
    context_object_name = 'members'
    paginate_by = 50

    def get_queryset(self):
        return Member.objects.filter(
            show_in_directory=True,
            status=Member.Status.ACTIVE,
        ).select_related('tier')


@login_required
def member_detail(request, pk):
    member = get_object_or_404(Member.objects.select_related('tier', 'user'), pk=pk)
    if not member.show_in_directory and not request.user.is_staff:
        messages.info(request, 'This member has chosen not to appear in the directory.')
        return redirect('members:directory')
    return render(request, 'members/member_detail.html', {'member': member})


@login_required
def member_search(request):
    form = MemberSearchForm(request.GET or None)
    results = Member.objects.none()
    if form.is_valid():
        results = Member.objects.filter(show_in_directory=True).select_related('tier')
        query = form.cleaned_data['q']
        if query:
            results = results.filter(
                Q(first_name__icontains=query)
                | Q(last_name__icontains=query)
                | Q(email__icontains=query)
                | Q(city__icontains=query)
            )
        if form.cleaned_data['tier']:
            results = results.filter(tier=form.cleaned_data['tier'])
        if form.cleaned_data['status']:
            results = results.filter(status=form.cleaned_data['status'])
        results = results[:100]
    return render(request, 'members/member_search.html', {'form': form, 'results': results})


@login_required
def edit_profile(request):
    member = get_object_or_404(Member, user=request.user)
    form = MemberProfileForm(request.POST or None, instance=member)
    if request.method == 'POST' and form.is_valid():
        form.save()
        messages.success(request, 'Your profile has been updated.')
        return redirect(member.get_absolute_url())
    return render(request, 'members/profile_form.html', {'form': form, 'member': member})


@staff_member_required
def export_members(request):
    """Download the full membership list as CSV for the treasurer."""
    response = HttpResponse(content_type='text/csv')
    filename = f'members-{timezone.localdate():%Y-%m-%d}.csv'
    response['Content-Disposition'] = f'attachment; filename="{filename}"'

    writer = csv.writer(response)
    writer.writerow([
        'Membership number', 'First name', 'Last name', 'Email', 'Phone',
        'Tier', 'Annual fee', 'Status', 'Joined', 'Renewal due',
    ])
    for member in Member.objects.select_related('tier').iterator(chunk_size=500):
        writer.writerow([
            member.membership_number or '',
            member.first_name,
            member.last_name,
            member.email,
            member.phone,
            member.tier.name if member.tier_id else '',
            member.tier.annual_fee if member.tier_id else '',
            member.get_status_display(),
            member.joined_on.isoformat(),
            member.renewal_due.isoformat() if member.renewal_due else '',
        ])
    return response
