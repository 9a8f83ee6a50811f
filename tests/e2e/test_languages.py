"""A Russian reader and a Spanish reader walk the site in their language:
home page, timeline, a person, the book page, sign-up and search.

One browser for both, each reader in a context of its own whose browser
asks for its language, as a real one would."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import save_screenshot_if_failed
from tests.e2e.site_pages import make_site

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WALKS = {
    "ru": {
        "locale": "ru-RU",
        "main": "Основное меню",
        "timeline": "Хронология",
        "timeline_heading": "Революция 1917 года день за днём",
        "october": "25–26 октября (7–8 ноября) 1917 г.",
        "people": "Персоналии",
        "born": "Род. 26 октября (7 ноября) 1879 г., Yanovka",
        "books": "Книги",
        "counts": "2 оценки · 1 отзыв",
        "histogram": "5 звёзд",
        "signup": "Регистрация",
        "username": "Имя пользователя",
        "email": "Адрес электронной почты",
        "password": "Пароль:",
        "password_again": "Подтверждение пароля:",
        "create": "Зарегистрироваться",
        "welcome": "Проверьте почту",
        "search_box": "Поиск по сайту",
        "results": "Результаты по запросу «Троцкий»",
        "switch_to": "English",
    },
    "es": {
        "locale": "es-ES",
        "main": "Principal",
        "timeline": "Cronología",
        "timeline_heading": "La revolución de 1917, día a día",
        "october": "25–26 de octubre (7–8 de noviembre) de 1917",
        "people": "Personas",
        "born": "Nacimiento: 26 de octubre (7 de noviembre) de 1879, Yanovka",
        "books": "Libros",
        "counts": "2 valoraciones · 1 reseña",
        "histogram": "5 estrellas",
        "signup": "Crear una cuenta",
        "username": "Nombre de usuario",
        "email": "Dirección de correo electrónico",
        "password": "Contraseña:",
        "password_again": "Contraseña (confirmación):",
        "create": "Crear la cuenta",
        "welcome": "Revisa tu correo",
        "search_box": "Buscar en el sitio",
        "results": "Resultados para «Trotsky»",
        "switch_to": "English",
    },
}


@pytest.fixture
def site(transactional_db):
    return make_site()


@pytest.mark.parametrize("language", ["ru", "es"])
def test_a_reader_walks_the_site_in_their_language(
    request, live_server, browser, site, language
):
    words = WALKS[language]
    context = browser.new_context(locale=words["locale"])
    page = context.new_page()
    try:
        walk(page, live_server.url, site, language, words)
    finally:
        save_screenshot_if_failed(request, page)
        context.close()


def walk(page, base, site, language, words):
    # The first visit to "/" follows the browser's language, once.
    page.goto(base + "/")
    expect(page).to_have_url(f"{base}/{language}/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    main_menu = page.get_by_role("navigation", name=words["main"])

    main_menu.get_by_role("link", name=words["timeline"]).click()
    expect(page).to_have_url(f"{base}/{language}/timeline/")
    expect(page.get_by_role("heading", level=1)).to_have_text(words["timeline_heading"])
    expect(page.locator("main").get_by_text(words["october"]).first).to_be_visible()

    main_menu.get_by_role("link", name=words["people"]).click()
    page.locator("main").get_by_role("link", name="L. Trotsky").first.click()
    expect(page).to_have_url(f"{base}/{language}{site.trotsky.get_absolute_url()}")
    expect(page.locator(".biography__life")).to_have_text(words["born"])

    main_menu.get_by_role("link", name=words["books"]).click()
    page.get_by_role("link", name="In Defence of the October Revolution").first.click()
    expect(page).to_have_url(f"{base}/{language}{site.book.get_absolute_url()}")
    expect(page.locator(".ratings-summary .meta")).to_have_text(words["counts"])
    expect(page.locator(".histogram__label").first).to_have_text(words["histogram"])

    # The language switcher keeps the reader on the same page.
    page.get_by_role("link", name=words["switch_to"], exact=True).click()
    expect(page).to_have_url(base + site.book.get_absolute_url())
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.go_back()

    page.get_by_role("link", name=words["signup"]).first.click()
    expect(page).to_have_url(f"{base}/{language}/accounts/signup/")
    page.get_by_label(words["username"]).fill(f"reader_{language}")
    page.locator("#id_display_name").fill(f"Reader {language.upper()}")
    page.get_by_label(words["email"]).fill(f"reader_{language}@example.org")
    page.get_by_label(words["password"], exact=True).fill("a long Petrograd winter")
    page.get_by_label(words["password_again"], exact=True).fill(
        "a long Petrograd winter"
    )
    page.locator("main").get_by_role("button", name=words["create"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["welcome"])
    expect(page.locator("html")).to_have_attribute("lang", language)

    query = "Троцкий" if language == "ru" else "Trotsky"
    search = page.get_by_role("searchbox", name=words["search_box"])
    search.fill(query)
    search.press("Enter")
    expect(page).to_have_url(re.compile(rf"/{language}/search/\?q="))
    expect(page.get_by_role("heading", level=1)).to_have_text(words["results"])
    expect(
        page.locator("main").get_by_role("link", name="L. Trotsky").first
    ).to_be_visible()
