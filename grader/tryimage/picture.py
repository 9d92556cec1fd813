"""A learner's own picture, made into the column the week-4 cat models take.

The course's notebook does ``np.array(Image.open(fname).resize((64, 64))) / 255.`` and reshapes
the result to ``(64 * 64 * 3, 1)``. ``load_picture`` does the same, with what a photo from a phone
or the web needs first, each conversion reported as a note:

- only the first frame of an animated GIF, PNG (APNG) or WebP, or of a multi-page TIFF;
- turned upright as its EXIF orientation tag says (phone photos are stored sideways);
- 16-bit grayscale (Pillow's mode ``I;16``) scaled to 8 bits as ``round(v / 257)``, so that
  65535 becomes 255 and 257 · k becomes k (Pillow's own ``convert`` clips every value above 255 to
  255, which turns most of such a picture white). Pillow decodes 16-bit colour PNGs to 8 bits
  itself, keeping the high byte (``v // 256``: also k for 257 · k);
- transparency (RGBA, LA, a palette or grayscale with a transparent colour) composited on a white
  background, as an image viewer shows it; grayscale, palette and CMYK pictures converted to RGB;
- then, exactly as the course: ``resize((64, 64))`` with Pillow's bicubic filter (what the
  course's ``resize`` uses on RGB pictures since Pillow 7; the picture is squeezed to a square,
  not cropped), the pixels in (row, column, channel) order as ``train_x_orig.reshape(m, -1).T``
  has them, divided by 255. A 64 × 64 RGB picture is not resampled at all. Large JPEGs are
  decoded whole, not at a reduced scale with ``draft()``: the result is then exactly the course's
  resize of the full picture (a 100-megapixel picture takes about a second and 300 MB).

32-bit integer pixels (Pillow's mode ``I``) are taken as 16-bit grayscale when they lie in 0..65535,
refused otherwise; floating-point pixels (mode ``F``) are refused.

Pictures of more than ``MAX_PIXELS`` pixels are refused before they are decoded, and so is
anything that is not a picture Pillow can decode, with a one-line ``PictureError`` naming the file.
"""

import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

SIZE = 64  # the course's num_px
MAX_PIXELS = 100_000_000  # 100 megapixels, e.g. 12 000 × 8 000: about 300 MB once decoded
RESAMPLE = Image.Resampling.BICUBIC
TRANSPARENT_MODES = ("RGBA", "LA", "PA", "RGBa", "La")
SIXTEEN_BIT_MODES = ("I;16", "I;16L", "I;16B", "I;16N")
READABLE = "PNG, JPEG, GIF, BMP, TIFF or WebP"
# ISO media files (ftyp box) Pillow cannot decode without a plugin: brand -> what it is (a phone's photo format).
ISO_BRANDS = {b"heic": "HEIC", b"heix": "HEIC", b"mif1": "HEIF", b"msf1": "HEIF"}


class PictureError(Exception):
    """The file cannot be made into a picture for the model: ``str()`` is ``"<path>: <reason>"``, one line."""

    def __init__(self, path, reason):
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = str(path), reason


@dataclass(frozen=True)
class Picture:
    """A picture as the model takes it.

    Attributes
    ----------
    x : ndarray of shape (12288, 1)
        The 64 × 64 RGB pixels in (row, column, channel) order, divided by 255.
    pixels : ndarray of shape (64, 64, 3), uint8
        The same pixels before the division (what ``train_x_orig[i]`` is for a training picture).
    notes : tuple of str
        The conversions made on the way (first frame, rotation, transparency, ...).
    """

    x: np.ndarray
    pixels: np.ndarray
    notes: tuple = ()


def load_picture(path):
    """Read the picture at ``path`` and make it into the model's input, as the course does.

    Raises
    ------
    PictureError
        Missing file, a folder, not a picture, damaged or truncated, too large, or pixels that are
        not a photo's (32-bit or floating-point values).
    """
    path = Path(path)
    head = _check_file(path)
    notes = []
    with warnings.catch_warnings():
        # Pillow warns above 89 megapixels and raises above 179; MAX_PIXELS is checked here instead.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        image = _open(path, head)
        try:
            rgb = _to_rgb(_upright(_first_frame(image, path, notes), notes), path, notes)
            small = rgb.resize((SIZE, SIZE), RESAMPLE)  # a copy, even of a 64 × 64 picture
        except PictureError:
            raise
        except Exception as e:  # noqa: BLE001 - Pillow's decoders raise many kinds on a damaged file
            kind = f"{image.format} picture" if image.format else "picture"
            raise PictureError(path, f"cannot decode this {kind}: the file is damaged "
                               f"or truncated ({_reason(e)}); save it again or use another picture") from None
        finally:
            image.close()
    width, height = rgb.size
    if width < SIZE or height < SIZE:
        notes.append(f"only {width} × {height} pixels: enlarged to {SIZE} × {SIZE}, so the model sees it blurred")
    pixels = np.asarray(small, dtype=np.uint8)  # (64, 64, 3)
    x = pixels.reshape(1, -1).T / 255.0  # (12288, 1): as train_x_orig.reshape(m, -1).T / 255.
    return Picture(x, pixels, tuple(notes))


