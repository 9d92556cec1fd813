"""Data the checks feed to learner code, loaded once per grading process."""

import functools

from datasets.cat import flatten_and_scale, load_cat_dataset
from datasets.planar import load_planar_dataset


@functools.lru_cache(maxsize=1)
def cat():
    """``train_x (12288, 209), train_y (1, 209), test_x (12288, 50), test_y (1, 50)``, scaled as the course does."""
    train_x_orig, train_y, test_x_orig, test_y, _ = load_cat_dataset()
    return flatten_and_scale(train_x_orig), train_y, flatten_and_scale(test_x_orig), test_y


@functools.lru_cache(maxsize=1)
def planar():
    """The flower: ``X (2, 400), Y (1, 400)``."""
    return load_planar_dataset()
