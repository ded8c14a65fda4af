from django.urls import path

from . import views

app_name = 'members'

urlpatterns = [
    path('', views.MemberListView.as_view(), name='directory'),
    path('search/', views.member_search, name='search'),
    path('profile/', views.edit_profile, name='edit_profile'),
    path('export.csv', views.export_members, name='export'),
    path('<int:pk>/', views.member_detail, name='detail'),
]
