from django.contrib import admin

from .models import Document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ['title', 'category', 'visibility', 'uploaded_by', 'download_count', 'created_at']
    list_filter = ['category', 'visibility']
    search_fields = ['title', 'description']
    readonly_fields = ['download_count', 'uploaded_by']

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
