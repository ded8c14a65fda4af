from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ['email', 'first_name', 'last_name', 'is_staff', 'email_verified', 'last_login']
    list_filter = BaseUserAdmin.list_filter + ('email_verified', 'marketing_opt_in')
    search_fields = ['email', 'first_name', 'last_name', 'username']
    ordering = ['last_name', 'first_name']
    fieldsets = BaseUserAdmin.fieldsets + (
        ('Club', {'fields': ('phone', 'email_verified', 'marketing_opt_in')}),
    )
