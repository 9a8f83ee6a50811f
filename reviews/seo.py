"""What book and reader pages tell search engines and link previews."""

from october.accounts.templatetags.readers import display_name
from october.core.seo import Page
from people.seo import person_ref


def book_data(book, page: Page) -> dict:
    """A book with its rating figures and the approved reviews on the page."""
    page.og_type = "book"
    data = {
        "@context": "https://schema.org",
        "@type": "Book",
        "name": book.title,
        "description": page.description,
        "url": page.url,
        "image": page.images(),
    }
    authors = list(book.authors.all())
    if authors:
        data["author"] = [person_ref(page, person) for person in authors]
    if book.pages:
        data["numberOfPages"] = book.pages
    if book.first_published_year:
        data["datePublished"] = str(book.first_published_year)
    if book.original_language:
        data["inLanguage"] = book.original_language
    if book.ratings_count:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": str(book.average),
            "ratingCount": book.ratings_count,
            "reviewCount": book.reviews_count,
            "bestRating": 5,
            "worstRating": 1,
        }
    reviews = page.context.get("reviews") or []
    if reviews:
        data["review"] = [
            {
                "@type": "Review",
                "author": {"@type": "Person", "name": display_name(review.reader)},
                "datePublished": review.created_at.date().isoformat(),
                "reviewBody": review.text,
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": review.rating,
                    "bestRating": 5,
                    "worstRating": 1,
                },
            }
            for review in reviews
        ]
    return data


def reader_data(reader, page: Page) -> dict:
    """A reader's public profile."""
    page.og_type = "profile"
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": page.url,
        "mainEntity": {"@type": "Person", "name": display_name(reader)},
    }
