"""Installable Duet: the manifest, the service worker and the offline page, as a browser
fetches them."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import resolve, reverse

from tests.factories import CheckInFactory

pytestmark = pytest.mark.django_db

STATIC_PREFIX = "/static/"


def static_file(url: str):
    assert url.startswith(STATIC_PREFIX), url
    return finders.find(url.removeprefix(STATIC_PREFIX))


def test_the_manifest_names_duet_starts_on_today_and_stands_alone(client):
    response = client.get("/manifest.webmanifest")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Duet" and manifest["short_name"]
    assert manifest["description"]
    assert manifest["start_url"] == reverse("rituals:today")
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])
    assert manifest["background_color"] == "#fbf8f4"  # --bg in static/css/duet.css, light
    shortcuts = {shortcut["url"] for shortcut in manifest["shortcuts"]}
    assert shortcuts == {reverse("checkins:evening"), reverse("rituals:today")}


def test_the_manifest_icons_exist_in_every_size_a_phone_asks_for(client):
    manifest = json.loads(client.get("/manifest.webmanifest").content)

    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        path = static_file(icon["src"])
        assert path, f"{icon['src']} is not a static file"
        if icon["type"] == "image/png":
            width, height = png_size(path)
            assert f"{width}x{height}" == icon["sizes"], icon["src"]


def png_size(path) -> tuple[int, int]:
    with open(path, "rb") as image:
        header = image.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    return int.from_bytes(header[16:20]), int.from_bytes(header[20:24])


def test_every_page_links_the_manifest_the_theme_colours_and_the_apple_icon(client, user):
    pages = [client.get("/accounts/login/").text]
    client.force_login(user)
    pages.append(client.get(reverse("rituals:today")).text)
    for page in pages:
        assert '<link rel="manifest" href="/manifest.webmanifest">' in page
        assert 'name="theme-color"' in page and "(prefers-color-scheme: dark)" in page
        touch = re.search(r'<link rel="apple-touch-icon" href="([^"]+)"', page)
        assert touch and png_size(static_file(touch.group(1))) == (180, 180)


def test_the_service_worker_is_served_from_the_root_never_kept_stale(client):
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert "worker-src 'self'" in response["Content-Security-Policy"]


def test_a_signed_in_person_gets_the_same_worker_kept_by_no_cache(client, user):
    anonymous = client.get("/sw.js").text
    client.force_login(user)
    response = client.get("/sw.js")

    assert response.text == anonymous  # nothing about the person is in it
    assert response["Cache-Control"] == "private, no-store"


def precached(source: str) -> list[str]:
    match = re.search(r"const PRECACHE = (\[.*?\]);", source, re.S)
    assert match, "the worker lists what it keeps in one PRECACHE array"
    return json.loads(match.group(1))


def test_the_worker_keeps_only_static_files_and_the_offline_page(client):
    source = client.get("/sw.js").text
    urls = precached(source)

    assert reverse("pwa:offline") in urls
    for url in urls:
        if url == reverse("pwa:offline"):
            continue
        assert static_file(url), f"{url} is not a static file"
    # It writes into its cache in one place only (installing), never from the network later.
    assert source.count("cache.put(") == 0 and source.count("addAll(") == 1


def test_the_worker_version_changes_when_a_cached_file_would(client, settings):
    before = client.get("/sw.js").text
    settings.STATIC_URL = "/assets/"
    after = client.get("/sw.js").text

    version = re.compile(r'const VERSION = "([0-9a-f]+)"')
    assert version.search(before).group(1) != version.search(after).group(1)


def test_the_offline_page_needs_no_login_and_shows_the_crisis_resources(client, user):
    response = client.get(reverse("pwa:offline"))

    assert response.status_code == 200
    assert "If you need someone now" in response.text
    assert "emergency number" in response.text


def test_the_offline_page_is_the_same_for_everyone_and_holds_nothing_private(client, user):
    CheckInFactory(owner=user, note="MARK-private-note")
    anonymous = client.get(reverse("pwa:offline")).text
    client.force_login(user)
    signed_in = client.get(reverse("pwa:offline")).text

    assert signed_in == anonymous
    assert "MARK-private-note" not in signed_in
    assert user.display_name not in signed_in and "csrfmiddlewaretoken" not in signed_in
    assert "Log out" not in signed_in


def test_the_csp_allows_our_own_worker_and_manifest_only(client):
    policy = client.get("/accounts/login/")["Content-Security-Policy"]

    assert "worker-src 'self'" in policy
    assert "manifest-src 'self'" in policy


def test_the_new_urls_resolve_at_the_root():
    assert resolve("/sw.js").url_name == "service_worker"
    assert resolve("/manifest.webmanifest").url_name == "manifest"


def test_logging_out_clears_what_this_site_kept_on_the_device(client, user):
    client.force_login(user)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"storage"'


def test_the_worker_and_manifest_answer_head_requests_too(client):
    for url in ["/sw.js", "/manifest.webmanifest", reverse("pwa:offline")]:
        assert client.head(url).status_code == 200, url


def test_the_check_in_form_names_its_writer_only_by_a_marker_for_this_site(client, user, stranger):
    markers = []
    for person in (user, stranger):
        client.force_login(person)
        page = client.get(reverse("checkins:evening")).text
        markers.append(re.search(r'data-offline-checkin data-person="([0-9a-f]+)"', page).group(1))

    assert markers[0] != markers[1]
    assert str(user.pk) != markers[0] and user.email not in markers[0]
