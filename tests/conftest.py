import os

import pytest
from threadpoolctl import threadpool_limits

from browser import Browser, BrowserUnavailable, find_chromium, playwright_installed
from datasets import DatasetError, flatten_and_scale, load_cat_dataset

# .ci/run sets this: in CI a missing data file is a failure, never a silent skip.
REQUIRE_DATA = os.environ.get("NNDL_REQUIRE_DATA") == "1"
# In CI a missing browser (Chromium, or the playwright package) is a failure too, never a silent skip.
CI = os.environ.get("CI") == "true"


@pytest.fixture(scope="session", autouse=True)
def one_blas_thread():
    """The tests' own training runs use one BLAS thread, as the grader does.

    Multi-threaded OpenBLAS spins while it waits; beside the learner processes the tests start,
    or any other load, a 20-second training was seen to take over ten minutes.
    """
    with threadpool_limits(limits=1, user_api="blas"):
        yield


@pytest.fixture(scope="session")
def cat_data():
    """The course's cat dataset, raw and preprocessed as the course does (x.reshape(m, -1).T / 255)."""
    try:
        train_x_orig, train_y, test_x_orig, test_y, classes = load_cat_dataset()
    except DatasetError as e:
        if REQUIRE_DATA:
            pytest.fail(str(e))
        pytest.skip(f"the cat dataset is not available here: {e}")
    return {
        "train_x_orig": train_x_orig,
        "train_y": train_y,
        "test_x_orig": test_x_orig,
        "test_y": test_y,
        "classes": classes,
        "train_x": flatten_and_scale(train_x_orig),  # (12288, 209)
        "test_x": flatten_and_scale(test_x_orig),  # (12288, 50)
    }


@pytest.fixture(scope="session")
def builtin_release(tmp_path_factory, cat_data):
    """The built-in course's learner edition (``grade release``, the real recording: a minute or two), made
    once for every test that needs it (tests/test_release.py, tests/test_answers.py)."""
    from grader import course as courses
    from grader.authoring import release

    return release.release(tmp_path_factory.mktemp("real") / "learner", courses.builtin())


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (tests/browser.py), started once for every test that opens an HTML page.

    Skipped where Chromium or playwright is missing, except in CI (CI=true), where that fails. A
    NNDL_CHROMIUM naming nothing runnable always fails: it was asked for.
    """
    try:
        executable = find_chromium()
    except BrowserUnavailable as e:
        pytest.fail(str(e))
    missing = None
    if executable is None:
        missing = ("Chromium is not installed (NNDL_CHROMIUM is unset, and none of chromium, chromium-browser, "
                   "google-chrome is on PATH): apt-get install chromium, or set NNDL_CHROMIUM to its path")
    elif not playwright_installed():
        missing = "the Python package playwright is not installed: pip install -e '.[test]'"
    if missing is not None:
        if CI:
            pytest.fail(f"{missing} (CI=true: in CI a browser test fails instead of skipping; .ci/run installs "
                        f"Chromium)")
        pytest.skip(missing)
    with Browser(executable) as started:
        yield started
