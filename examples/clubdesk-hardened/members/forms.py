from django import forms

from .models import Member, MembershipTier


class MemberProfileForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ['first_name', 'last_name', 'email', 'phone', 'city', 'bio', 'show_in_directory']
        widgets = {
            'bio': forms.Textarea(attrs={'rows': 6}),
        }


class MemberSearchForm(forms.Form):
    q = forms.CharField(label='Name, email or city', max_length=100, required=False)
    tier = forms.ModelChoiceField(
        queryset=MembershipTier.objects.filter(is_active=True),
        required=False,
        empty_label='Any tier',
    )
    status = forms.ChoiceField(
        choices=[('', 'Any status')] + list(Member.Status.choices),
        required=False,
    )
