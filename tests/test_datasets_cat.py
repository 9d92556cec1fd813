"""The cat loader: the course's data (COURSE_FACTS.md §1) and the messages when it is missing or altered."""

import shutil

import numpy as np
import pytest

from datasets import DatasetError, load_cat_dataset
from datasets.cat import ENV_VAR, SHA256, locate
from nndl.lr_utils import load_dataset

FILES = ["train_catvnoncat.h5", "test_catvnoncat.h5"]  # the order the loader checks them in


# ---- the course's data, checked with the course's own spot values ---------------------------


def test_shapes_and_dtypes(cat_data):
    assert cat_data["train_x_orig"].shape == (209, 64, 64, 3)
    assert cat_data["test_x_orig"].shape == (50, 64, 64, 3)
    assert cat_data["train_x_orig"].dtype == np.uint8 and cat_data["test_x_orig"].dtype == np.uint8
    assert cat_data["train_y"].shape == (1, 209)
    assert cat_data["test_y"].shape == (1, 50)
    assert cat_data["train_x"].shape == (12288, 209)
    assert cat_data["test_x"].shape == (12288, 50)


def test_classes(cat_data):
    assert list(cat_data["classes"]) == [b"non-cat", b"cat"]


def test_label_counts_and_spot_checks(cat_data):
    assert cat_data["train_y"].sum() == 72  # cats among 209
    assert cat_data["test_y"].sum() == 33  # cats among 50
    assert cat_data["train_y"][0, 25] == 1  # W2A2 shows "cat"
    assert cat_data["train_y"][0, 10] == 0  # W4A2 shows "non-cat"


def test_pixel_means(cat_data):
    np.testing.assert_allclose(cat_data["train_x"].mean(), 0.40395, rtol=0, atol=5e-6)
    np.testing.assert_allclose(cat_data["test_x"].mean(), 0.42107, rtol=0, atol=5e-6)


def test_flattened_values_match_the_notebook_asserts(cat_data):
    train_flat = cat_data["train_x_orig"].reshape(209, -1).T
    test_flat = cat_data["test_x_orig"].reshape(50, -1).T
    np.testing.assert_array_equal(train_flat[0:10, 1], [196, 192, 190, 193, 186, 182, 188, 179, 174, 213])
    np.testing.assert_array_equal(test_flat[0:10, 1], [115, 110, 111, 137, 129, 129, 155, 146, 145, 159])
    np.testing.assert_array_equal(train_flat[0:5, 0], [17, 31, 56, 22, 33])  # the older v6a check
    np.testing.assert_array_equal(cat_data["train_x"], train_flat / 255.0)


def test_week2_loader_returns_the_same_five_arrays(cat_data):
    loaded = load_dataset()
    keys = ["train_x_orig", "train_y", "test_x_orig", "test_y", "classes"]
    assert len(loaded) == 5
    for key, array in zip(keys, loaded):
        np.testing.assert_array_equal(array, cat_data[key], err_msg=key)


# ---- where the files are looked for, and what is said when they are wrong -----------------


@pytest.fixture
def cat_dir(cat_data):
    """The folder the real files were loaded from (skips, or fails in CI, when there is none)."""
    return locate()[0]


def copy_files(source, target, names=FILES):
    target.mkdir(exist_ok=True)
    for name in names:
        shutil.copyfile(source / name, target / name)
    return target


@pytest.mark.parametrize("present", [[], ["train_catvnoncat.h5"]], ids=["both-missing", "test-file-missing"])
def test_missing_file_message(cat_dir, tmp_path, present):
    copy_files(cat_dir, tmp_path, present)
    missing = next(name for name in FILES if name not in present)
    with pytest.raises(DatasetError) as info:
        load_cat_dataset(tmp_path)
    message = str(info.value)
    assert f"{missing} not found in {tmp_path}" in message
    assert "--data-dir" in message
    assert ENV_VAR in message


def flip_a_byte(path):
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def truncate(path):
    path.write_bytes(path.read_bytes()[:1000])


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("alter", [flip_a_byte, truncate], ids=["flipped-byte", "truncated"])
def test_altered_file_message(cat_dir, tmp_path, name, alter):
    copy_files(cat_dir, tmp_path)
    alter(tmp_path / name)
    with pytest.raises(DatasetError) as info:
        load_cat_dataset(tmp_path)
    message = str(info.value)
    assert str(tmp_path / name) in message
    assert "sha256" in message
    assert f"expected {SHA256[name]}" in message
    assert "altered" in message


def test_env_var_is_used(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    assert locate() == (tmp_path, f"${ENV_VAR}")
    with pytest.raises(DatasetError) as info:
        load_cat_dataset()
    assert f"not found in {tmp_path} (chosen by ${ENV_VAR})" in str(info.value)


def test_env_var_folder_is_loaded(cat_dir, cat_data, tmp_path, monkeypatch):
    copy_files(cat_dir, tmp_path / "copy")
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "copy"))
    train_x_orig, *_ = load_cat_dataset()
    np.testing.assert_array_equal(train_x_orig, cat_data["train_x_orig"])


def test_explicit_data_dir_wins_over_env_var(cat_dir, cat_data, tmp_path, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    good = copy_files(cat_dir, tmp_path / "copy")
    monkeypatch.setenv(ENV_VAR, str(empty))
    assert locate(good) == (good, "--data-dir")
    train_x_orig, *_ = load_cat_dataset(good)
    np.testing.assert_array_equal(train_x_orig, cat_data["train_x_orig"])

    monkeypatch.setenv(ENV_VAR, str(good))
    with pytest.raises(DatasetError) as info:
        load_cat_dataset(empty)
    assert f"not found in {empty} (chosen by --data-dir)" in str(info.value)
