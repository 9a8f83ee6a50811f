from django.db import models

from october.core.publishing import Publishable
from october.core.search_fields import Part, search_vector_field


class Pamphlet(Publishable):
    title = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    search_vector = search_vector_field(Part(("title",), "A"), Part(("text",), "C"))

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"/pamphlets/{self.slug}/"
