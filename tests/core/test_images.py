import io
import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, models, transaction
from django.template import Context, Template, TemplateSyntaxError
from django.test.utils import isolate_apps
from PIL import Image, ImageCms

from october.core.images import (
    MAX_IMAGE_BYTES,
    SafeImageField,
    alt_text_required,
    check_alt_text,
    placeholder_image,
    sanitize_image,
    validate_image_file,
)
from tests.core.image_helpers import (
    make_gps_exif,
    make_image_bytes,
    make_image_file,
    make_png_bomb,
)

with isolate_apps("october"):

    class Picture(models.Model):
        """A model that exists only for these tests; its table is made per test."""

        image = SafeImageField(
            "image",
            upload_to="pictures",
            blank=True,
            width_field="image_width",
            height_field="image_height",
        )
        image_alt = models.CharField(max_length=250, blank=True)
        image_width = models.PositiveIntegerField(null=True, blank=True)
        image_height = models.PositiveIntegerField(null=True, blank=True)

        class Meta:
            app_label = "october"
            constraints = [alt_text_required("image")]

        def __str__(self):
            return self.image_alt

        def clean(self):
            check_alt_text(self, "image")

    class PlainPicture(models.Model):
        """The same without width and height fields."""

        image = SafeImageField(upload_to="plain", blank=True)

        class Meta:
            app_label = "october"

        def __str__(self):
            return self.image.name


class PictureForm(forms.ModelForm):
    class Meta:
        model = Picture
        fields = ["image", "image_alt"]


@pytest.fixture
def picture_table(db):
    """Creates the test model's table inside the test's transaction."""
    with connection.schema_editor() as editor:
        editor.create_model(Picture)
    return Picture


def stored_files():
    root = Path(settings.MEDIA_ROOT)
    return {path for path in root.rglob("*") if path.is_file()}


def refusal(file):
    with pytest.raises(ValidationError) as error:
        validate_image_file(file)
    return error.value.messages


def open_stored(name):
    with default_storage.open(name) as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
    return image


@pytest.mark.parametrize("name", ["photo.jpg", "photo.JPEG", "scan.png", "web.webp"])
def test_jpeg_png_and_webp_images_are_accepted(name):
    validate_image_file(make_image_file(name))


def test_a_decompression_bomb_is_refused_before_decoding():
    bomb = SimpleUploadedFile("huge.png", make_png_bomb(50_000, 50_000))

    assert refusal(bomb) == [
        "This image has far too many pixels to be processed safely; the limit "
        "is 40 megapixels."
    ]


def test_an_image_over_the_pixel_limit_is_refused_with_its_size():
    large = SimpleUploadedFile("large.png", make_png_bomb(8_000, 5_001))

    assert refusal(large) == [
        "This image is 8,000 × 5,001 pixels; the limit is 40 megapixels."
    ]


def test_an_image_in_pillows_warning_range_is_refused_with_its_size():
    large = SimpleUploadedFile("large.png", make_png_bomb(12_000, 9_000))

    with pytest.warns(Image.DecompressionBombWarning):
        messages = refusal(large)

    assert messages == [
        "This image is 12,000 × 9,000 pixels; the limit is 40 megapixels."
    ]


def test_a_png_named_jpg_is_refused():
    assert refusal(make_image_file("photo.jpg", image_format="PNG")) == [
        "This file is a PNG image but its name ends in .jpg."
    ]


def test_a_jpeg_named_webp_is_refused():
    assert refusal(make_image_file("photo.webp", image_format="JPEG")) == [
        "This file is a JPEG image but its name ends in .webp."
    ]


def test_a_text_file_named_png_is_refused():
    text = SimpleUploadedFile("notes.png", b"Not an image at all.\n" * 10)

    assert refusal(text) == [
        "This file is not a JPEG, PNG or WebP image, or it is damaged."
    ]


