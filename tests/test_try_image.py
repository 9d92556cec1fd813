"""``grade try-image`` and ``try_image``: the learner's own pictures through the model their code trains.

The reference's L-layer model is trained once for the module (about 30 s with one BLAS thread), in
a temporary cache ($NNDL_CACHE); the tests that need it are marked ``slow`` and read its
parameters back. Submissions that must
train are tiny and "train" in a fraction of a second: they return the initial parameters, raise,
loop, or return NaN. Pictures of the test set are saved as PNG and JPEG here; the bad inputs are
made here too (a PNG header can claim any size without the pixels behind it).
"""

import io
import os
import struct
import zlib
from pathlib import Path

import h5py
import numpy as np
import pytest
from click.testing import CliRunner
from PIL import ExifTags, Image

from grader.tryimage import cache as paramcache
from grader.tryimage import classify as tryimage
from grader.cli import main
from grader.tryimage.picture import MAX_PIXELS, PictureError, load_picture
from grader.tryimage.classify import TryImageError, cache_path, probability_of_cat, shown, trained_parameters, try_image

L_LAYER_DIMS = [12288, 20, 7, 5, 1]
SOLUTION_FILE = Path(__file__).resolve().parent.parent / "solutions" / "w4a2_deep_nn_application.py"

# "Trains" in no time: the provided initializers, no iteration.
UNTRAINED = '''\
from nndl.dnn_app_utils import initialize_parameters, initialize_parameters_deep


def two_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    return initialize_parameters(*layers_dims), []


def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    return initialize_parameters_deep(layers_dims), []
'''
# Needs the reference's 30-second training (once for the module): left out by -m "not slow".
SLOW = pytest.mark.slow
HEADER = "def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):\n"


@pytest.fixture(scope="module", autouse=True)
def cache(tmp_path_factory):
    """A cache folder of this module's own, for the learner's parameters and the reference's."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NNDL_CACHE", str(folder))
        yield folder


@pytest.fixture(scope="module")
def reference(cat_data):
    """The reference's L-layer parameters, trained here once (the module's only long training)."""
    before, lines = tryimage.TRAININGS, []
    parameters = trained_parameters(log=lines.append)
    assert tryimage.TRAININGS == before + 1
    assert lines[0].startswith("training L_layer_model of the reference solution on the 209 cat pictures")
    return parameters


@pytest.fixture(scope="module")
def examples(reference, cat_data, tmp_path_factory):
    """The test set's most confident cat and non-cat, saved as PNG and JPEG: {label: (index, png, jpeg)}."""
    folder = tmp_path_factory.mktemp("pictures")
    p = np.array([probability_of_cat(cat_data["test_x"][:, [i]], reference) for i in range(50)])
    labels = cat_data["test_y"][0]
    chosen = {"cat": int(np.flatnonzero(labels == 1)[np.argmax(p[labels == 1])]),
              "non-cat": int(np.flatnonzero(labels == 0)[np.argmin(p[labels == 0])])}
    saved = {}
    for label, i in chosen.items():
        image = Image.fromarray(cat_data["test_x_orig"][i])
        png, jpeg = folder / f"test{i}-{label}.png", folder / f"test{i}-{label}.jpg"
        image.save(png)
        image.save(jpeg, quality=90)
        saved[label] = (i, png, jpeg)
    return saved


@pytest.fixture(scope="module")
def any_picture(tmp_path_factory):
    """A 64 × 64 PNG of noise, for the tests where what the picture shows does not matter."""
    path = tmp_path_factory.mktemp("any") / "noise.png"
    Image.fromarray(np.random.RandomState(9).randint(0, 256, (64, 64, 3), dtype=np.uint8)).save(path)
    return path


def submission(tmp_path, code=None, name="w4a2.py"):
    """A submission file; by default UNTRAINED with a constant of its own, so that its key is new."""
    path = tmp_path / name
    path.write_text(code if code is not None else untrained(tmp_path.name))
    return path


def untrained(variant):
    return f"{UNTRAINED}\nVARIANT = {variant!r}\n"


def trainings(function, *args, **kwargs):
    """(what ``function`` returned, how many models it trained, the lines it logged)."""
    before, lines = tryimage.TRAININGS, []
    value = function(*args, log=lines.append, **kwargs)
    return value, tryimage.TRAININGS - before, lines


# ---------------------------------------------------------------- the test set's own pictures

