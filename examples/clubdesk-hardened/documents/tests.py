from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse

from .models import Document

User = get_user_model()


def pdf(name='minutes.pdf', size=128):
    return SimpleUploadedFile(name, b'%PDF-1.4\n' + b'0' * size, content_type='application/pdf')


class DocumentTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.member = User.objects.create_user(username='ada', email='ada@example.org', password='x')
        cls.secretary = User.objects.create_user(
            username='sec', email='sec@example.org', password='x', is_staff=True,
        )
        cls.secretary.user_permissions.add(Permission.objects.get(codename='add_document'))

    def create_document(self, title, visibility=Document.Visibility.MEMBERS, description=''):
        return Document.objects.create(
            title=title, description=description, visibility=visibility,
            category=Document.Category.MINUTES, file=pdf(), uploaded_by=self.secretary,
        )


class UploadTests(DocumentTestCase):
    def post_upload(self, upload):
        return self.client.post(reverse('documents:upload'), {
            'title': 'AGM minutes', 'description': '', 'category': 'minutes',
            'visibility': 'members', 'file': upload,
        })

    def test_members_without_permission_cannot_upload(self):
        self.client.force_login(self.member)
        self.assertEqual(self.post_upload(pdf()).status_code, 403)

    def test_secretary_can_upload_a_pdf(self):
        self.client.force_login(self.secretary)
        response = self.post_upload(pdf())
        self.assertRedirects(response, reverse('documents:list'), fetch_redirect_response=False)
        document = Document.objects.get()
        self.assertEqual(document.uploaded_by, self.secretary)
        self.assertTrue(document.file.name.startswith('documents/minutes/'))

    def test_disallowed_extension_is_rejected(self):
        self.client.force_login(self.secretary)
        upload = SimpleUploadedFile('payload.html', b'<script></script>', content_type='text/html')
        response = self.post_upload(upload)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context['form'].has_error('file', 'invalid_extension'))
        self.assertFalse(Document.objects.exists())

    @override_settings(DOCUMENT_MAX_UPLOAD_BYTES=1024)
    def test_oversized_file_is_rejected(self):
        self.client.force_login(self.secretary)
        response = self.post_upload(pdf(size=4096))
        self.assertTrue(response.context['form'].has_error('file', 'file_too_large'))
        self.assertFalse(Document.objects.exists())


class DownloadTests(DocumentTestCase):
    def test_member_can_download_and_count_is_incremented(self):
        document = self.create_document('Safeguarding policy')
        self.client.force_login(self.member)
        response = self.client.get(document.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        self.assertIn('attachment', response['Content-Disposition'])
        document.refresh_from_db()
        self.assertEqual(document.download_count, 1)

    def test_committee_documents_are_hidden_from_members(self):
        document = self.create_document('Disciplinary notes', visibility=Document.Visibility.COMMITTEE)
        self.client.force_login(self.member)
        self.assertEqual(self.client.get(document.get_absolute_url()).status_code, 404)
        self.client.force_login(self.secretary)
        self.assertEqual(self.client.get(document.get_absolute_url()).status_code, 200)


class ListAndSearchTests(DocumentTestCase):
    def test_list_is_paginated_and_filtered_by_visibility(self):
        for index in range(30):
            self.create_document(f'Newsletter {index}')
        self.create_document('Committee budget', visibility=Document.Visibility.COMMITTEE)
        self.client.force_login(self.member)
        response = self.client.get(reverse('documents:list'))
        self.assertEqual(len(response.context['documents']), 25)
        self.assertEqual(response.context['page_obj'].paginator.count, 30)

    def test_search_matches_title_and_description(self):
        self.create_document('AGM minutes 2024', description='Election of the captain')
        self.create_document('Boat booking form')
        self.client.force_login(self.member)
        response = self.client.get(reverse('documents:search'), {'q': 'captain'})
        self.assertEqual([r['title'] for r in response.context['results']], ['AGM minutes 2024'])

    def test_search_treats_quotes_as_text(self):
        self.create_document("Captain's report")
        self.client.force_login(self.member)
        response = self.client.get(reverse('documents:search'), {'q': "' OR '1'='1"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context['results'], [])
        response = self.client.get(reverse('documents:search'), {'q': "Captain's"})
        self.assertEqual(len(response.context['results']), 1)

    def test_search_respects_visibility(self):
        self.create_document('Committee minutes', visibility=Document.Visibility.COMMITTEE)
        self.client.force_login(self.member)
        response = self.client.get(reverse('documents:search'), {'q': 'minutes'})
        self.assertEqual(response.context['results'], [])
        self.client.force_login(self.secretary)
        response = self.client.get(reverse('documents:search'), {'q': 'minutes'})
        self.assertEqual(len(response.context['results']), 1)
