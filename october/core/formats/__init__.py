"""Date formats of the interface languages, where the site's differ from
Django's (``FORMAT_MODULE_PATH``): British English, day before month, and
Russian day-and-month in the genitive ("7 ноября")."""