def _check_file(path):
    if path.is_dir():
        raise PictureError(path, f"it is a folder; expected a picture file ({READABLE})")
    if not path.exists():
        raise PictureError(path, "no such file")
    try:
        with open(path, "rb") as f:
            head = f.read(16)
    except OSError as e:
        raise PictureError(path, f"cannot read it: {e.strerror or e}") from None
    if not head:
        raise PictureError(path, f"the file is empty; expected a picture ({READABLE})")
    return head


def _unreadable(path, head):
    """Why Pillow does not know the file: a HEIC photo (iPhones) gets a message of its own."""
    if head[4:8] == b"ftyp" and head[8:12] in ISO_BRANDS:
        return (f"it is a {ISO_BRANDS[head[8:12]]} picture, which this command cannot decode; expected {READABLE}: "
                f"export it as JPEG (on an iPhone: Settings > Camera > Formats > Most Compatible)")
    return f"it is not a picture this command can read; expected {READABLE}"


def _open(path, head):
    try:
        image = Image.open(path)
    except UnidentifiedImageError:
        raise PictureError(path, _unreadable(path, head)) from None
    except Image.DecompressionBombError as e:
        found = re.search(r"\((\d+) pixels\)", str(e))
        size = f"{int(found[1]) / 1e6:,.0f} megapixels" if found else "too many pixels"
        raise PictureError(path, _too_large(size)) from None
    except Exception as e:  # noqa: BLE001 - OSError, SyntaxError, struct.error ... on a damaged header
        raise PictureError(path, f"cannot read it as a picture ({_reason(e)}); expected {READABLE}") from None
    width, height = image.size
    if width * height > MAX_PIXELS:
        image.close()
        raise PictureError(path, _too_large(f"{width} × {height} pixels ({width * height / 1e6:,.0f} megapixels)"))
    return image


def _too_large(size):
    return (f"the picture is too large: {size}, more than the {MAX_PIXELS / 1e6:g} megapixels this command "
            f"decodes; shrink it first (the model sees {SIZE} × {SIZE} pixels anyway)")


def _reason(error):
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _first_frame(image, path, notes):
    """The first frame (Pillow opens an animation there), loaded."""
    frames = getattr(image, "n_frames", 1)
    if frames > 1:
        kind = {"GIF": "animated GIF", "PNG": "animated PNG", "WEBP": "animated WebP"}.get(image.format)
        what = kind or f"{image.format or 'picture'} with several frames"
        notes.append(f"{what} of {frames} frames: the first frame is used")
    image.load()
    return image


def _upright(image, notes):
    try:
        orientation = image.getexif().get(ExifTags.Base.Orientation, 1)
    except Exception:  # noqa: BLE001 - a damaged EXIF block only loses the rotation
        orientation = 1
    if orientation in (2, 3, 4, 5, 6, 7, 8):
        notes.append(f"turned upright as its EXIF orientation tag ({orientation}) says")
        return ImageOps.exif_transpose(image)
    return image


def _to_rgb(image, path, notes):
    """The picture in mode RGB, 8 bits per channel."""
    mode = image.mode
    if mode in SIXTEEN_BIT_MODES or mode == "I":
        return _sixteen_bit_gray(image, path, notes).convert("RGB")
    if mode == "F":
        raise PictureError(path, "it has floating-point pixels (32-bit, Pillow mode F), not a photo's; save it as "
                                 "an 8-bit PNG or JPEG")
    if mode in TRANSPARENT_MODES or "transparency" in image.info:
        return _on_white(image.convert("RGBA"), notes)
    if mode == "CMYK":
        notes.append("converted from CMYK to RGB without its colour profile: the colours may be a little off")
    return image if mode == "RGB" else image.convert("RGB")


def _sixteen_bit_gray(image, path, notes):
    """16-bit grayscale as 8-bit grayscale (mode L), by round(v / 257) rather than Pillow's clipping."""
    values = np.asarray(image)
    low, high = (int(values.min()), int(values.max())) if values.size else (0, 0)
    if low < 0 or high > 65535:
        raise PictureError(path, f"it has 32-bit pixel values from {low} to {high}, not a photo's 8 or 16 bits; "
                           f"save it as an 8-bit PNG or JPEG")
    notes.append("16-bit grayscale: scaled to 8 bits (round(v / 257))")
    # 65535 / 255 = 257 exactly, and v / 257 is never halfway between two integers (257 is odd).
    return Image.fromarray(np.rint(values / 257.0).astype(np.uint8))  # 2-d uint8: mode L


def _on_white(rgba, notes):
    alpha = rgba.getchannel("A")
    if alpha.getextrema()[0] < 255:
        notes.append("has transparent areas: composited on a white background")
    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(white, rgba).convert("RGB")
