"""What an article's page tells search engines and link previews."""

from articles.embeds import video_poster_url
from october.core.seo import LOCALES, Page, organization
from people.seo import person_ref


def article_data(article, page: Page) -> dict:
    """An article, or a VideoObject for the kinds that are videos when there
    is a video to play. Either way it has an author: the byline's people
    (an interview's interviewees among them), else the site itself."""
    page.language = article.language
    page.locale_alternates = [
        LOCALES[language]
        for language, _url in page.context.get("alternates", [])
        if language != article.language and language in LOCALES
    ]
    authors = [person_ref(page, person) for person in article.credited] or [
        organization(page)
    ]
    published = article.publish_at.isoformat()
    if article.is_video and article.embed_url:
        page.og_type = "video.other"
        # The article's own picture, else the video's still, else the site's card.
        poster = video_poster_url(article.embed_url)
        thumbnails = [poster] if poster and not article.hero_image else page.images()
        data = {
            "@context": "https://schema.org",
            "@type": "VideoObject",
            "name": article.title,
            "description": page.description,
            "thumbnailUrl": thumbnails,
            "uploadDate": published,
            "embedUrl": article.embed_url,
            "url": page.url,
            "inLanguage": article.language,
            "author": authors,
            "publisher": organization(page),
        }
        return data
    page.og_type = "article"
    page.properties = [
        ("article:published_time", published),
        ("article:modified_time", article.updated_at.isoformat()),
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title[:110],
        "description": page.description,
        "datePublished": published,
        "dateModified": article.updated_at.isoformat(),
        "inLanguage": article.language,
        "url": page.url,
        "mainEntityOfPage": page.url,
        "image": page.images(),
        "publisher": organization(page),
        "author": authors,
    }
    if article.series_id:
        data["isPartOf"] = {
            "@type": "CreativeWorkSeries",
            "name": article.series.title,
            "url": page.absolute(article.series.get_absolute_url()),
        }
    return data
