from django.contrib import admin

from .models import Member, MembershipTier


@admin.register(MembershipTier)
class MembershipTierAdmin(admin.ModelAdmin):
    list_display = ['name', 'annual_fee', 'can_book_events', 'is_active']
    prepopulated_fields = {'slug': ['name']}


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ['full_name', 'membership_number', 'email', 'tier', 'status', 'renewal_due']
    list_filter = ['status', 'tier', 'show_in_directory']
    search_fields = ['first_name', 'last_name', 'email', 'membership_number']
    raw_id_fields = ['user']
    date_hierarchy = 'joined_on'
    actions = ['mark_active', 'mark_lapsed']

    @admin.action(description='Mark selected members as active')
    def mark_active(self, request, queryset):
        updated = queryset.update(status=Member.Status.ACTIVE)
        self.message_user(request, f'{updated} member(s) marked as active.')

    @admin.action(description='Mark selected members as lapsed')
    def mark_lapsed(self, request, queryset):
        updated = queryset.update(status=Member.Status.LAPSED)
        self.message_user(request, f'{updated} member(s) marked as lapsed.')
