from django.urls import re_path

from reviews import views

app_name = "readers"

urlpatterns = [
    # The characters Django's username validator allows: anything else (a NUL
    # byte, say) is no username and never reaches the database.
    re_path(
        r"^(?P<username>[\w.@+-]{1,150})/$",
        views.ReaderProfileView.as_view(),
        name="profile",
    ),
    re_path(
        r"^(?P<username>[\w.@+-]{1,150})/shelves/(?P<shelf>[a-z-]{1,30})/$",
        views.ShelfView.as_view(),
        name="shelf",
    ),
]
