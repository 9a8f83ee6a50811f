"""The admin every app's admin builds on.

- ``site``: the admin site, with the editorial calendar, the pages and
  index panels apps add to it;
- ``bases``: ``HistoryAdmin`` and ``PublishableAdmin``, the base classes of
  content admins;
- ``actions``: bulk publish, unpublish, schedule and tag actions;
- ``widgets``: list thumbnails;
- ``preview_links``: the admin of the kernel's own model, preview links
  (registered from ``CoreConfig.ready()``: this package is imported while
  the admin site itself is being made, too early to register with it).
"""
