from django.contrib.auth import authenticate, get_user_model
from django.core.cache import cache
from django.test import RequestFactory, TestCase, override_settings
from django.urls import reverse

from members.models import Member

User = get_user_model()

PASSWORD = 'correct horse battery staple'


class EmailBackendTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = User.objects.create_user(username='ada', email='ada@example.org', password=PASSWORD)

    def test_authenticates_with_email_case_insensitively(self):
        request = RequestFactory().post('/accounts/login/')
        self.assertEqual(authenticate(request, email='ADA@Example.org', password=PASSWORD), self.user)

    def test_rejects_wrong_password_and_unknown_email(self):
        self.assertIsNone(authenticate(None, email='ada@example.org', password='wrong'))
        self.assertIsNone(authenticate(None, email='nobody@example.org', password=PASSWORD))

    def test_inactive_users_cannot_sign_in(self):
        self.user.is_active = False
        self.user.save()
        self.assertIsNone(authenticate(None, email='ada@example.org', password=PASSWORD))


class LoginViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = User.objects.create_user(username='ada', email='ada@example.org', password=PASSWORD)

    def setUp(self):
        cache.clear()

    def login(self, password, email='ada@example.org', **extra):
        return self.client.post(reverse('accounts:login'), {'email': email, 'password': password}, **extra)

    def test_successful_sign_in_redirects_to_directory(self):
        response = self.login(PASSWORD)
        self.assertRedirects(response, reverse('members:directory'), fetch_redirect_response=False)
        self.assertEqual(int(self.client.session['_auth_user_id']), self.user.pk)

    def test_wrong_password_is_rejected(self):
        response = self.login('wrong')
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'not recognised')
        self.assertNotIn('_auth_user_id', self.client.session)

    def test_external_next_url_is_ignored(self):
        response = self.client.post(
            reverse('accounts:login'),
            {'email': 'ada@example.org', 'password': PASSWORD, 'next': 'https://evil.example/'},
        )
        self.assertRedirects(response, reverse('members:directory'), fetch_redirect_response=False)

    @override_settings(LOGIN_FAILURE_LIMIT=3)
    def test_account_is_locked_after_repeated_failures(self):
        for _ in range(3):
            self.login('wrong')
        response = self.login(PASSWORD)
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, 'Too many failed attempts', status_code=429)
        self.assertNotIn('_auth_user_id', self.client.session)

    @override_settings(LOGIN_FAILURE_LIMIT=100, LOGIN_IP_FAILURE_LIMIT=4)
    def test_client_ip_is_locked_after_failures_across_accounts(self):
        for index in range(4):
            self.login('wrong', email=f'guess{index}@example.org', REMOTE_ADDR='203.0.113.7')
        response = self.login(PASSWORD, REMOTE_ADDR='203.0.113.7')
        self.assertEqual(response.status_code, 429)
        response = self.login(PASSWORD, REMOTE_ADDR='198.51.100.2')
        self.assertEqual(response.status_code, 302)

    @override_settings(LOGIN_FAILURE_LIMIT=3)
    def test_successful_sign_in_resets_the_failure_count(self):
        self.login('wrong')
        self.login('wrong')
        self.assertEqual(self.login(PASSWORD).status_code, 302)
        self.client.logout()
        self.login('wrong')
        self.login('wrong')
        self.assertEqual(self.login(PASSWORD).status_code, 302)

    def test_logout_requires_post(self):
        self.client.force_login(self.user)
        self.assertEqual(self.client.get(reverse('accounts:logout')).status_code, 405)
        response = self.client.post(reverse('accounts:logout'))
        self.assertRedirects(response, reverse('home'), fetch_redirect_response=False)


class RegistrationTests(TestCase):
    def registration_data(self, **overrides):
        data = {
            'first_name': 'Grace',
            'last_name': 'Hopper',
            'email': 'Grace@Example.org',
            'phone': '',
            'password1': 'flow-matic compiler 1959',
            'password2': 'flow-matic compiler 1959',
        }
        data.update(overrides)
        return data

    def test_registration_creates_user_and_member(self):
        response = self.client.post(reverse('accounts:register'), self.registration_data())
        self.assertRedirects(response, reverse('members:edit_profile'), fetch_redirect_response=False)
        user = User.objects.get(email='grace@example.org')
        self.assertTrue(Member.objects.filter(user=user, last_name='Hopper').exists())

    def test_registration_links_existing_member_record(self):
        member = Member.objects.create(
            first_name='Alan', last_name='Turing', email='alan@example.org', membership_number='RRC-0042',
        )
        self.client.post(reverse('accounts:register'), self.registration_data(
            first_name='Alan', last_name='Turing', email='alan@example.org', membership_number='RRC-0042',
        ))
        member.refresh_from_db()
        self.assertEqual(member.user.email, 'alan@example.org')

    def test_weak_password_is_rejected(self):
        response = self.client.post(
            reverse('accounts:register'),
            self.registration_data(password1='password', password2='password'),
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(User.objects.filter(email='grace@example.org').exists())
        self.assertTrue(response.context['form'].has_error('password1'))

    def test_duplicate_email_is_rejected(self):
        User.objects.create_user(username='grace', email='grace@example.org', password=PASSWORD)
        response = self.client.post(reverse('accounts:register'), self.registration_data())
        self.assertTrue(response.context['form'].has_error('email'))

    def test_mismatched_passwords_are_rejected(self):
        response = self.client.post(
            reverse('accounts:register'),
            self.registration_data(password2='something else entirely'),
        )
        self.assertTrue(response.context['form'].has_error('password2'))
