from django.urls import path

from . import views

app_name = 'documents'

urlpatterns = [
    path('', views.document_list, name='list'),
    path('upload/', views.upload_document, name='upload'),
    path('search/', views.search_documents, name='search'),
    path('<int:pk>/download/', views.download_document, name='download'),
]
