"""What a person's page tells search engines and link previews."""

from october.core.dates import dual_date
from october.core.seo import Page


def person_ref(page: Page, person) -> dict:
    """A schema.org Person naming ``person``, linked when their page is public."""
    data = {"@type": "Person", "name": person.display_name}
    if person.is_live:
        data["url"] = page.absolute(person.get_absolute_url())
    return data


def person_data(person, page: Page) -> dict:
    """A biography: every other name the person is known by, life dates."""
    page.og_type = "profile"
    names = [
        person.full_name,
        person.birth_name,
        person.native_name,
        *person.alternative_name_list,
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": person.display_name,
        "url": page.url,
        "description": page.description,
        "image": page.images(),
    }
    alternate = [name for name in dict.fromkeys(names) if name]
    if alternate:
        data["alternateName"] = alternate
    for name, key in (("birth", "birthDate"), ("death", "deathDate")):
        if value := dual_date(person, name):
            data[key] = value.iso
    for name, key in (("birth_place", "birthPlace"), ("death_place", "deathPlace")):
        if place := getattr(person, name):
            data[key] = {"@type": "Place", "name": place}
    if person.role_list:
        data["jobTitle"] = person.role_list
    return data
