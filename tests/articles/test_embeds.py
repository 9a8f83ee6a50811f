import pytest
from django.core.exceptions import ValidationError

from articles.embeds import EmbedURLFormField, normalise_embed_url, video_url_at

YOUTUBE = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
VIMEO = "https://player.vimeo.com/video/76979871"


@pytest.mark.parametrize(
    "pasted, player",
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", YOUTUBE),
        ("https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s&list=PL1", YOUTUBE),
        ("http://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ", YOUTUBE),
        ("https://youtu.be/dQw4w9WgXcQ?si=abc", YOUTUBE),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ", YOUTUBE),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", YOUTUBE),
        ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=5", YOUTUBE),
        ("  HTTPS://WWW.YOUTUBE.COM/watch?v=dQw4w9WgXcQ  ", YOUTUBE),
        ("https://vimeo.com/76979871", VIMEO),
        ("https://www.vimeo.com/76979871/", VIMEO),
        ("https://player.vimeo.com/video/76979871?autoplay=1", VIMEO),
        ("https://vimeo.com/76979871/abc123", f"{VIMEO}?h=abc123"),
        ("https://player.vimeo.com/video/76979871?h=abc123", f"{VIMEO}?h=abc123"),
    ],
)
def test_youtube_and_vimeo_addresses_become_their_privacy_friendly_players(
    pasted, player
):
    assert normalise_embed_url(pasted) == player


@pytest.mark.parametrize(
    "url",
    [
        "",
        "javascript:alert(1)",
        "javascript://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "http://evil/youtube.com/watch?v=dQw4w9WgXcQ",
        "https://evil.example/embed/dQw4w9WgXcQ",
        "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com@evil.example/watch?v=dQw4w9WgXcQ",
        "https://user:pw@www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com:8080/watch?v=dQw4w9WgXcQ",
        "https://[::1/watch",
        "data:text/html,<script>alert(1)</script>",
        "ftp://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "//www.youtube.com/watch?v=dQw4w9WgXcQ",
        "www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=short",
        'https://www.youtube.com/watch?v=dQw4w9WgXcQ"><script>',
        "https://www.youtube.com/channel/UC1234567890",
        "https://youtu.be/dQw4w9WgXcQ/extra",
        "https://vimeo.com/channels/staffpicks",
        "https://vimeo.com/76979871/NOT-HEX",
        "https://player.vimeo.com/video/76979871?h=<b>",
        "https://dailymotion.com/video/x7u5",
        "https://www.youtube.com/watch?v=" + "a" * 600,
        "https://www.youtube.com/watch?v=dQw4w9WgXc\x00",
    ],
)
def test_anything_else_is_refused_with_a_message_for_editors(url):
    with pytest.raises(ValidationError) as error:
        normalise_embed_url(url)
    assert error.value.code == "embed_url_not_allowed"
    assert "YouTube or Vimeo" in str(error.value.message)


def test_the_form_field_cleans_a_pasted_address_to_the_player():
    field = EmbedURLFormField(required=False)
    assert field.clean("https://youtu.be/dQw4w9WgXcQ") == YOUTUBE
    assert field.clean("") == ""
    with pytest.raises(ValidationError):
        field.clean("https://evil.example/video")


def test_a_start_time_plays_youtube_and_vimeo_from_that_second():
    assert video_url_at(YOUTUBE, 754) == f"{YOUTUBE}?start=754&autoplay=1"
    assert video_url_at(VIMEO, 90) == f"{VIMEO}?autoplay=1#t=90s"
    assert video_url_at(f"{VIMEO}?h=abc", 90) == f"{VIMEO}?h=abc&autoplay=1#t=90s"
