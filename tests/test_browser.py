"""The browser harness itself (tests/browser.py), on small pages made here: does it see what it must?

Each test opens one page in the session's Chromium (the ``browser`` fixture, tests/conftest.py).
"""

import base64
import io

import pytest

from PIL import Image

from browser import BrowserUnavailable, find_chromium


def png_data_url(colours, size=(8, 6)):
    """A PNG data URL: the image split in vertical bands, one per colour."""
    image = Image.new("RGB", size, colours[0])
    band = size[0] // len(colours)
    for i, colour in enumerate(colours[1:], 1):
        image.paste(colour, (i * band, 0, size[0], size[1]))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def page(tmp_path, body, title="a page"):
    path = tmp_path / "page.html"
    path.write_text(f'<!doctype html>\n<html><head><meta charset="utf-8"><title>{title}</title></head>\n'
                    f"<body>\n{body}\n</body></html>\n", encoding="utf-8")
    return path


def test_a_two_colour_image_is_drawn_without_errors_or_requests(browser, tmp_path):
    url = png_data_url([(255, 255, 255), (200, 30, 40)])
    report = browser.open(page(tmp_path, f'<img alt="cost curve" src="{url}">', title="W4A1 report"))

    assert report.title == "W4A1 report"
    assert report.console_errors == []
    assert report.requests == []
    assert report.failed_requests == []
    assert len(report.images) == 1
    image = report.images[0]
    assert (image.alt, image.complete, image.natural_width, image.natural_height) == ("cost curve", True, 8, 6)
    assert image.drawn and image.blank is False and image.ok
    assert image.src.startswith("data:image/png;base64,") and len(image.src) < len(url)  # shortened
    assert report.problems() == []


def test_a_one_colour_image_is_reported_blank(browser, tmp_path):
    report = browser.open(page(tmp_path, f'<img alt="empty plot" src="{png_data_url([(255, 255, 255)])}">'))

    [image] = report.images
    assert image.drawn and image.blank is True and not image.ok
    assert report.console_errors == [] and report.requests == []
    [problem] = report.problems()
    assert "'empty plot'" in problem and "is blank" in problem


def test_requests_to_the_network_are_reported_and_never_reach_it(browser, tmp_path):
    body = ('<img alt="remote" src="http://127.0.0.1:9/x.png">\n'
            '<script>fetch("http://127.0.0.1:9/api/data").catch(() => {})</script>')
    report = browser.open(page(tmp_path, body))

    assert sorted(report.requests) == ["http://127.0.0.1:9/api/data", "http://127.0.0.1:9/x.png"]
    failed = dict(report.failed_requests)
    assert set(failed) == set(report.requests)
    assert all("BLOCKED_BY_CLIENT" in reason for reason in failed.values())  # stopped in the browser
    [image] = report.images
    assert not image.drawn and image.natural_width == 0 and "not decoded" in image.problem
    assert any(p.startswith("request: http://127.0.0.1:9/") for p in report.problems())


def test_another_file_is_a_request_too(browser, tmp_path):
    (tmp_path / "style.css").write_text("body { color: black }\n", encoding="utf-8")
    report = browser.open(page(tmp_path, '<link rel="stylesheet" href="style.css"><p>text</p>'))

    assert report.requests == [(tmp_path / "style.css").resolve().as_uri()]
    assert report.failed_requests == []  # a file loads; it is reported all the same


def test_console_errors_and_uncaught_exceptions_are_both_reported(browser, tmp_path):
    report = browser.open(page(tmp_path, '<script>console.error("x"); throw new Error("y")</script>'))

    assert report.console_errors == ["x", "uncaught Error: y"]
    assert report.requests == [] and report.images == []
    assert report.problems() == ["console error: x", "console error: uncaught Error: y"]


def test_a_broken_data_url_image_is_not_drawn(browser, tmp_path):
    report = browser.open(page(tmp_path, '<img src="data:image/png;base64,bm90IGEgcG5n">'))

    [image] = report.images
    assert image.alt is None
    assert image.complete and not image.drawn and image.blank is None and not image.ok
    assert (image.natural_width, image.natural_height) == (0, 0)
    assert report.requests == []  # a data: URL is not a request
    [problem] = report.problems()
    assert "alt None" in problem and "is not drawn" in problem


def test_a_missing_page_is_named(browser, tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere.html"):
        browser.open(tmp_path / "nowhere.html")


def test_find_chromium_takes_nndl_chromium_first(monkeypatch, tmp_path):
    fake = tmp_path / "my-chromium"
    fake.write_text("#!/bin/sh\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("NNDL_CHROMIUM", str(fake))
    assert find_chromium() == str(fake)

    monkeypatch.setenv("NNDL_CHROMIUM", str(tmp_path / "absent"))
    with pytest.raises(BrowserUnavailable, match="NNDL_CHROMIUM is .*absent.* unset it"):
        find_chromium()


def test_find_chromium_looks_on_path(monkeypatch, tmp_path):
    monkeypatch.delenv("NNDL_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_chromium() is None
    for name in ("google-chrome", "chromium-browser"):
        (tmp_path / name).write_text("#!/bin/sh\n", encoding="utf-8")
        (tmp_path / name).chmod(0o755)
    assert find_chromium() == str(tmp_path / "chromium-browser")  # before google-chrome


def test_the_browser_leaves_this_thread_free_for_asyncio(browser, tmp_path):
    """Playwright's loop runs in the browser's own thread: asyncio.run (nbclient's kernels, in later
    tests of the same session) still works here while the session's browser is open."""
    import asyncio

    async def answer():
        return 42

    assert asyncio.run(answer()) == 42
    assert browser.open(page(tmp_path, "<p>still open</p>", title="after")).title == "after"
