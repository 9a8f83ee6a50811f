from django.urls import path

from guides import views

app_name = "guides"

urlpatterns = [
    path("", views.GuideListView.as_view(), name="list"),
    path("<slug:slug>/", views.GuideDetailView.as_view(), name="detail"),
    path("<slug:slug>/shelve/", views.GuideShelveView.as_view(), name="shelve"),
]
