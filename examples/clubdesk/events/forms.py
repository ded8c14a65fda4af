from django import forms

from .models import Booking


class BookingForm(forms.ModelForm):
    class Meta:
        model = Booking
        fields = ['places', 'dietary_requirements']
        widgets = {
            'places': forms.NumberInput(attrs={'min': 1, 'max': 10}),
        }

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event

    def clean_places(self):
        places = self.cleaned_data['places']
        if places < 1:
            raise forms.ValidationError('Book at least one place.')
        left = self.event.places_left() if self.event else None
        if left is not None and places > left:
            raise forms.ValidationError(f'Only {left} place(s) left for this event.')
        return places
