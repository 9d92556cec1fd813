"""Week 2's loader: ``load_dataset()`` returns the cat images as the course's ``lr_utils`` does."""

from datasets.cat import load_cat_dataset


def load_dataset(data_dir=None):
    """Return ``train_set_x_orig, train_set_y, test_set_x_orig, test_set_y, classes``.

    See ``datasets.cat.load_cat_dataset`` for shapes and for where the files are looked for.
    """
    return load_cat_dataset(data_dir)