@SLOW
@pytest.mark.parametrize("label", ["cat", "non-cat"])
def test_a_test_set_picture_saved_as_png_gets_the_probability_of_its_array(label, reference, examples, cat_data):
    i, png, _ = examples[label]
    assert np.array_equal(load_picture(png).pixels, cat_data["test_x_orig"][i])
    (result,), trained, _ = trainings(try_image, png)
    assert trained == 0
    assert result.probability == probability_of_cat(cat_data["test_x"][:, [i]], reference)
    assert result.label == label and result.error == "" and result.notes == ()
    assert str(result) == f"{png}: {label} (probability of cat {shown(result.probability)})"


@SLOW
@pytest.mark.parametrize("label", ["cat", "non-cat"])
def test_a_test_set_picture_saved_as_jpeg_gets_the_same_label(label, reference, examples, cat_data):
    i, _, jpeg = examples[label]
    (result,) = try_image(jpeg, log=lambda line: None)
    assert result.label == label
    assert abs(result.probability - probability_of_cat(cat_data["test_x"][:, [i]], reference)) < 0.2


def test_the_column_is_the_courses_flattening_of_the_picture(cat_data, tmp_path):
    i = 7
    png = tmp_path / "test7.png"
    Image.fromarray(cat_data["test_x_orig"][i]).save(png)
    x = load_picture(png).x
    assert x.shape == (12288, 1)
    assert np.array_equal(x, cat_data["test_x"][:, [i]])


@SLOW
def test_a_learners_model_trains_in_its_own_process_to_the_references_parameters(reference, examples):
    """The module's second and last long training: the solution file, graded as a learner's submission."""
    parameters, trained, lines = trainings(trained_parameters, SOLUTION_FILE)
    assert trained == 1
    assert lines[0].startswith(f"training L_layer_model of {SOLUTION_FILE} on the 209 cat pictures")
    for name in reference:  # one BLAS thread in both processes; the grader allows rtol 1e-6 for other machines
        np.testing.assert_allclose(parameters[name], reference[name], rtol=1e-6, atol=1e-9)
    for label, (_, png, _) in examples.items():
        assert try_image(png, submission=SOLUTION_FILE, log=lambda line: None)[0].label == label


@pytest.mark.parametrize("probability, text", [(0.5, "0.5000"), (0.07951, "0.0795"), (0.99994, "0.9999"),
                                               (0.99997, "> 0.9999"), (3e-5, "< 0.0001"), (1.0, "1.0000")])
def test_a_probability_is_shown_with_four_decimals_and_never_rounded_to_certainty(probability, text):
    assert shown(probability) == text


# ---------------------------------------------------------------- the parameters' cache

@SLOW
def test_a_second_call_reads_the_parameters_back_instead_of_training(reference, examples):
    _, png, _ = examples["cat"]
    (first,), trained, lines = trainings(try_image, png)
    (second,), trained_again, _ = trainings(try_image, png)
    assert trained == trained_again == 0
    assert first == second
    assert lines == [f"using the parameters of L_layer_model trained earlier from the same code ({cache_path()})"]
    stored = trained_parameters(log=lambda line: None)
    assert stored.keys() == reference.keys()
    assert all(np.array_equal(stored[k], reference[k]) for k in reference)


def test_a_changed_submission_trains_again_and_an_unchanged_one_does_not(tmp_path, cat_data):
    code = untrained("changed")
    path = submission(tmp_path, code)
    assert trainings(trained_parameters, path)[1] == 1
    assert trainings(trained_parameters, path)[1] == 0
    # The same code under another name, with a test call the grader does not run: the same key.
    renamed = submission(tmp_path, code + "\nprint(L_layer_model)\n", name="renamed.py")
    assert trainings(trained_parameters, renamed)[1] == 0
    submission(tmp_path, code.replace("initialize_parameters_deep(layers_dims), []",
                                      "initialize_parameters_deep(layers_dims), [0.7]"))
    assert trainings(trained_parameters, path)[1] == 1
    # The other model has parameters of its own.
    parameters, trained, _ = trainings(trained_parameters, path, model="two_layer")
    assert trained == 1 and sorted(parameters) == ["W1", "W2", "b1", "b2"]


def damage_garbage(path):
    path.write_bytes(b"not an HDF5 file at all")


def damage_truncated(path):
    path.write_bytes(path.read_bytes()[:2000])


def damage_foreign(path):
    with h5py.File(path, "w") as f:
        f.attrs["format"] = "someone else's weights"
        f.create_dataset("W1", data=np.zeros((20, 12288)))


def damage_values(path):
    with h5py.File(path, "r+") as f:
        f["W1"][0, 0] += 1.0


def damage_nan(path):
    with h5py.File(path, "r+") as f:
        f["b2"][0, 0] = np.nan


def damage_key(path):
    with h5py.File(path, "r+") as f:
        f.attrs["key"] = "0" * 64


