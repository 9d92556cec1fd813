"""A real browser for the tests of the HTML reports: the system's headless Chromium, driven by Playwright.

``Browser().open(path)`` loads one report from disk and says what a reader's browser would meet: the
console errors and uncaught exceptions, every request the page made (a report stands alone, so any
request at all is a fault), and for each ``<img>`` whether it was decoded and drawn, and not one flat
colour. Playwright's own browser download is never used: Chromium comes from the system (Debian's
``chromium`` package; ``.ci/run`` installs it), found by ``find_chromium``.

Nothing leaves the machine: every request other than ``file:`` and ``data:`` is stopped by the browser
itself (it still shows in ``requests``, and in ``failed_requests`` as blocked), so a page that tries
the network is reported at once instead of waiting on it.

Playwright's synchronous API keeps an asyncio loop running in the thread that uses it, which would
break ``asyncio.run`` (nbclient, for one) in every test after the first browser test. So the browser
lives in a thread of its own, and ``open`` hands each page to that thread.
"""

import importlib
import os
import shutil

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

# Looked for in this order on PATH when NNDL_CHROMIUM is not set.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")

# --no-sandbox: Chromium's sandbox refuses to start as root (CI runs as root).
# --disable-dev-shm-usage: containers often give /dev/shm 64 MB, where Chromium crashes; use /tmp.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-dev-shm-usage"]

# What the page runs to judge each <img>: drawn onto a canvas of its natural size and read back; blank
# when every pixel is the same RGBA value.
_IMAGES_JS = """
() => Array.from(document.images, (img) => {
  const r = {alt: img.getAttribute("alt"), src: img.currentSrc || img.getAttribute("src") || "",
             complete: img.complete, width: img.naturalWidth, height: img.naturalHeight,
             drawn: false, blank: null, problem: null};
  if (!img.complete) { r.problem = "still loading after the load event"; return r; }
  if (!r.width || !r.height) { r.problem = "not decoded (broken or missing image: no natural size)"; return r; }
  try {
    const canvas = document.createElement("canvas");
    canvas.width = r.width;
    canvas.height = r.height;
    const ctx = canvas.getContext("2d", {willReadFrequently: true});
    ctx.drawImage(img, 0, 0);
    const pixels = new Uint32Array(ctx.getImageData(0, 0, r.width, r.height).data.buffer);
    r.drawn = true;
    r.blank = pixels.every((p) => p === pixels[0]);
  } catch (e) {
    r.problem = `its pixels cannot be read back from a canvas (${e.name}: ${e.message})`;
  }
  return r;
})
"""


class BrowserUnavailable(RuntimeError):
    """No browser can be driven here: Chromium or playwright is missing, or NNDL_CHROMIUM is wrong."""


def find_chromium():
    """The path of a Chromium to drive, or None when there is none.

    NNDL_CHROMIUM first (a path or a command name), then CHROMIUM_NAMES on PATH. A NNDL_CHROMIUM that
    names nothing runnable raises BrowserUnavailable rather than falling back to another browser.
    """
    named = os.environ.get("NNDL_CHROMIUM", "").strip()
    if named:
        found = shutil.which(named)
        if found is None:
            raise BrowserUnavailable(
                f"NNDL_CHROMIUM is {named!r}, which is neither an executable file nor a command on PATH: "
                f"set it to Chromium's executable (e.g. /usr/bin/chromium), or unset it to look for "
                f"{', '.join(CHROMIUM_NAMES)} on PATH")
        return found
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found is not None:
            return found
    return None


def playwright_installed():
    try:
        importlib.import_module("playwright.sync_api")
    except ImportError:
        return False
    return True


def _shorten(url, limit=80):
    return url if len(url) <= limit else url[:limit] + f"... ({len(url)} characters)"


@dataclass
class ImageReport:
    """One ``<img>`` as the browser drew it."""

    alt: str | None  # None when the tag has no alt attribute
    src: str  # shortened: a data URL is cut after 80 characters
    complete: bool
    natural_width: int
    natural_height: int
    drawn: bool  # decoded, with a size, drawn onto a canvas and its pixels read back
    blank: bool | None  # every pixel the same colour; None when not drawn
    problem: str | None  # why it is not drawn, in words

    @property
    def ok(self):
        return self.drawn and not self.blank


