from django.contrib import admin

from .models import Booking, Event, Payment, Venue


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ['name', 'postcode', 'capacity']
    search_fields = ['name', 'postcode']


class BookingInline(admin.TabularInline):
    model = Booking
    extra = 0
    fields = ['member', 'places', 'amount', 'status']
    raw_id_fields = ['member']


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ['title', 'venue', 'starts_at', 'price', 'capacity', 'is_published']
    list_filter = ['is_published', 'members_only', 'venue']
    search_fields = ['title', 'summary']
    prepopulated_fields = {'slug': ['title']}
    date_hierarchy = 'starts_at'
    inlines = [BookingInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ['event', 'member', 'places', 'amount', 'status', 'created_at']
    list_filter = ['status', 'event']
    search_fields = ['member__first_name', 'member__last_name', 'payment_intent_id']
    raw_id_fields = ['member']


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ['provider_reference', 'booking', 'amount', 'currency', 'status', 'received_at']
    list_filter = ['status', 'currency']
    readonly_fields = ['payload']