def damage_dataset(path):
    with h5py.File(path, "r+") as f:
        del f["b4"]


def damage_shape(path):
    with h5py.File(path, "r+") as f:
        W4 = f["W4"][()]
        del f["W4"]
        f.create_dataset("W4", data=W4.T)


@pytest.mark.parametrize("damage, reason", [
    (damage_garbage, "it is not a readable HDF5 file"),
    (damage_truncated, "it is not a readable HDF5 file"),
    (damage_foreign, "it is not a parameters file of grade try-image (format \"someone else's weights\""),
    (damage_values, "its parameters do not match their checksum (the file was altered or damaged)"),
    (damage_nan, "b2 has values that are not finite"),
    (damage_key, "it was written for other code or another grader version"),
    (damage_dataset, "its datasets are not W1..b4: missing b4"),
    (damage_shape, "W4 is not a float64 array of shape (1, 5)"),
], ids=["garbage", "truncated", "foreign", "altered", "nan", "key", "missing-dataset", "shape"])
def test_a_damaged_or_foreign_parameters_file_is_never_trusted(damage, reason, tmp_path):
    key, dims = "k" * 64, L_LAYER_DIMS
    parameters = {name: np.full(shape, 0.5) for name, shape in paramcache.expected_shapes(dims).items()}
    path = tmp_path / "p.h5"
    assert paramcache.save(path, parameters, key=key, model="L_layer_model", dims=dims, source="test")
    assert paramcache.load(path, key=key, model="L_layer_model", dims=dims).keys() == parameters.keys()
    damage(path)
    with pytest.raises(paramcache.StaleParameters) as raised:
        paramcache.load(path, key=key, model="L_layer_model", dims=dims)
    assert str(raised.value).startswith(reason)


def test_parameters_of_another_model_or_key_are_not_taken(tmp_path):
    dims = L_LAYER_DIMS
    parameters = {name: np.zeros(shape) for name, shape in paramcache.expected_shapes(dims).items()}
    path = tmp_path / "p.h5"
    paramcache.save(path, parameters, key="a" * 64, model="L_layer_model", dims=dims, source="test")
    with pytest.raises(paramcache.StaleParameters, match="holds 'L_layer_model', not two_layer_model"):
        paramcache.load(path, key="a" * 64, model="two_layer_model", dims=dims)
    with pytest.raises(paramcache.StaleParameters, match="its key differs"):
        paramcache.load(path, key="b" * 64, model="L_layer_model", dims=dims)


@pytest.mark.parametrize("damage", [damage_garbage, damage_foreign, damage_values],
                         ids=["garbage", "foreign", "altered"])
def test_a_damaged_parameters_file_is_retrained_and_replaced(damage, tmp_path, cat_data):
    path = submission(tmp_path)
    good, trained, _ = trainings(trained_parameters, path)
    damage(cache_path(path))
    again, retrained, lines = trainings(trained_parameters, path)
    assert (trained, retrained) == (1, 1)
    assert lines[0].startswith(f"retraining: {cache_path(path)} cannot be used: ")
    assert all(np.array_equal(good[k], again[k]) for k in good)
    assert trainings(trained_parameters, path)[1] == 0  # the new file is good


def test_only_the_most_recently_used_parameters_files_are_kept():
    folder = paramcache.directory()
    folder.mkdir(parents=True, exist_ok=True)
    kept = set(folder.glob("*.h5"))  # this module's, used just now
    for n in range(paramcache.KEEP + 3):
        old = folder / f"old{n:02d}.h5"
        old.write_bytes(b"x")
        os.utime(old, (1_000_000 + n, 1_000_000 + n))  # long ago, old00 first
    paramcache.prune()
    left = set(folder.glob("*.h5"))
    assert len(left) == paramcache.KEEP and kept <= left
    assert folder / "old00.h5" not in left


# ---------------------------------------------------------------- a model that does not train