@pytest.mark.parametrize("name", ["animation.gif", "animation.png"])
def test_a_gif_is_refused(name):
    gif = make_image_file(name, image_format="GIF")

    assert len(refusal(gif)) == 1


@pytest.mark.parametrize("name", ["image", "image.svg", "image.jpg.html", ".png."])
def test_other_names_are_refused(name):
    assert refusal(SimpleUploadedFile(name, make_image_bytes())) == [
        "Images must be JPEG, PNG or WebP."
    ]


def test_an_oversize_file_is_refused_without_being_opened(monkeypatch):
    upload = make_image_file("big.jpg")
    upload.size = MAX_IMAGE_BYTES + 1

    def must_not_open(*args, **kwargs):
        raise AssertionError("opened an oversize file")

    monkeypatch.setattr(Image, "open", must_not_open)

    assert refusal(upload) == ["This file is 10.0 MB; images must be at most 10 MB."]


@pytest.mark.parametrize(
    ("name", "image_format"), [("cut.jpg", "JPEG"), ("cut.png", "PNG")]
)
def test_a_truncated_image_is_refused(name, image_format):
    data = make_image_bytes(size=(400, 300), image_format=image_format)
    cut = SimpleUploadedFile(name, data[: len(data) * 2 // 3])

    assert refusal(cut) == [
        "This image is damaged or incomplete; it could not be read."
    ]


def test_stored_image_loses_exif_gps_and_colour_profile_but_keeps_orientation(
    picture_table,
):
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    upload = make_image_file(
        "holiday.jpg", size=(60, 40), exif=make_gps_exif(), icc_profile=srgb
    )

    picture = Picture(image=upload, image_alt="A test image")
    picture.save()

    stored = open_stored(picture.image.name)
    assert stored.format == "JPEG"
    assert stored.size == (40, 60)  # turned upright
    assert not stored.getexif()
    assert "exif" not in stored.info
    assert "icc_profile" not in stored.info
    with default_storage.open(picture.image.name) as raw:
        data = raw.read()
    assert b"Exif" not in data
    assert b"Test camera" not in data


def test_stored_image_has_a_random_name_in_the_fields_folder(picture_table):
    upload = make_image_file("Lenin secret plans.JPEG")

    picture = Picture.objects.create(image=upload, image_alt="Plans")

    assert re.fullmatch(r"pictures/[0-9a-f]{32}\.jpg", picture.image.name)
    assert "Lenin" not in picture.image.name
    assert default_storage.exists(picture.image.name)


def test_two_uploads_with_one_name_are_stored_apart(picture_table):
    first = Picture.objects.create(image=make_image_file("a.png"), image_alt="A")
    second = Picture.objects.create(image=make_image_file("a.png"), image_alt="A")

    assert first.image.name != second.image.name
    assert first.image.name.endswith(".png")


def test_width_and_height_fields_are_filled_from_the_stored_image(picture_table):
    picture = Picture.objects.create(
        image=make_image_file("wide.webp", size=(90, 30)), image_alt="Wide"
    )

    picture.refresh_from_db()
    assert (picture.image_width, picture.image_height) == (90, 30)


def test_saving_through_the_field_file_cleans_too():
    picture = PlainPicture()

    picture.image.save("../../etc/passwd.png", make_image_file("x.png"), save=False)

    assert re.fullmatch(r"plain/[0-9a-f]{32}\.png", picture.image.name)
    assert open_stored(picture.image.name).format == "PNG"


def test_saving_a_refused_file_through_the_field_file_stores_nothing():
    before = stored_files()

    with pytest.raises(ValidationError):
        PlainPicture().image.save("x.jpg", make_image_file("x.jpg", image_format="PNG"))

    assert stored_files() == before


def test_a_form_shows_the_refusal_and_stores_nothing(db):
    before = stored_files()
    form = PictureForm(
        data={"image_alt": "A picture"},
        files={"image": make_image_file("photo.jpg", image_format="PNG")},
    )

    assert not form.is_valid()
    assert form.errors["image"] == [
        "This file is a PNG image but its name ends in .jpg."
    ]
    assert "This file is a PNG image" in form.as_div()
    assert stored_files() == before


def test_a_valid_form_stores_the_cleaned_image(picture_table):
    form = PictureForm(
        data={"image_alt": "Smolny"},
        files={"image": make_image_file("smolny.jpg", exif=make_gps_exif())},
    )

    assert form.is_valid(), form.errors
    picture = form.save()

    assert re.fullmatch(r"pictures/[0-9a-f]{32}\.jpg", picture.image.name)
    assert not open_stored(picture.image.name).getexif()
    assert (picture.image_width, picture.image_height) == (48, 64)


def test_a_form_accepts_only_the_three_formats_in_the_file_picker():
    html = str(PictureForm()["image"])

    assert 'accept="image/jpeg,image/png,image/webp"' in html


def test_a_form_asks_for_alt_text_with_an_image(db):
    form = PictureForm(data={"image_alt": "  "}, files={"image": make_image_file()})

    assert not form.is_valid()
    assert form.errors["image_alt"] == [
        "Describe the image for people who cannot see it, or remove the image."
    ]


def test_check_alt_text_allows_no_image_without_alt():
    check_alt_text(Picture(), "image")


def test_the_database_refuses_an_image_without_alt_text(picture_table):
    Picture.objects.create(image_alt="")  # no image, no alt: fine
    picture = Picture.objects.create(image=make_image_file(), image_alt="Alt")

    with pytest.raises(IntegrityError), transaction.atomic():
        Picture.objects.filter(pk=picture.pk).update(image_alt="")


def test_alt_text_constraint_is_named_after_model_and_field():
    constraint = Picture._meta.constraints[0]

    assert constraint.name == "october_picture_image_alt_required"


def test_image_field_deconstructs_with_its_folder():
    field = SafeImageField("portrait", upload_to="people", blank=True)
    _name, path, args, kwargs = field.deconstruct()

    assert path == "october.core.images.SafeImageField"
    assert kwargs == {"verbose_name": "portrait", "upload_to": "people", "blank": True}


def test_sanitize_image_keeps_png_transparency():
    upload = make_image_file("logo.png", mode="RGBA", color=(164, 22, 26, 0))

    cleaned = Image.open(sanitize_image(upload))

    assert cleaned.mode == "RGBA"
    assert cleaned.getpixel((0, 0))[3] == 0


def test_sanitize_image_turns_cmyk_jpeg_into_rgb():
    upload = make_image_file("print.jpg", mode="CMYK", color=(0, 255, 255, 0))

    cleaned = Image.open(sanitize_image(upload))

    assert cleaned.mode == "RGB"
    red, green, blue = cleaned.getpixel((0, 0))
    assert red > 200 and green < 60 and blue < 60


def store_image(name="photo.jpg", size=(800, 600), **options):
    """Stores an image as SafeImageField would and returns the model instance."""
    picture = Picture(image_alt="Alt")
    picture.image.save(name, make_image_file(name, size=size, **options), save=False)
    return picture


def render_picture(arguments, **context):
    template = Template("{% load images %}{% picture " + arguments + " %}")
    return template.render(Context(context)).strip()


def attribute(html, element, name):
    tag = re.search(rf"<{element}\b[^>]*>", html)[0]
    match = re.search(rf'\s{name}="([^"]*)"', tag)
    return match[1] if match else None


def rendition_size(url):
    name = url.removeprefix(settings.MEDIA_URL)
    return open_stored(name).size


def test_picture_renders_webp_source_and_fallback_with_size_and_alt():
    picture = store_image(size=(1200, 800))

    html = render_picture("picture.image picture.image_alt", picture=picture)

    assert html.startswith("<picture>") and html.endswith("</picture>")
    assert attribute(html, "source", "type") == "image/webp"
    webp = attribute(html, "source", "srcset").split(", ")
    assert [entry.rsplit(" ", 1)[1] for entry in webp] == ["320w", "640w", "960w"]
    assert all(entry.split(" ")[0].endswith(".webp") for entry in webp)
    fallback = attribute(html, "img", "srcset").split(", ")
    assert all(entry.split(" ")[0].endswith(".jpg") for entry in fallback)
    assert attribute(html, "img", "alt") == "Alt"
    assert attribute(html, "img", "width") == "960"
    assert attribute(html, "img", "height") == "640"
    assert attribute(html, "img", "sizes") == "(min-width: 50rem) 50vw, 100vw"
    assert attribute(html, "img", "loading") == "lazy"
    assert attribute(html, "img", "decoding") == "async"
    assert attribute(html, "img", "fetchpriority") is None
    assert rendition_size(attribute(html, "img", "src")) == (960, 640)
    assert rendition_size(webp[0].split(" ")[0]) == (320, 213)


def test_picture_never_enlarges_a_small_original():
    picture = store_image(size=(500, 375))

    html = render_picture("image 'Alt'", image=picture.image)

    widths = [
        entry.rsplit(" ", 1)[1]
        for entry in attribute(html, "img", "srcset").split(", ")
    ]
    assert widths == ["320w", "500w"]
    assert attribute(html, "img", "width") == "500"
    assert attribute(html, "img", "height") == "375"
    assert rendition_size(attribute(html, "img", "src")) == (500, 375)


def test_picture_crops_to_an_aspect_ratio():
    picture = store_image(size=(900, 600))

    html = render_picture(
        'image "Alt" aspect="1:1" widths="200 400 800"', image=picture.image
    )

    assert attribute(html, "img", "width") == "600"
    assert attribute(html, "img", "height") == "600"
    assert rendition_size(attribute(html, "img", "src")) == (600, 600)
    webp = attribute(html, "source", "srcset").split(", ")[0].split(" ")[0]
    assert rendition_size(webp) == (200, 200)


def test_picture_can_load_eagerly_with_high_priority():
    picture = store_image()

    html = render_picture(
        'image "Alt" loading="eager" css_class="hero__image"', image=picture.image
    )

    assert attribute(html, "img", "loading") == "eager"
    assert attribute(html, "img", "fetchpriority") == "high"
    assert attribute(html, "img", "class") == "hero__image"


def test_picture_of_a_png_falls_back_to_png():
    picture = store_image("diagram.png", size=(400, 200))

    html = render_picture('image ""', image=picture.image)

    assert attribute(html, "img", "src").endswith(".png")
    assert attribute(html, "img", "alt") == ""


def test_picture_of_no_image_renders_nothing():
    assert render_picture("picture.image 'Alt'", picture=Picture()) == ""
    assert render_picture("missing 'Alt'") == ""


def test_picture_of_a_missing_file_renders_nothing():
    picture = Picture(image="pictures/gone.jpg", image_width=10, image_height=10)

    assert render_picture("picture.image 'Alt'", picture=picture) == ""


def test_picture_without_dimension_fields_reads_the_size_once():
    plain = PlainPicture()
    plain.image.save("x.jpg", make_image_file("x.jpg", size=(700, 350)), save=False)

    html = render_picture("image 'Alt'", image=plain.image)

    assert attribute(html, "img", "width") == "700"
    assert attribute(html, "img", "height") == "350"


def test_picture_escapes_alt_text():
    picture = store_image()

    html = render_picture("image alt", image=picture.image, alt='"><script>')

    assert 'alt="&quot;&gt;&lt;script&gt;"' in html


@pytest.mark.parametrize(
    "arguments",
    [
        'image "Alt" widths="big"',
        'image "Alt" widths="0 320"',
        'image "Alt" widths="99999"',
        'image "Alt" aspect="wide"',
        'image "Alt" aspect="0:1"',
        'image "Alt" loading="soon"',
    ],
)
def test_picture_refuses_bad_arguments(arguments):
    picture = store_image()

    with pytest.raises(TemplateSyntaxError):
        render_picture(arguments, image=picture.image)


def test_rendering_pictures_costs_no_queries(db, django_assert_num_queries):
    pictures = [store_image(size=(640, 480)) for _ in range(3)]

    with django_assert_num_queries(0):
        for picture in pictures:
            assert render_picture("image 'Alt'", image=picture.image)
    with django_assert_num_queries(0):
        for picture in pictures:
            assert render_picture("image 'Alt'", image=picture.image)


def test_a_second_rendering_reads_neither_storage_nor_image(monkeypatch):
    picture = store_image()
    first = render_picture("image 'Alt'", image=picture.image)

    def must_not_touch(*args, **kwargs):
        raise AssertionError("touched the storage")

    monkeypatch.setattr(type(default_storage._wrapped), "exists", must_not_touch)
    monkeypatch.setattr(type(default_storage._wrapped), "open", must_not_touch)
    monkeypatch.setattr(Image, "open", must_not_touch)

    assert render_picture("image 'Alt'", image=picture.image) == first


@pytest.mark.parametrize(
    ("kind", "size"),
    [("portrait", (600, 750)), ("event", (1200, 800)), ("book", (600, 900))],
)
def test_placeholder_is_a_valid_labelled_image(kind, size):
    content = placeholder_image(
        title="The Revolution Betrayed: What Is the Soviet Union and Where Is It "
        "Going?",
        width=size[0],
        height=size[1],
        kind=kind,
    )

    validate_image_file(content)
    image = Image.open(content)
    assert image.format == "PNG"
    assert image.size == size
    assert content.name == f"{kind}-placeholder.png"
    assert len(image.convert("RGB").getcolors(maxcolors=100_000)) > 3


def test_placeholder_can_be_stored_in_an_image_field():
    picture = PlainPicture()

    picture.image.save(
        "placeholder.png",
        placeholder_image(title="Lenin", width=300, height=400, kind="portrait"),
        save=False,
    )

    assert open_stored(picture.image.name).size == (300, 400)


def test_saving_an_image_makes_the_renditions_its_pages_show(
    client, db, django_capture_on_commit_callbacks, monkeypatch
):
    from django.core.cache import cache
    from imagekit.cachefiles import ImageCacheFile

    from tests.people.factories import make_person

    with django_capture_on_commit_callbacks(execute=True):
        person = make_person(
            portrait=make_image_file("uritsky.jpg", size=(600, 600)),
            portrait_alt="Moisei Uritsky",
        )

    def a_reader_waits(*args, **kwargs):
        raise AssertionError("a reader's page made a rendition")

    monkeypatch.setattr(ImageCacheFile, "_generate", a_reader_waits)
    # Even with the cache of what pictures need gone, the files are there.
    cache.clear()
    for url in (person.get_absolute_url(), "/people/"):
        page = client.get(url).content.decode()
        assert 'alt="Moisei Uritsky"' in page, url


def test_every_picture_a_template_shows_is_made_at_upload():
    from django.apps import apps

    from october.core.images import SafeImageField, parse_aspect, parse_widths

    declared = {}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, SafeImageField):
                declared.setdefault(field.name, set()).update(field.renditions)
    tag = re.compile(r"{%\s*picture\s+([\w.]+)\s+(.*?)%}")
    found = 0
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        for image, arguments in tag.findall(path.read_text()):
            found += 1
            options = dict(re.findall(r'(\w+)="([^"]*)"', arguments))
            wanted = (
                parse_widths(options.get("widths", "320 640 960")),
                parse_aspect(options.get("aspect", "")),
            )
            field = image.rsplit(".", 1)[-1]
            assert wanted in declared.get(field, set()), (path.name, image, wanted)
    assert found >= 10
