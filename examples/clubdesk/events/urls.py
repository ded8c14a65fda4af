from django.urls import path

from . import views

app_name = 'events'

urlpatterns = [
    path('', views.EventListView.as_view(), name='list'),
    path('bookings/', views.my_bookings, name='my_bookings'),
    path('bookings/<int:pk>/cancel/', views.cancel_booking, name='cancel_booking'),
    path('payments/webhook/', views.payment_webhook, name='payment_webhook'),
    path('<slug:slug>/', views.event_detail, name='detail'),
    path('<slug:slug>/book/', views.book_event, name='book'),
]
