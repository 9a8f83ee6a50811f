from django.urls import path

from reviews import views

app_name = "readers"

urlpatterns = [
    path("<str:username>/", views.ReaderProfileView.as_view(), name="profile"),
]
