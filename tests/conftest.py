import os

import pytest
from threadpoolctl import threadpool_limits

from datasets import DatasetError, flatten_and_scale, load_cat_dataset

# .ci/run sets this: in CI a missing data file is a failure, never a silent skip.
REQUIRE_DATA = os.environ.get("NNDL_REQUIRE_DATA") == "1"


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