@dataclass
class PageReport:
    url: str
    title: str
    console_errors: list[str] = field(default_factory=list)  # console.error and uncaught exceptions
    requests: list[str] = field(default_factory=list)  # every URL but the page's own and data: URLs
    failed_requests: list[tuple[str, str]] = field(default_factory=list)  # (url, the browser's reason)
    images: list[ImageReport] = field(default_factory=list)

    def problems(self):
        """Everything a reader would meet that a stand-alone report must not have, one line each."""
        found = [f"console error: {e}" for e in self.console_errors]
        found += [f"request: {u}" for u in self.requests]
        for i, img in enumerate(self.images, 1):
            name = f"image {i} (alt {img.alt!r}, src {img.src})"
            if not img.drawn:
                found.append(f"{name} is not drawn: {img.problem}")
            elif img.blank:
                found.append(f"{name} is blank: every pixel is the same colour")
        return found


class Browser:
    """Headless Chromium, started once; ``open(path)`` loads a page in a fresh context and reports on it."""

    def __init__(self, executable=None, timeout_seconds=20):
        executable = executable or find_chromium()
        if executable is None:
            raise BrowserUnavailable(
                f"no Chromium found (NNDL_CHROMIUM is unset, and none of {', '.join(CHROMIUM_NAMES)} is on "
                f"PATH): install Debian's chromium package, or set NNDL_CHROMIUM to a Chromium executable")
        if not playwright_installed():
            raise BrowserUnavailable(
                "the Python package playwright is not installed: pip install -e '.[test]'")
        self.executable = executable
        self.timeout_ms = timeout_seconds * 1000
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="browser")
        self._playwright = self._chromium = None
        try:
            self._call(self._start)
        except BaseException:
            self.close()
            raise

    def _call(self, fn, *args):
        return self._thread.submit(fn, *args).result()

    def _start(self):
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._chromium = self._playwright.chromium.launch(
            executable_path=self.executable, args=CHROMIUM_ARGS, headless=True, timeout=self.timeout_ms)

    def open(self, path):
        """Load the HTML file ``path``, wait for its load event and for the network to be idle, report."""
        path = Path(path).resolve()
        if not path.is_file():
            raise FileNotFoundError(f"the page to open, {path}, is not a file")
        return self._call(self._open, path.as_uri())

    def _open(self, url):
        report = PageReport(url=url, title="")

        def route(r):
            if r.request.url.startswith(("file:", "data:")):
                r.continue_()
            else:
                r.abort("blockedbyclient")  # never the real network; the request event has fired already

        def on_console(message):
            if message.type == "error":
                report.console_errors.append(message.text)

        def on_page_error(error):
            report.console_errors.append(f"uncaught {error.name or 'exception'}: {error.message}")

        def on_request(request):
            if request.url != url and not request.url.startswith("data:"):
                report.requests.append(request.url)

        def on_request_failed(request):
            report.failed_requests.append((request.url, request.failure or "unknown reason"))

        context = self._chromium.new_context()
        try:
            context.set_default_timeout(self.timeout_ms)
            context.route("**/*", route)
            page = context.new_page()
            page.on("console", on_console)
            page.on("pageerror", on_page_error)
            page.on("request", on_request)
            page.on("requestfailed", on_request_failed)
            page.goto(url, wait_until="load")
            page.wait_for_load_state("networkidle")
            report.title = page.title()
            for found in page.evaluate(_IMAGES_JS):
                report.images.append(ImageReport(
                    alt=found["alt"], src=_shorten(found["src"]), complete=found["complete"],
                    natural_width=found["width"], natural_height=found["height"], drawn=found["drawn"],
                    blank=found["blank"], problem=found["problem"]))
        finally:
            context.close()
        return report

    def _stop(self):
        if self._chromium is not None:
            self._chromium.close()
        if self._playwright is not None:
            self._playwright.stop()

    def close(self):
        if self._thread is None:
            return
        try:
            self._call(self._stop)
        finally:
            self._thread.shutdown()
            self._thread = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