FAILURES = {
    "raises": (HEADER + "    W1 = np.zeros((layers_dims[1], 3))\n    return np.dot(W1, X), []\n",
               "L_layer_model of {path} raised ValueError: shapes (20,3) and (12288,209) not aligned: "
               "3 (dim 1) != 12288 (dim 0) at {path}, line 7 while training; `grade {path}` checks it step by step"),
    "loops": (HEADER + "    while True:\n        pass\n",
              "L_layer_model of {path} did not finish training within 1 s (the reference takes well under a "
              "minute): is a loop endless? `grade {path}` checks it step by step"),
    "nan": (HEADER + "    parameters = initialize_parameters_deep(layers_dims)\n"
                     "    parameters['W2'] = parameters['W2'] * np.nan\n    return parameters, []\n",
            "L_layer_model of {path} trained, but parameters['W2'] has 140 NaN and 0 infinite values of 140: "
            "the training diverged; `grade {path}` finds where"),
    "transposed": (HEADER + "    parameters = initialize_parameters_deep(layers_dims)\n"
                            "    parameters['W1'] = parameters['W1'].T\n    return parameters, []\n",
                   "L_layer_model of {path} returned parameters['W1'] of shape (12288, 20), expected (20, 12288) "
                   "for layers_dims [12288, 20, 7, 5, 1] (W1 is (n_l, n_l-1), b1 is (n_l, 1))"),
    "returns-None": (HEADER + "    return None\n",
                     "L_layer_model of {path} returned None; expected (parameters, costs) with parameters a dict "
                     "of W1, b1, W2, b2, W3, b3, W4, b4"),
    "not-implemented": (HEADER + "    raise NotImplementedError('L_layer_model: your code here')\n",
                        "L_layer_model of {path} is not implemented yet (it raises NotImplementedError); "
                        "write it first"),
    "missing": ("import numpy as np\n",
                "{path} does not define L_layer_model; write it, or choose the other model"),
    "syntax-error": (HEADER.replace("print_cost=False)", "print_cost=False") + "    return None\n",
                     "{path} does not define L_layer_model ({path}, line 1: SyntaxError: invalid syntax; this "
                     "code was not loaded: lines 1-2 (def L_layer_model); the rest of the file was); write it, or choose the "
                     "other model"),
}


@pytest.mark.parametrize("case", FAILURES)
def test_a_model_that_does_not_train_gets_one_clear_line(case, tmp_path, cat_data, any_picture):
    code, expected = FAILURES[case]
    prelude = "import numpy as np\nfrom nndl.dnn_app_utils import initialize_parameters_deep\n\n\n"
    path = submission(tmp_path, code if case in ("missing", "syntax-error") else prelude + code)
    before = tryimage.TRAININGS
    with pytest.raises(TryImageError) as raised:
        try_image(any_picture, submission=path, timeout=1, log=lambda line: None)
    assert str(raised.value) == expected.format(path=path)
    assert tryimage.TRAININGS == before + 1
    assert not cache_path(path).exists()  # nothing saved: the next call tries again


def test_an_unreadable_submission_is_named(tmp_path, any_picture):
    png = any_picture
    with pytest.raises(TryImageError, match=r"^submission .*nothere\.py: no such file; expected your W4A2 "):
        try_image(png, submission=tmp_path / "nothere.py")
    with pytest.raises(TryImageError, match=r"unknown model 'three_layer'; expected two_layer or L_layer"):
        try_image(png, model="three_layer")


# ---------------------------------------------------------------- bad pictures: a clear message

