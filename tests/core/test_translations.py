"""The Spanish and Russian catalogues are complete, and say what they must."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import ngettext

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]


MSG_LINE = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$')


def catalogue(language):
    return (LOCALE / language / "LC_MESSAGES" / "django.po").read_text()


def plural_forms(language):
    return int(re.search(r"nplurals=(\d+)", catalogue(language)).group(1))


def entries(language):
    """``(flags, msgid, msgstrs)`` of each entry of the language's catalogue,
    the header left out."""
    text = catalogue(language)
    result = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        fields = {}
        key = None
        for line in lines:
            match = MSG_LINE.match(line)
            if match:
                key = match.group(1)
                fields[key] = match.group(2)
            elif line.startswith('"') and key:
                fields[key] += line[1:-1]
        if "msgid" not in fields or fields["msgid"] == "":
            continue
        msgstrs = [value for name, value in fields.items() if name.startswith("msgstr")]
        result.append((flags, fields["msgid"], msgstrs))
    return result


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated_and_none_is_fuzzy(language):
    found = entries(language)
    assert len(found) > 500
    untranslated = [msgid for _flags, msgid, msgstrs in found if not all(msgstrs)]
    fuzzy = [msgid for flags, msgid, _msgstrs in found if "fuzzy" in flags]
    assert not untranslated, f"{len(untranslated)} untranslated: {untranslated[:10]}"
    # Every plural form of the language is written: Russian has 1, 2–4 and
    # 5–20 (and fractions), Spanish 1, millions and the rest.
    forms = plural_forms(language)
    short = [
        msgid
        for _flags, msgid, msgstrs in found
        if len(msgstrs) > 1 and len(msgstrs) != forms
    ]
    assert not short, f"{len(short)} without all {forms} plural forms: {short[:10]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy: {fuzzy[:10]}"


def test_both_catalogues_hold_the_same_strings():
    es = {msgid for _flags, msgid, _msgstrs in entries("es")}
    ru = {msgid for _flags, msgid, _msgstrs in entries("ru")}
    assert es == ru


def test_russian_counts_take_the_right_plural_form():
    with translation.override("ru"):
        ratings = [
            ngettext("%(counter)s rating", "%(counter)s ratings", n) % {"counter": n}
            for n in (1, 2, 5, 11, 21, 22, 25, 111)
        ]
    assert ratings == [
        "1 оценка",
        "2 оценки",
        "5 оценок",
        "11 оценок",
        "21 оценка",
        "22 оценки",
        "25 оценок",
        "111 оценок",
    ]


def test_spanish_counts_take_the_right_plural_form():
    with translation.override("es"):
        reviews = [
            ngettext("%(counter)s review", "%(counter)s reviews", n) % {"counter": n}
            for n in (0, 1, 2)
        ]
    assert reviews == ["0 reseñas", "1 reseña", "2 reseñas"]


def test_the_history_is_told_in_the_words_historians_use():
    with translation.override("ru"):
        assert translation.gettext("Julian (Old Style)") == "Юлианский (старый стиль)"
        assert translation.gettext("In Defence of October") == "В защиту Октября"
    with translation.override("es"):
        assert translation.gettext("Julian (Old Style)") == "Juliano (viejo estilo)"
        assert translation.gettext("Timeline") == "Cronología"
