"""The rich-text editor in a real browser, under the site's Content-Security-Policy."""

import pytest
from django import forms
from django.http import HttpResponse
from django.template import engines
from django.urls import path
from playwright.sync_api import expect

from october.core.richtext import RichTextFormField


class EditorForm(forms.Form):
    body = RichTextFormField()


def editor_page(request):
    form = EditorForm(initial={"body": "<p>Start</p>"})
    page = engines["django"].from_string(
        "<!doctype html><html lang='en'><head><title>Editor</title>"
        "<link rel='icon' href='data:,'>{{ form.media }}"
        "</head><body><form method='post'>{{ form }}</form></body></html>"
    )
    return HttpResponse(page.render({"form": form}, request))


urlpatterns = [path("editor/", editor_page)]


@pytest.mark.e2e
@pytest.mark.urls(__name__)
@pytest.mark.django_db(transaction=True)
def test_editor_runs_under_the_content_security_policy(
    live_server, screenshot_on_failure
):
    page = screenshot_on_failure
    problems = []
    page.on(
        "console",
        lambda message: (
            message.type in ("error", "warning") and problems.append(message.text)
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    response = page.goto(live_server.url + "/editor/")
    assert "script-src 'self'" in response.headers["content-security-policy"]

    expect(page.locator(".prose-menubar")).to_be_visible()
    content = page.get_by_role("textbox")
    content.click()
    page.keyboard.press("End")
    page.keyboard.type(" and more")
    page.keyboard.press("Control+a")
    page.keyboard.press("Control+b")

    value = page.locator("textarea[name=body]").input_value()

    assert value == "<p><strong>Start and more</strong></p>"
    assert problems == []
