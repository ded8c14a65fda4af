from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from members.models import Member

User = get_user_model()


class EmailBackendTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = User.objects.create_user(
            username='ada', email='ada@example.org', password='correct horse battery staple',
        )

    def test_authenticates_with_email_case_insensitively(self):
        response = self.client.post(reverse('accounts:login'), {
            'email': 'ADA@example.org',
            'password': 'correct horse battery staple',
        })
        self.assertRedirects(response, reverse('members:directory'), fetch_redirect_response=False)
        self.assertEqual(int(self.client.session['_auth_user_id']), self.user.pk)

    def test_wrong_password_is_rejected(self):
        response = self.client.post(reverse('accounts:login'), {
            'email': 'ada@example.org',
            'password': 'wrong',
        })
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'not recognised')
        self.assertNotIn('_auth_user_id', self.client.session)


class RegistrationTests(TestCase):
    def test_registration_creates_user_and_member(self):
        response = self.client.post(reverse('accounts:register'), {
            'first_name': 'Grace',
            'last_name': 'Hopper',
            'email': 'Grace@Example.org',
            'phone': '',
            'password1': 'cobol-1959',
            'password2': 'cobol-1959',
        })
        self.assertRedirects(response, reverse('members:edit_profile'), fetch_redirect_response=False)
        user = User.objects.get(email='grace@example.org')
        self.assertTrue(Member.objects.filter(user=user, last_name='Hopper').exists())

    def test_registration_links_existing_member_record(self):
        member = Member.objects.create(
            first_name='Alan', last_name='Turing', email='alan@example.org', membership_number='RRC-0042',
        )
        self.client.post(reverse('accounts:register'), {
            'first_name': 'Alan',
            'last_name': 'Turing',
            'email': 'alan@example.org',
            'membership_number': 'RRC-0042',
            'password1': 'enigma-1940',
            'password2': 'enigma-1940',
        })
        member.refresh_from_db()
        self.assertEqual(member.user.email, 'alan@example.org')
