"""Path converters for addresses whose parts reach a store that has limits."""

# What file systems take: a name of at most 255 bytes, a path of at most 4096.
NAME_MAX_BYTES = 255
PATH_MAX_BYTES = 4096


class FilePathConverter:
    """A relative file path (``<file:path>``) that a file system can open:
    no part longer than 255 bytes in UTF-8, no NUL, the whole at most 4096
    bytes. Anything else matches no address, so it is not found (404) rather
    than failing in the file system with "File name too long"."""

    regex = r"[^\x00]+"

    def to_python(self, value):
        encoded = value.encode("utf-8", "surrogateescape")
        if len(encoded) > PATH_MAX_BYTES or any(
            not 0 < len(part) <= NAME_MAX_BYTES for part in encoded.split(b"/")
        ):
            raise ValueError("Not a name a file system takes.")
        return value

    def to_url(self, value):
        return value
