"""Pictures as PNG data URLs, drawn by matplotlib in the grader (never in the learner's process).

Every picture is deterministic: the same data gives the same bytes on one installation (the Agg
backend, no date or software version in the PNG, fixed size and resolution). matplotlib is in the
``html`` extra; without it, ``PicturesUnavailable`` says what to install.
"""

import base64
import html
import io

WIDTH, HEIGHT, DPI = 6.0, 3.4, 80  # inches and dots per inch: 480 x 272 pixels, small data URLs
LEARNER, REFERENCE, WRONG = "#d62728", "#1f77b4", "#ff7f0e"  # the learner's red, the reference's blue


class PicturesUnavailable(Exception):
    """matplotlib is not installed: pictures need the ``html`` extra."""


def pyplot():
    """matplotlib's pyplot on the Agg backend (no window, no display), with fixed settings."""
    try:
        import matplotlib
    except ImportError:
        raise PicturesUnavailable("HTML reports draw their pictures with matplotlib, which is not installed: "
                                  "pip install 'nndl-grader[html]' (or pip install -e '.[html]' in the project), "
                                  "then run the command again") from None
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.hashsalt": "nndl-grader", "font.size": 9, "axes.titlesize": 10,
                         "figure.max_open_warning": 0})
    return plt


def figure(width=WIDTH, height=HEIGHT, **subplots):
    """A new figure and its axes, of a fixed size."""
    plt = pyplot()
    return plt.subplots(figsize=(width, height), dpi=DPI, **subplots)


def png(fig, palette=False):
    """The figure's PNG bytes, without metadata (the same bytes for the same picture), and the figure closed.

    ``palette``: 256 colours (photographs: a third of the bytes, the pictures still recognisable)."""
    plt = pyplot()
    buffer = io.BytesIO()
    try:
        fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    finally:
        plt.close(fig)
    if not palette:
        return buffer.getvalue()
    from PIL import Image

    buffer.seek(0)
    reduced = io.BytesIO()
    Image.open(buffer).convert("RGB").quantize(256).save(reduced, format="PNG", optimize=True)
    return reduced.getvalue()


def data_url(png_bytes):
    return "data:image/png;base64," + base64.b64encode(png_bytes).decode("ascii")


def img(fig, alt, palette=False):
    """An ``<img>`` element holding the figure as a data URL, with its alt text (what the picture shows)."""
    return f'<img src="{data_url(png(fig, palette))}" alt="{html.escape(alt, quote=True)}">'
