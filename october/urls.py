from django.conf import settings
from django.contrib import admin
from django.contrib.flatpages import views as flatpage_views
from django.contrib.flatpages.sitemaps import FlatPageSitemap
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.static import serve

from articles.sitemaps import ArticleSitemap, SeriesSitemap
from guides.sitemaps import ReadingGuideSitemap
from october import join, views
from october.search_views import SearchView
from october.seo import SectionSitemap
from people.sitemaps import PersonSitemap
from reviews.sitemaps import BookSitemap
from timeline.sitemaps import EventSitemap

sitemaps = {
    "sections": SectionSitemap,
    "pages": FlatPageSitemap,
    "timeline": EventSitemap,
    "people": PersonSitemap,
    "articles": ArticleSitemap,
    "series": SeriesSitemap,
    "books": BookSitemap,
    "guides": ReadingGuideSitemap,
}

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="sitemap_section",
    ),
    path("timeline/", include("timeline.urls")),
    path("people/", include("people.urls")),
    path("articles/", include("articles.urls")),
    path("books/", include("reviews.urls")),
    path("readers/", include("reviews.reader_urls")),
    path("guides/", include("guides.urls")),
    path("search/", SearchView.as_view(), name="search"),
    path("join/", join.JoinView.as_view(), name="join"),
    path("join/thanks/", join.JoinThanksView.as_view(), name="join_thanks"),
    path("about/", flatpage_views.flatpage, {"url": "/about/"}, name="about"),
    path("accounts/", include("october.accounts")),
    path("admin/", admin.site.urls),
]

if settings.SERVE_MEDIA:
    # Uploaded images from MEDIA_ROOT, for one-machine setups; larger sites
    # serve media from object storage or the proxy instead.
    urlpatterns += [
        # Names no file system takes (a part over 255 characters, a NUL)
        # are not found here rather than failing in the file system.
        re_path(
            r"^media/(?P<path>(?=[^\x00]{1,1024}$)(?:[^/]{1,255}/)*[^/]{1,255})$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
            name="media",
        )
    ]

handler400 = "october.errors.bad_request"
handler500 = "october.errors.server_error"

admin.site.site_header = "In Defence of October"
admin.site.site_title = "In Defence of October"
admin.site.index_title = "Editing the site"
