"""Listing, uploading, downloading and searching club documents."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render

from .forms import DocumentSearchForm, DocumentUploadForm
from .models import Document

SEARCH_SQL = """
    SELECT id, title, category, created_at
    FROM documents_document
    WHERE (title LIKE %s OR description LIKE %s)
      AND (%s OR visibility = %s)
    ORDER BY created_at DESC
    LIMIT 50
"""


def _visible_documents(user):
    documents = Document.objects.all()
    if not user.is_staff:
        documents = documents.filter(visibility=Document.Visibility.MEMBERS)
    return documents


@login_required
def document_list(request):
    category = request.GET.get('category')
    documents = _visible_documents(request.user)
    if category in Document.Category.values:
        documents = documents.filter(category=category)
    page = Paginator(documents, 25).get_page(request.GET.get('page'))
    return render(request, 'documents/document_list.html', {
        'documents': page,
        'page_obj': page,
        'categories': Document.Category.choices,
        'current_category': category,
    })


@login_required
@permission_required('documents.add_document', raise_exception=True)
def upload_document(request):
    form = DocumentUploadForm(request.POST or None, request.FILES or None)
    if request.method == 'POST' and form.is_valid():
        document = form.save(commit=False)
        document.uploaded_by = request.user
        document.save()
        messages.success(request, f'"{document.title}" has been uploaded.')
        return redirect('documents:list')
    return render(request, 'documents/upload.html', {'form': form})


@login_required
def download_document(request, pk):
    document = get_object_or_404(Document, pk=pk)
    if not document.visible_to(request.user):
        raise Http404('No such document')
    Document.objects.filter(pk=pk).update(download_count=F('download_count') + 1)
    return FileResponse(document.file.open('rb'), as_attachment=True, filename=document.filename)


@login_required
def search_documents(request):
    """Full-text-ish search over document titles and descriptions."""
    form = DocumentSearchForm(request.GET or None)
    results = []
    if form.is_valid():
        pattern = f"%{form.cleaned_data['q']}%"
        with connection.cursor() as cursor:
            cursor.execute(SEARCH_SQL, [pattern, pattern, request.user.is_staff, Document.Visibility.MEMBERS])
            columns = [col[0] for col in cursor.description]
            results = [dict(zip(columns, row)) for row in cursor.fetchall()]
    return render(request, 'documents/search.html', {'form': form, 'results': results})
