from django import forms

from .models import Document


class DocumentUploadForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ['title', 'description', 'category', 'visibility', 'file']
        widgets = {
            'description': forms.Textarea(attrs={'rows': 3}),
        }


class DocumentSearchForm(forms.Form):
    q = forms.CharField(label='Search documents', max_length=100)
