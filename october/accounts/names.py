"""Names that pass for someone else's: ``аdmin`` with a Cyrillic "а",
``ａｄｍｉｎ`` in full-width letters, ``Admin`` with a zero-width space.

``look_alike_problem`` says why a new name may not be taken, or None. It
refuses a name that mixes scripts with letters that look like another
script's (confusable_homoglyphs, from Unicode's confusables data), and one
whose skeleton — compatibility-normalised (NFKC), case-folded, invisible
format characters dropped, every look-alike replaced by the Latin letter it
imitates — is a name already taken, as the caller's ``taken(skeleton)``
says. Names in one script that look like nothing else (Иван, Nadia) pass.
"""

import unicodedata
from collections.abc import Callable

from confusable_homoglyphs import confusables
from django.utils.translation import gettext_lazy as _

MIXED_SCRIPTS = _(
    "This name mixes letters of different alphabets that look alike, so it "
    "could pass for another name. Please write it in one alphabet."
)
LOOKS_TAKEN = _("This name looks the same as one already taken. Please choose another.")


def skeleton(name: str) -> str:
    """What ``name`` looks like, in lower-case Latin letters where it can."""
    text = unicodedata.normalize("NFKC", name).casefold()
    letters = []
    for character in text:
        if unicodedata.category(character) == "Cf":  # zero-width, bidi controls
            continue
        letters.append(_latin_twin(character) or character)
    return unicodedata.normalize("NFKC", "".join(letters)).casefold()


def _latin_twin(character: str) -> str | None:
    if character.isascii():
        return None
    found = confusables.is_confusable(
        character, preferred_aliases=["latin"], greedy=False
    )
    if not found:
        return None
    for homoglyph in found[0]["homoglyphs"]:
        if homoglyph["c"].isascii():
            return homoglyph["c"]
    return None


def look_alike_problem(name: str, taken: Callable[[str], bool]):
    """The reason ``name`` may not be chosen, or None."""
    if not name:
        return None
    if confusables.is_dangerous(name):
        return MIXED_SCRIPTS
    shape = skeleton(name)
    if shape != name.casefold() and taken(shape):
        return LOOKS_TAKEN
    return None
