from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.BookListView.as_view(), name="list"),
    path("<slug:slug>/", views.BookDetailView.as_view(), name="detail"),
    path("<slug:slug>/review/", views.ReviewFormView.as_view(), name="review"),
    path("<slug:slug>/rate/", views.RateView.as_view(), name="rate"),
    path("<slug:slug>/shelve/", views.ShelveView.as_view(), name="shelve"),
    path("<slug:slug>/progress/", views.ProgressView.as_view(), name="progress"),
    path(
        "<slug:slug>/reviews/<int:pk>/report/",
        views.ReportReviewView.as_view(),
        name="report",
    ),
]
