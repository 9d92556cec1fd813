"""Data the checks feed to learner code, loaded once per grading process."""

import functools

from datasets.cat import SHA256, flatten_and_scale, load_cat_dataset, verified_path
from datasets.planar import load_planar_dataset

_data_dir = None  # the --data-dir of this grading; None: $NNDL_DATA or the default folder


def use(data_dir):
    """Read the cat data from ``data_dir`` (None: ``$NNDL_DATA`` or ``datasets/catvnoncat/``)."""
    global _data_dir
    _data_dir = data_dir
    cat.cache_clear()


def check_cat():
    """Raise ``DatasetError`` (naming file, folder and remedy) unless both files are the course's."""
    for name in SHA256:
        verified_path(name, _data_dir)


@functools.lru_cache(maxsize=1)
def cat():
    """``train_x (12288, 209), train_y (1, 209), test_x (12288, 50), test_y (1, 50)``, scaled as the course does."""
    train_x_orig, train_y, test_x_orig, test_y, _ = load_cat_dataset(_data_dir)
    return flatten_and_scale(train_x_orig), train_y, flatten_and_scale(test_x_orig), test_y


@functools.lru_cache(maxsize=1)
def planar():
    """The flower: ``X (2, 400), Y (1, 400)``."""
    return load_planar_dataset()
