"""Trained parameters kept on disk by ``grade try-image``, so that a model is trained once per code.

One HDF5 file per key, ``<cache>/try-image/<key>.h5`` (``<cache>`` is ``$NNDL_CACHE`` or
``~/.cache/nndl-grader``, as for the reference cache). The key is a sha256 of everything the
parameters depend on (see ``grader.tryimage.cache_key``). A file holds one float64 dataset per
parameter (``W1``, ``b1``, ..., ``WL``, ``bL``) and these attributes:

- ``format``: ``FORMAT``, so that another program's HDF5 file is never taken for ours;
- ``key``, ``model`` (the function's name) and ``layers_dims``, checked against what is asked;
- ``sha256``: the digest of the parameters' names, shapes and float64 bytes, in layer order;
- ``source``: the submission it was trained from, for people only.

``load`` trusts nothing: a file that does not open as HDF5, has another format, key, model or
layer sizes, misses a parameter or has one too many, a wrong shape or dtype, a value that is not
finite, or bytes that do not match the checksum raises ``StaleParameters`` with the reason, and
the caller trains again. Files are written to a temporary file and moved into place
(``os.replace``), so a reader never sees half a file. The ``KEEP`` most recently used files are
kept, the others deleted.
"""

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

import h5py
import numpy as np

from grader.checking.fixtures import layer_shapes as expected_shapes
from grader.paths import cache_directory

FORMAT = "nndl-grader try-image parameters 1"
KEEP = 20  # files kept: a 4-layer model's parameters take about 2 MB


class StaleParameters(Exception):
    """A parameters file that cannot be used; the message says why (for "retraining: <why>")."""


def directory():
    return cache_directory() / "try-image"


def path_for(key):
    return directory() / f"{key}.h5"


def checksum(parameters, dims):
    """sha256 of the parameters' names, shapes and float64 (little-endian, C order) bytes."""
    digest = hashlib.sha256()
    for name in expected_shapes(dims):
        value = np.ascontiguousarray(parameters[name], dtype="<f8")
        digest.update(name.encode() + b"\0" + np.asarray(value.shape, dtype="<i8").tobytes())
        digest.update(value.tobytes())
    return digest.hexdigest()


def save(path, parameters, *, key, model, dims, source):
    """Write ``parameters`` (validated float64 arrays) to ``path`` atomically; False if it cannot be written."""
    path = Path(path)
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem[:16]}.", suffix=".tmp")
        os.close(fd)
        with h5py.File(temporary, "w") as f:
            f.attrs.update({"format": FORMAT, "key": key, "model": model, "source": str(source),
                            "layers_dims": np.asarray(dims, dtype=np.int64), "sha256": checksum(parameters, dims)})
            for name in expected_shapes(dims):
                f.create_dataset(name, data=np.asarray(parameters[name], dtype=np.float64))
        os.replace(temporary, path)
        return True
    except OSError:
        if temporary:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        return False  # a cache that cannot be written only costs a training next time


def load(path, *, key, model, dims):
    """The parameters stored at ``path`` for exactly this key, model and layer sizes.

    Raises
    ------
    FileNotFoundError
        Nothing is stored there yet.
    StaleParameters
        The file is there but cannot be trusted (see the module docstring); the message says why.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(path)
    try:
        with h5py.File(path, "r") as f:
            _check_attributes(f.attrs, key, model, dims)
            parameters = _read_parameters(f, dims)
    except StaleParameters:
        raise
    except Exception as e:  # noqa: BLE001 - h5py raises many kinds on a damaged or foreign file
        raise StaleParameters(f"it is not a readable HDF5 file ({type(e).__name__}: "
                              f"{str(e).splitlines()[0] if str(e) else 'no detail'})") from None
    with contextlib.suppress(OSError):
        os.utime(path)  # most recently used: kept by prune
    return parameters


def _attribute(attrs, name, default):
    value = attrs.get(name, default)
    return value.decode() if isinstance(value, bytes) else value


def _check_attributes(attrs, key, model, dims):
    found = _attribute(attrs, "format", None)
    if found != FORMAT:
        raise StaleParameters(f"it is not a parameters file of grade try-image (format {found!r}, "
                              f"expected {FORMAT!r})")
    if _attribute(attrs, "key", None) != key:
        raise StaleParameters("it was written for other code or another grader version (its key differs)")
    if _attribute(attrs, "model", None) != model:
        raise StaleParameters(f"it holds {_attribute(attrs, 'model', None)!r}, not {model}")
    stored_dims = [int(n) for n in np.asarray(attrs.get("layers_dims", [])).ravel()]
    if stored_dims != list(dims):
        raise StaleParameters(f"its layers_dims are {stored_dims}, expected {list(dims)}")


def _read_parameters(f, dims):
    shapes = expected_shapes(dims)
    names = set(f.keys())
    if names != set(shapes):
        missing, extra = sorted(set(shapes) - names), sorted(names - set(shapes))
        raise StaleParameters(f"its datasets are not W1..b{len(dims) - 1}"
                              f"{': missing ' + ', '.join(missing) if missing else ''}"
                              f"{': unexpected ' + ', '.join(extra) if extra else ''}")
    parameters = {}
    for name, shape in shapes.items():
        dataset = f[name]
        if not isinstance(dataset, h5py.Dataset) or dataset.dtype != np.float64 or dataset.shape != shape:
            raise StaleParameters(f"{name} is not a float64 array of shape {shape}")
        value = dataset[()]
        if not np.isfinite(value).all():
            raise StaleParameters(f"{name} has values that are not finite")
        parameters[name] = value
    if checksum(parameters, dims) != _attribute(f.attrs, "sha256", None):
        raise StaleParameters("its parameters do not match their checksum (the file was altered or damaged)")
    return parameters


def prune(keep=KEEP):
    """Delete all but the ``keep`` most recently used parameters files."""
    try:
        files = sorted(directory().glob("*.h5"), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in files[keep:]:
        with contextlib.suppress(OSError):
            old.unlink()
