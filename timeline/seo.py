"""What an event's page tells search engines and link previews."""

from october.core.dates import dual_date_range
from october.core.seo import Page
from people.seo import person_ref


def event_data(event, page: Page) -> dict:
    """An event of 1917, its dates in both calendars in the description."""
    page.og_type = "article"
    dates = dual_date_range(event, "start", "end")
    when = str(dates) + (f", {event.place}" if event.place else "")
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": f"{when}. {event.summary}",
        "startDate": dates.start.iso,
        "url": page.url,
        "image": page.images(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
    }
    # An event of one day ends the day (or month) it starts.
    data["endDate"] = (dates.end or dates.start).iso
    if event.place:
        address = {"@type": "PostalAddress", "addressLocality": event.place}
        if event.country:
            address["addressCountry"] = event.country
        data["location"] = {"@type": "Place", "name": event.place, "address": address}
    people = [person for person in event.people.all() if person.is_live]
    if people:
        data["about"] = [person_ref(page, person) for person in people]
    return data