def png_header_only(width, height):
    """A PNG that claims ``width`` × ``height`` RGB pixels and holds none of them."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) \
        + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


def png_bytes(image, **options):
    buffer = io.BytesIO()
    image.save(buffer, "PNG", **options)
    return buffer.getvalue()


BAD = {
    "missing": (None, "no such file"),
    "folder": ("folder", "it is a folder; expected a picture file (PNG, JPEG, GIF, BMP, TIFF or WebP)"),
    "empty": (b"", "the file is empty; expected a picture (PNG, JPEG, GIF, BMP, TIFF or WebP)"),
    "text": (b"a cat, honestly\n", "it is not a picture this command can read; expected PNG, JPEG, GIF, BMP, "
                                   "TIFF or WebP"),
    "truncated PNG": ("truncated", "cannot decode this PNG picture: the file is damaged or truncated (image file is "
                                   "truncated); save it again or use another picture"),
    "HEIC": (b"\0\0\0\x18ftypheic\0\0\0\0mif1heic", "it is a HEIC picture, which this command cannot decode; "
                                                    "expected PNG, JPEG, GIF, BMP, TIFF or WebP: export it as JPEG"),
    "huge": (png_header_only(20000, 20000), "the picture is too large: 400 megapixels, more than the 100 "
                                            "megapixels this command decodes; shrink it first"),
    "huge, below Pillow's limit": (png_header_only(11000, 10000),
                                   "the picture is too large: 11000 × 10000 pixels (110 megapixels), more than the "
                                   "100 megapixels this command decodes; shrink it first"),
    "floating-point": ("float", "it has floating-point pixels (32-bit, Pillow mode F), not a photo's"),
}


@pytest.mark.parametrize("case", BAD)
def test_a_bad_picture_gets_a_clear_message(case, tmp_path):
    content, expected = BAD[case]
    path = tmp_path / "picture.png"
    if content == "folder":
        path.mkdir()
    elif content == "truncated":
        pixels = np.random.RandomState(0).randint(0, 256, (64, 64, 3), dtype=np.uint8)
        path.write_bytes(png_bytes(Image.fromarray(pixels))[:-200])
    elif content == "float":
        Image.fromarray(np.ones((8, 8), dtype=np.float32)).save(path.with_suffix(".tif"))
        path = path.with_suffix(".tif")
    elif content is not None:
        path.write_bytes(content)
    with pytest.raises(PictureError) as raised:  # and no warning: the test suite turns them into errors
        load_picture(path)
    assert raised.value.reason.startswith(expected)
    assert str(raised.value) == f"{path}: {raised.value.reason}" and "\n" not in str(raised.value)


def test_the_pixel_limit_is_100_megapixels():
    assert MAX_PIXELS == 100_000_000


# ---------------------------------------------------------------- pictures that need converting

def rgb_pixels(seed=0, size=64):
    return np.random.RandomState(seed).randint(0, 256, (size, size, 3), dtype=np.uint8)


def saved(tmp_path, image, name, **options):
    path = tmp_path / name
    image.save(path, **options)
    return path


@pytest.mark.parametrize("fmt", ["GIF", "PNG"])
def test_an_animation_gives_its_first_frame(fmt, tmp_path):
    frames = [Image.new("RGB", (64, 64), colour) for colour in [(255, 0, 0), (0, 255, 0), (0, 0, 255)]]
    path = saved(tmp_path, frames[0], f"animated.{fmt.lower()}", save_all=True, append_images=frames[1:])
    picture = load_picture(path)
    assert (picture.pixels == [255, 0, 0]).all()
    kind = "animated GIF" if fmt == "GIF" else "animated PNG"
    assert picture.notes == (f"{kind} of 3 frames: the first frame is used",)


def test_16_bit_grayscale_is_scaled_not_clipped(tmp_path):
    gray = np.random.RandomState(1).randint(0, 256, (64, 64)).astype(np.uint8)
    eight = load_picture(saved(tmp_path, Image.fromarray(gray), "gray8.png"))
    sixteen_image = Image.fromarray(gray.astype(np.uint16) * 257)
    assert sixteen_image.mode == "I;16"
    sixteen = load_picture(saved(tmp_path, sixteen_image, "gray16.png"))
    assert np.array_equal(sixteen.pixels, eight.pixels)
    assert np.array_equal(sixteen.x, eight.x)
    assert sixteen.notes == ("16-bit grayscale: scaled to 8 bits (round(v / 257))",)
    # Pillow's own convert would have clipped: every value from 1 on becomes 255.
    assert np.array_equal(np.asarray(sixteen_image.convert("L")), np.where(gray > 0, 255, 0))


def test_16_bit_colour_gives_the_8_bit_values(tmp_path):
    rgb = rgb_pixels(2)
    raw = b"".join(b"\0" + row.astype(">u2").tobytes() for row in rgb.astype(np.uint16) * 257)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    path = tmp_path / "rgb16.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 64, 16, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    assert np.array_equal(load_picture(path).pixels, rgb)


def test_grayscale_becomes_three_equal_channels(tmp_path):
    gray = np.random.RandomState(3).randint(0, 256, (64, 64)).astype(np.uint8)
    picture = load_picture(saved(tmp_path, Image.fromarray(gray), "gray.png"))
    assert np.array_equal(picture.pixels, np.repeat(gray[:, :, None], 3, axis=2))
    assert picture.notes == ()


def test_transparency_is_composited_on_white(tmp_path):
    rgb = rgb_pixels(4)
    alpha = np.zeros((64, 64), dtype=np.uint8)
    alpha[:32] = 255  # top half opaque, bottom half transparent
    alpha[32:, :32] = 128  # bottom left: half transparent
    picture = load_picture(saved(tmp_path, Image.fromarray(np.dstack([rgb, alpha])), "rgba.png"))
    assert np.array_equal(picture.pixels[:32], rgb[:32])
    assert (picture.pixels[32:, 32:] == 255).all()
    half = rgb[32:, :32].astype(float) * 128 / 255 + 255 * 127 / 255
    assert np.abs(picture.pixels[32:, :32] - half).max() <= 1
    assert picture.notes == ("has transparent areas: composited on a white background",)


def test_an_opaque_alpha_channel_is_dropped_without_a_note(tmp_path):
    rgb = rgb_pixels(5)
    opaque = np.dstack([rgb, np.full((64, 64), 255, dtype=np.uint8)])
    picture = load_picture(saved(tmp_path, Image.fromarray(opaque), "opaque.png"))
    assert np.array_equal(picture.pixels, rgb) and picture.notes == ()


@pytest.mark.parametrize("mode", ["LA", "P"])
def test_gray_and_palette_transparency_are_on_white_too(mode, tmp_path):
    if mode == "LA":
        image = Image.merge("LA", [Image.new("L", (64, 64), 40), Image.new("L", (64, 64), 0)])
        path = saved(tmp_path, image, "la.png")
    else:
        image = Image.new("P", (64, 64), 0)
        image.putpalette([0, 0, 0, 200, 10, 10] + [0] * 762)
        image.paste(1, (0, 0, 64, 32))  # top half colour 1, bottom half colour 0, transparent
        path = saved(tmp_path, image, "palette.gif", transparency=0)
    picture = load_picture(path)
    assert (picture.pixels[32:] == 255).all()
    if mode == "P":
        assert (picture.pixels[:32] == [200, 10, 10]).all()


def test_a_cmyk_jpeg_is_converted_to_rgb_with_a_note(tmp_path):
    path = saved(tmp_path, Image.new("CMYK", (64, 64), (0, 255, 255, 0)), "cmyk.jpg")
    picture = load_picture(path)
    assert np.abs(picture.pixels.astype(int) - [255, 0, 0]).max() <= 3
    assert picture.notes == ("converted from CMYK to RGB without its colour profile: the colours may be a little off",)


def test_a_phone_photo_is_turned_upright_by_its_exif_orientation(tmp_path):
    rgb = rgb_pixels(6)
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # stored turned 90° anticlockwise: show it turned clockwise
    picture = load_picture(saved(tmp_path, Image.fromarray(rgb), "phone.png", exif=exif))
    assert np.array_equal(picture.pixels, np.rot90(rgb, k=-1))
    assert picture.notes == ("turned upright as its EXIF orientation tag (6) says",)


def test_a_small_picture_is_enlarged_with_a_note_and_a_large_one_shrunk(tmp_path):
    small = load_picture(saved(tmp_path, Image.fromarray(rgb_pixels(7, size=16)), "small.png"))
    assert small.pixels.shape == (64, 64, 3)
    assert small.notes == ("only 16 × 16 pixels: enlarged to 64 × 64, so the model sees it blurred",)
    large_image = Image.fromarray(rgb_pixels(8, size=640))
    large = load_picture(saved(tmp_path, large_image, "large.png"))
    expected = np.asarray(large_image.resize((64, 64), Image.Resampling.BICUBIC))
    assert np.array_equal(large.pixels, expected) and large.notes == ()


@SLOW
def test_one_bad_picture_does_not_stop_the_others(reference, examples, tmp_path):
    _, png, _ = examples["cat"]
    results, trained, _ = trainings(try_image, [tmp_path / "nothere.jpg", png])
    assert trained == 0 and not results.all_classified
    assert [r.label for r in results] == [None, "cat"]
    assert repr(results).splitlines()[0] == f"{tmp_path / 'nothere.jpg'}: not classified: no such file"


def test_no_model_is_trained_when_no_picture_can_be_read(tmp_path):
    results, trained, lines = trainings(try_image, tmp_path / "nothere.jpg", submission=submission(tmp_path))
    assert trained == 0 and lines == [] and results[0].error == "no such file"


# ---------------------------------------------------------------- the command

def run(*args):
    return CliRunner().invoke(main, ["try-image", *[str(a) for a in args]])


@SLOW
def test_the_command_prints_a_line_per_picture_and_exits_0(reference, examples):
    (_, cat, _), (_, non_cat, _) = examples["cat"], examples["non-cat"]
    result = run(cat, non_cat)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split(" (")[0] for line in lines] == [f"{cat}: cat", f"{non_cat}: non-cat"]
    assert result.stderr.startswith("using the parameters of L_layer_model trained earlier")


@SLOW
def test_the_command_exits_1_when_some_picture_cannot_be_read(reference, examples, tmp_path):
    _, cat, _ = examples["cat"]
    (tmp_path / "notes.txt").write_text("not a picture")
    result = run(tmp_path / "notes.txt", cat)
    assert result.exit_code == 1
    first, second = result.stdout.splitlines()
    assert first.startswith(f"{tmp_path / 'notes.txt'}: not classified: it is not a picture this command can read")
    assert second.startswith(f"{cat}: cat (probability of cat ")


def test_the_command_exits_2_without_a_model(any_picture, tmp_path, cat_data):
    cat = any_picture
    path = submission(tmp_path, HEADER + "    raise ValueError('no')\n")
    result = run(cat, "--submission", path)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines()[-1] == (f"Error: L_layer_model of {path} raised ValueError: no at {path}, "
                                              f"line 2 while training; `grade {path}` checks it step by step")
    assert run(cat, "--submission", tmp_path / "nothere.py").exit_code == 2
    assert run().exit_code == 2  # no IMAGE


def test_the_command_trains_the_two_layer_model_of_a_submission(any_picture, tmp_path, cat_data):
    cat = any_picture
    result = run(cat, "--submission", submission(tmp_path), "--model", "two_layer", "--timeout", "60")
    assert result.exit_code == 0
    assert result.stderr.startswith(f"training two_layer_model of {tmp_path / 'w4a2.py'} on the 209 cat pictures")
    assert result.stdout.startswith(f"{cat}: ")


def test_the_command_is_listed_in_the_usage():
    assert "grade try-image IMAGE... [--submission FILE] [--model two_layer|L_layer]" in \
        CliRunner().invoke(main, ["--help"]).stdout


@SLOW
def test_the_notebook_function_is_the_same(reference, examples):
    from grader import try_image as from_notebook  # what the W4A2 notebook imports (exported lazily)

    assert from_notebook is try_image
    _, png, _ = examples["non-cat"]
    results = from_notebook(png, log=lambda line: None)
    assert results == try_image(png, log=lambda line: None)
    assert repr(results) == str(results[0]) and results[0].label == "non-cat"


def test_the_learner_edition_has_no_reference_model_to_train_and_says_what_to_give(monkeypatch):
    from grader.checking import answers
    from grader.tryimage import classify

    class Recorded:  # what the learner edition's solutions hold in place of the reference's functions
        replayed = True

    monkeypatch.setattr(classify.reference, "L_layer_model", Recorded())
    assert answers.is_replayed(classify.reference.L_layer_model)
    with pytest.raises(classify.TryImageError, match=r"no reference model to train .* --submission FILE"):
        classify._source(None)


# ---------------------------------------------------------------- an older notebook's model (W4A2 v8)

# The models of the W4A2 notebooks v3 to v8 (2017-2020), in their convention: they seed themselves, plot
# their costs inside (plt.plot, plt.show) and return the parameters only. "Trained" in no time, as UNTRAINED,
# whose parameters they give (the learner's process is seeded with 1 too).
OLD_STYLE = '''\
import numpy as np
import matplotlib.pyplot as plt
from dnn_app_utils_v2 import *


def two_layer_model(X, Y, layers_dims, learning_rate = 0.0075, num_iterations = 3000, print_cost=False):
    np.random.seed(1)
    costs = []
    (n_x, n_h, n_y) = layers_dims
    parameters = initialize_parameters(n_x, n_h, n_y)
    plt.plot(np.squeeze(costs))
    plt.ylabel('cost')
    plt.show()
    return parameters


def L_layer_model(X, Y, layers_dims, learning_rate = 0.0075, num_iterations = 3000, print_cost=False):
    np.random.seed(1)
    costs = []
    parameters = initialize_parameters_deep(layers_dims)
    plt.plot(np.squeeze(costs))
    plt.title("Learning rate =" + str(learning_rate))
    plt.show()
    return parameters
'''


def old_style(tmp_path, name="w4a2_old.py"):
    return submission(tmp_path, f"{OLD_STYLE}\nVARIANT = {tmp_path.name!r}\n", name=name)


@pytest.mark.parametrize("model", ["L_layer", "two_layer"])
def test_an_old_notebooks_model_returning_parameters_only_classifies_the_picture(model, tmp_path, cat_data,
                                                                                  any_picture):
    path = old_style(tmp_path)
    (result,), trained, lines = trainings(try_image, any_picture, submission=path, model=model)
    function = f"{model}_model"
    assert trained == 1 and result.error == "" and result.label in ("cat", "non-cat")
    assert lines[0].startswith(f"training {function} of {path} (the course's w4a2 v8) on the 209 cat pictures")
    # The same parameters as the newest convention's (parameters, costs) from the same initialization.
    newest, _, _ = trainings(trained_parameters, submission(tmp_path, untrained("newest"), name="new.py"), model)
    old = trained_parameters(path, model, log=lambda line: None)  # read back: no second training
    assert sorted(old) == sorted(newest) and all(np.array_equal(old[k], newest[k]) for k in newest)
    assert result.probability == probability_of_cat(load_picture(any_picture).x, newest)
    assert cache_path(path, model) == cache_path(path, model, course_version="v8")


def test_the_command_reads_an_old_model_and_names_the_version(tmp_path, cat_data, any_picture):
    path = old_style(tmp_path)
    result = run(any_picture, "--submission", path, "--model", "two_layer")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{any_picture}: ") and "not classified" not in result.stdout
    assert result.stderr.startswith(f"training two_layer_model of {path} (the course's w4a2 v8) on the 209 cat "
                                    f"pictures")


def test_an_old_model_is_recognised_by_the_file_name_as_when_graded(tmp_path, cat_data, any_picture):
    """Neither its imports nor its returns tell v8 (it returns a call); only the name of the file does."""
    from grader import course as courses
    from grader.load import reader

    code = (f"from nndl.dnn_app_utils import initialize_parameters_deep\n\nVARIANT = {tmp_path.name!r}\n\n\n"
            f"{HEADER}    return initialize_parameters_deep(layers_dims)\n")
    path = submission(tmp_path, code, name="Deep Neural Network - Application v8.py")
    assert courses.version_of(reader.load(path), "w4a2") == "v8"
    (result,), trained, lines = trainings(try_image, any_picture, submission=path)
    assert trained == 1 and result.error == "" and "(the course's w4a2 v8)" in lines[0]
    renamed = submission(tmp_path, code, name="my_model.py")  # the same code, now of the newest contract
    with pytest.raises(TryImageError, match=r"^L_layer_model of .*my_model\.py returned a dict; expected \(parameters,"):
        try_image(any_picture, submission=renamed, log=lambda line: None)


def test_an_old_model_read_as_the_newest_says_what_to_pass(tmp_path, cat_data, any_picture):
    path = old_style(tmp_path)
    before = tryimage.TRAININGS
    with pytest.raises(TryImageError) as raised:
        try_image(any_picture, submission=path, course_version="v1.2", log=lambda line: None)
    assert str(raised.value) == (
        f"L_layer_model of {path} returned a dict; expected (parameters, costs) with parameters a dict of W1, b1, "
        f"W2, b2, W3, b3, W4, b4, as the course's w4a2 v1.2 asks: return both, or, if yours is a notebook of v3 to "
        f"v8 (2017-2020), whose L_layer_model returns a dict, pass --course-version v8")
    assert tryimage.TRAININGS == before + 1
    assert not cache_path(path, course_version="v1.2").exists()  # nothing saved under the newest reading
    result = run(any_picture, "--submission", path, "--course-version", "v1.2")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines()[-1] == f"Error: {raised.value}"


def test_an_old_model_that_returns_something_else_is_told_what_its_version_returns(tmp_path, cat_data,
                                                                                   any_picture):
    path = submission(tmp_path, OLD_STYLE.replace("    return parameters\n", "    return None\n"))
    with pytest.raises(TryImageError) as raised:
        try_image(any_picture, submission=path, log=lambda line: None)
    assert str(raised.value) == (
        f"L_layer_model of {path} returned None; expected its parameters, a dict of W1, b1, W2, b2, W3, b3, W4, b4, "
        f"as the models of the course's w4a2 v8 return them (or (parameters, costs), as the newest)")


def test_the_newest_convention_still_classifies_when_read_as_v8(tmp_path, cat_data, any_picture):
    """v8 reads (parameters, costs) too, as its checks do: pinning it on a newest model changes nothing."""
    path = submission(tmp_path)
    (newest,), _, _ = trainings(try_image, any_picture, submission=path)
    (pinned,), trained, lines = trainings(try_image, any_picture, submission=path, course_version="v8")
    assert trained == 1 and "(the course's w4a2 v8)" in lines[0]  # another reading: kept apart
    assert pinned == newest and cache_path(path) != cache_path(path, course_version="v8")


def test_an_unknown_course_version_or_one_without_a_submission_is_refused_before_training(tmp_path, any_picture):
    path = old_style(tmp_path)
    before = tryimage.TRAININGS
    with pytest.raises(TryImageError, match=r"^unknown course version 'v9' for w4a2; its versions are v1\.2, v8 "
                                            r"\(the first is the newest\): pass one of them to --course-version"):
        try_image(tmp_path / "nothere.jpg", submission=path, course_version="v9", log=lambda line: None)
    with pytest.raises(TryImageError, match=r"^course version v8 reads the model of a submission .* give your "
                                            r"submission \(--submission FILE\), or leave the course version out$"):
        try_image(any_picture, course_version="v8", log=lambda line: None)
    assert tryimage.TRAININGS == before
    result = run(any_picture, "--course-version", "v9", "--submission", path)
    assert result.exit_code == 2 and "Error: unknown course version 'v9' for w4a2" in result.stderr
    assert "--course-version V" in CliRunner().invoke(main, ["try-image", "--help"]).stdout
