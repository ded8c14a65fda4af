from decimal import Decimal

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from .models import Member, MembershipTier

User = get_user_model()


class MemberTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.full = MembershipTier.objects.create(name='Full', slug='full', annual_fee=Decimal('240.00'))
        cls.junior = MembershipTier.objects.create(name='Junior', slug='junior', annual_fee=Decimal('60.00'))
        cls.user = User.objects.create_user(username='ada', email='ada@example.org', password='x')
        cls.member = Member.objects.create(
            user=cls.user, first_name='Ada', last_name='Lovelace', email='ada@example.org',
            city='London', tier=cls.full, status=Member.Status.ACTIVE,
        )
        cls.staff = User.objects.create_user(username='sec', email='sec@example.org', password='x', is_staff=True)

    def setUp(self):
        self.client.force_login(self.user)


class DirectoryTests(MemberTestCase):
    def test_directory_requires_sign_in(self):
        self.client.logout()
        response = self.client.get(reverse('members:directory'))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse('accounts:login'), response['Location'])

    def test_directory_is_paginated(self):
        Member.objects.bulk_create([
            Member(first_name=f'Rower{i:02d}', last_name='Smith', email=f'r{i}@example.org',
                   membership_number=f'RRC-{i:04d}', status=Member.Status.ACTIVE, tier=self.junior)
            for i in range(60)
        ])
        response = self.client.get(reverse('members:directory'))
        self.assertEqual(len(response.context['members']), 50)
        self.assertTrue(response.context['is_paginated'])
        response = self.client.get(reverse('members:directory'), {'page': 2})
        self.assertEqual(len(response.context['members']), 11)

    def test_directory_hides_members_who_opted_out(self):
        Member.objects.create(first_name='Hidden', last_name='Person', email='h@example.org',
                              status=Member.Status.ACTIVE, show_in_directory=False)
        response = self.client.get(reverse('members:directory'))
        self.assertContains(response, 'Lovelace')
        self.assertNotContains(response, 'Hidden Person')


class MemberDetailTests(MemberTestCase):
    def test_unknown_member_is_404(self):
        response = self.client.get(reverse('members:detail', args=[999999]))
        self.assertEqual(response.status_code, 404)

    def test_bio_is_escaped(self):
        self.member.bio = '<script>alert("hi")</script>Cox for the women\'s eight.'
        self.member.save()
        response = self.client.get(self.member.get_absolute_url())
        self.assertNotContains(response, '<script>alert')
        self.assertContains(response, '&lt;script&gt;')

    def test_hidden_profile_redirects_non_staff(self):
        hidden = Member.objects.create(first_name='Quiet', last_name='One', email='q@example.org',
                                       show_in_directory=False)
        response = self.client.get(hidden.get_absolute_url())
        self.assertRedirects(response, reverse('members:directory'), fetch_redirect_response=False)
        self.client.force_login(self.staff)
        self.assertEqual(self.client.get(hidden.get_absolute_url()).status_code, 200)


class SearchTests(MemberTestCase):
    def test_search_by_city_and_tier(self):
        Member.objects.create(first_name='Charles', last_name='Babbage', email='cb@example.org',
                              city='London', tier=self.junior)
        response = self.client.get(reverse('members:search'), {'q': 'london', 'tier': self.full.pk})
        self.assertEqual(list(response.context['results']), [self.member])


class ProfileTests(MemberTestCase):
    def test_member_can_edit_own_profile(self):
        response = self.client.post(reverse('members:edit_profile'), {
            'first_name': 'Ada', 'last_name': 'Lovelace', 'email': 'ada@example.org',
            'phone': '', 'city': 'Cambridge', 'bio': 'Analyst.', 'show_in_directory': 'on',
        })
        self.assertRedirects(response, self.member.get_absolute_url(), fetch_redirect_response=False)
        self.member.refresh_from_db()
        self.assertEqual(self.member.city, 'Cambridge')

    def test_user_without_member_record_gets_404(self):
        self.client.force_login(self.staff)
        self.assertEqual(self.client.get(reverse('members:edit_profile')).status_code, 404)


class ExportTests(MemberTestCase):
    def test_export_requires_staff(self):
        response = self.client.get(reverse('members:export'))
        self.assertEqual(response.status_code, 302)

    def test_export_uses_a_constant_number_of_queries(self):
        Member.objects.bulk_create([
            Member(first_name=f'M{i}', last_name='Jones', email=f'm{i}@example.org',
                   membership_number=f'RRC-{i:04d}', tier=self.junior if i % 2 else self.full)
            for i in range(25)
        ])
        self.client.force_login(self.staff)
        # session, user, members-with-tiers
        with self.assertNumQueries(3):
            response = self.client.get(reverse('members:export'))
        rows = response.content.decode().strip().splitlines()
        self.assertEqual(len(rows), 1 + 26)
        self.assertIn('Junior', response.content.decode())
