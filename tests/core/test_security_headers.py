import pytest


@pytest.mark.django_db
def test_pages_carry_the_security_headers(client):
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_content_security_policy_allows_no_inline_script(client):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(
        (part.split()[0], part.split()[1:])
        for part in policy.split(";")
        if part.strip()
    )
    assert directives["script-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
