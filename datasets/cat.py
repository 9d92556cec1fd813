"""The course's cat / non-cat image set, found at run time and verified before use.

The two HDF5 files are the course's, not ours to redistribute, so they are never committed.
They are looked for in one place, chosen in this order:

1. the ``data_dir`` argument (the ``--data-dir`` option of ``grade``);
2. the ``NNDL_DATA`` environment variable;
3. ``datasets/catvnoncat/`` inside this project (git-ignored).

Each file's sha256 is checked against the course's published hash, so a truncated download or
a different image set is reported, never silently trained on.
"""

import hashlib
import os
from pathlib import Path

import numpy as np

DEFAULT_DIR = Path(__file__).resolve().parent / "catvnoncat"
ENV_VAR = "NNDL_DATA"

# sha256 of the course's files (shared/datasets/catvnoncat/SHA256SUMS).
SHA256 = {
    "train_catvnoncat.h5": "fbe56ab67c3ae28d564e3a644189117976d6b31af0a3ce9bb17dbf22908af242",
    "test_catvnoncat.h5": "6a9d39ce52fa85953c5834695b8534a30ed8cfd54971fb2f080b5a24d002b951",
}


class DatasetError(Exception):
    """A data file is missing, altered or unreadable; the message says which and what to do."""


def locate(data_dir=None):
    """Return the folder to read the cat dataset from, and how it was chosen.

    Parameters
    ----------
    data_dir : str or Path, optional
        An explicit folder; it wins over ``$NNDL_DATA`` and the project's default folder.

    Returns
    -------
    folder : Path
    source : str
        ``"--data-dir"``, ``"$NNDL_DATA"`` or ``"default"``, for messages.
    """
    if data_dir is not None:
        return Path(data_dir).expanduser(), "--data-dir"
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser(), f"${ENV_VAR}"
    return DEFAULT_DIR, "default"


def _how_to_provide(folder):
    return (
        f"Copy the course's train_catvnoncat.h5 and test_catvnoncat.h5 into {folder}, "
        f"or pass --data-dir DIR, or set {ENV_VAR}=DIR to the folder that holds them."
    )


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verified_path(name, data_dir=None):
    """Return the path of data file ``name`` after checking that it exists and is the course's.

    Raises
    ------
    DatasetError
        When the file is missing, unreadable or its sha256 differs from the course's.
    """
    folder, source = locate(data_dir)
    path = folder / name
    where = f"{folder} (chosen by {source})"
    if not path.is_file():
        raise DatasetError(
            f"cat dataset: {name} not found in {where}. {_how_to_provide(folder)}"
        )
    try:
        found = sha256_of(path)
    except OSError as e:
        raise DatasetError(f"cat dataset: cannot read {path}: {e.strerror}.") from None
    if found != SHA256[name]:
        raise DatasetError(
            f"cat dataset: {path} has sha256 {found}, expected {SHA256[name]}: the file is "
            f"truncated, altered or not the course's. Replace it with the course's {name}. "
            f"{_how_to_provide(folder)}"
        )
    return path


def load_cat_dataset(data_dir=None):
    """Load the cat / non-cat images as the course's loaders do.

    Parameters
    ----------
    data_dir : str or Path, optional
        Folder holding the two ``.h5`` files (see the module docstring for the search order).

    Returns
    -------
    train_x_orig : ndarray of shape (209, 64, 64, 3), uint8
    train_y : ndarray of shape (1, 209), int64
        1 for cat, 0 for non-cat.
    test_x_orig : ndarray of shape (50, 64, 64, 3), uint8
    test_y : ndarray of shape (1, 50), int64
    classes : ndarray of shape (2,), bytes
        ``[b'non-cat', b'cat']``, taken from the test file as the course does.

    Raises
    ------
    DatasetError
        When a file is missing, altered or not a readable HDF5 file of the expected layout.
    """
    import h5py  # imported here so that the planar exercises never need it

    train_path = verified_path("train_catvnoncat.h5", data_dir)
    test_path = verified_path("test_catvnoncat.h5", data_dir)
    try:
        with h5py.File(train_path, "r") as f:
            train_x_orig = np.array(f["train_set_x"][:])
            train_y = np.array(f["train_set_y"][:])
        with h5py.File(test_path, "r") as f:
            test_x_orig = np.array(f["test_set_x"][:])
            test_y = np.array(f["test_set_y"][:])
            classes = np.array(f["list_classes"][:])
    except (OSError, KeyError) as e:  # only reachable if the hash table above is wrong
        raise DatasetError(f"cat dataset: cannot read {train_path.parent}: {e}") from None
    train_y = train_y.reshape((1, train_y.shape[0]))
    test_y = test_y.reshape((1, test_y.shape[0]))
    return train_x_orig, train_y, test_x_orig, test_y, classes


def flatten_and_scale(x_orig):
    """Turn images of shape (m, 64, 64, 3) into columns of shape (12288, m) scaled to [0, 1].

    This is the course's preprocessing, ``x_orig.reshape(m, -1).T / 255.``
    """
    return x_orig.reshape(x_orig.shape[0], -1).T / 255.0
