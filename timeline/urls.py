from django.urls import path

from timeline import views

app_name = "timeline"

urlpatterns = [
    path("", views.EventListView.as_view(), name="list"),
    path("on-this-day/", views.OnThisDayView.as_view(), name="on_this_day"),
    path("convert/", views.ConvertView.as_view(), name="convert"),
    path("timeline.json", views.TimelineJSONView.as_view(), name="json"),
    path("anniversaries.ics", views.AnniversariesView.as_view(), name="anniversaries"),
    path("periods/<slug:slug>/", views.PeriodDetailView.as_view(), name="period"),
    path("<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
]
