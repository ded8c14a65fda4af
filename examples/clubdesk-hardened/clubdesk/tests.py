from unittest import mock

from django.db.utils import OperationalError
from django.test import TestCase, override_settings
from django.urls import reverse


class HealthCheckTests(TestCase):
    def test_healthy(self):
        response = self.client.get(reverse('health'))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {'status': 'ok', 'checks': {'database': 'ok', 'cache': 'ok'}})
        self.assertIn('no-cache', response['Cache-Control'])

    def test_database_outage_returns_503(self):
        with mock.patch('clubdesk.views.connection.ensure_connection', side_effect=OperationalError):
            response = self.client.get(reverse('health'))
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()['checks']['database'], 'unavailable')


class SiteTests(TestCase):
    def test_home_page_renders(self):
        response = self.client.get(reverse('home'))
        self.assertContains(response, 'Riverside Rowing Club')

    def test_admin_is_not_at_the_default_path(self):
        self.assertEqual(self.client.get('/admin/').status_code, 404)
        self.assertEqual(reverse('admin:index'), '/test-admin/')

    def test_clickjacking_header_is_set(self):
        response = self.client.get(reverse('home'))
        self.assertEqual(response['X-Frame-Options'], 'DENY')

    @override_settings(DEBUG=False)
    def test_media_is_not_served_by_django(self):
        self.assertEqual(self.client.get('/media/documents/minutes/anything.pdf').status_code, 404)
