"""What a reading guide's page tells search engines and link previews."""

from october.core.seo import Page


def guide_data(guide, page: Page) -> dict:
    """A reading guide: its entries, in order, as an ItemList."""
    entries = list(guide.entries.all())
    items = []
    for position, entry in enumerate(entries, start=1):
        item = {"@type": "ListItem", "position": position, "name": entry.title}
        if entry.url:
            item["url"] = page.absolute(entry.url)
        items.append(item)
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": guide.title,
        "description": page.description,
        "url": page.url,
        "image": page.images(),
        "numberOfItems": len(items),
        "itemListOrder": "https://schema.org/ItemListOrderAscending",
        "itemListElement": items,
    }
