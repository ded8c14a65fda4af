import os

from django import forms
from django.conf import settings

from .models import Document


class DocumentUploadForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ['title', 'description', 'category', 'visibility', 'file']
        widgets = {
            'description': forms.Textarea(attrs={'rows': 3}),
        }

    def clean_file(self):
        upload = self.cleaned_data['file']
        extension = os.path.splitext(upload.name)[1].lower()
        if extension not in settings.DOCUMENT_ALLOWED_EXTENSIONS:
            raise forms.ValidationError(
                'Unsupported file type. Allowed: %s' % ', '.join(settings.DOCUMENT_ALLOWED_EXTENSIONS)
            )
        return upload


class DocumentSearchForm(forms.Form):
    q = forms.CharField(label='Search documents', max_length=100)
