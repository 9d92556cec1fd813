"""The plain-data channel between the grader and the learner's process: never pickle.

A message is ``length (8 bytes, big-endian) | JSON header | raw array buffers``. The header
describes the value as a tree of tagged nodes:

``{"n": null}`` None, ``{"b": bool}``, ``{"i": int}``, ``{"f": float}``, ``{"s": str}``,
``{"l": [...]}`` list, ``{"t": [...]}`` tuple, ``{"d": [[key, value], ...]}`` dict,
``{"a": [dtype, shape, offset, nbytes]}`` ndarray, ``{"g": [dtype, offset, nbytes]}`` numpy scalar,
``{"x": "type name"}`` anything else (reported, never rebuilt).

Decoding trusts nothing: dtypes come from a short list of numeric kinds, sizes must match the
buffer, depth and total size are bounded. A malformed message raises ``ProtocolError``.
"""

import json
import math
import struct

import numpy as np

MAX_MESSAGE = 1 << 30  # 1 GiB: a larger reply is refused, not read
MAX_DEPTH = 32
ALLOWED_KINDS = "biufc"  # bool, int, uint, float, complex: no object, string or void arrays
LENGTH = struct.Struct(">Q")


class ProtocolError(Exception):
    """The other side sent something that is not a well-formed message."""


class Foreign:
    """A value of a type the channel does not carry; only its type name crosses."""

    __slots__ = ("type_name",)

    def __init__(self, type_name):
        self.type_name = type_name

    def __repr__(self):
        return f"<{self.type_name} object>"

    def __eq__(self, other):
        return isinstance(other, Foreign) and other.type_name == self.type_name

    __hash__ = None


def _type_name(value):
    kind = type(value)
    return f"{kind.__module__}.{kind.__qualname__}" if kind.__module__ != "builtins" else kind.__qualname__


def encode(value):
    """Serialize ``value`` to bytes (header and buffers) without pickle."""
    buffers = []
    size = 0

    def array_node(tag, array):
        nonlocal size
        data = array.tobytes()  # C order, whatever the array's layout
        offset = size
        buffers.append(data)
        size += len(data)
        return {tag: [array.dtype.str, list(array.shape), offset, len(data)] if tag == "a"
                else [array.dtype.str, offset, len(data)]}

    def node(v, depth):
        if depth > MAX_DEPTH:
            raise ProtocolError(f"value nested deeper than {MAX_DEPTH} levels")
        kind = type(v)  # exact types only: a subclass could lie about what it is
        if kind is np.ndarray:
            if v.dtype.kind in ALLOWED_KINDS:
                return array_node("a", v)
            return {"x": f"numpy.ndarray of dtype {v.dtype}"}
        if kind is dict:
            return {"d": [[node(k, depth + 1), node(x, depth + 1)] for k, x in v.items()]}
        if kind is tuple:
            return {"t": [node(x, depth + 1) for x in v]}
        if kind is list:
            return {"l": [node(x, depth + 1) for x in v]}
        if kind is float:
            return {"f": v if math.isfinite(v) else repr(v)}
        if kind is int:
            return {"i": v} if abs(v) < 2**63 else {"x": "int (too large)"}
        if kind is str:
            return {"s": v}
        if kind is bool:
            return {"b": v}
        if v is None:
            return {"n": None}
        if isinstance(v, np.generic) and kind.__module__ == "numpy" and v.dtype.kind in ALLOWED_KINDS:
            return array_node("g", np.asarray(v))
        return {"x": _type_name(v)}

    header = json.dumps(node(value, 0), allow_nan=False, separators=(",", ":")).encode()
    return LENGTH.pack(len(header)) + header + b"".join(buffers)


_DTYPES = {}


def _dtype(dtype_str):
    """A numeric dtype from its string, or ProtocolError (cached: the same few come back)."""
    dtype = _DTYPES.get(dtype_str)
    if dtype is None:
        try:
            dtype = np.dtype(dtype_str)
        except TypeError:
            raise ProtocolError(f"unknown dtype {dtype_str!r}") from None
        if dtype.kind not in ALLOWED_KINDS:
            raise ProtocolError(f"dtype {dtype_str!r} is not a number type")
        if len(_DTYPES) < 64:
            _DTYPES[dtype_str] = dtype
    return dtype


def decode(message):
    """Rebuild a value from bytes made by ``encode``; raise ``ProtocolError`` on anything odd.

    Arrays are views on a private copy of the message, so they are writable and cost no copy each.
    """
    if len(message) < LENGTH.size:
        raise ProtocolError("message shorter than its length prefix")
    (header_length,) = LENGTH.unpack_from(message)
    if header_length > len(message) - LENGTH.size:
        raise ProtocolError("header length exceeds the message")
    try:
        tree = json.loads(bytes(message[LENGTH.size : LENGTH.size + header_length]))
    except (ValueError, RecursionError) as e:
        raise ProtocolError(f"header is not JSON: {e}") from None
    body = bytearray(message[LENGTH.size + header_length :])

    def buffer(dtype_str, offset, nbytes):
        dtype = _dtype(dtype_str)
        if type(offset) is not int or type(nbytes) is not int or offset < 0 or nbytes < 0:
            raise ProtocolError("bad array offset or size")
        if offset + nbytes > len(body) or nbytes % dtype.itemsize:
            raise ProtocolError("array buffer out of bounds")
        return np.frombuffer(body, dtype=dtype, count=nbytes // dtype.itemsize, offset=offset)

    def array(v, depth):
        if type(v) is not list or len(v) != 4 or type(v[1]) is not list:
            raise ProtocolError("malformed array node")
        dtype_str, shape, offset, nbytes = v
        if not all(type(n) is int and n >= 0 for n in shape):
            raise ProtocolError("malformed shape")
        flat = buffer(dtype_str, offset, nbytes)
        if math.prod(shape) != flat.size:
            raise ProtocolError("shape does not match the buffer")
        return flat.reshape(shape)

    def scalar(v, depth):
        if type(v) is not list or len(v) != 3:
            raise ProtocolError("malformed scalar node")
        flat = buffer(*v)
        if flat.size != 1:
            raise ProtocolError("scalar buffer is not one element")
        return flat[0]

    def sequence(v, depth):
        if type(v) is not list:
            raise ProtocolError("malformed sequence")
        return [value(x, depth + 1) for x in v]

    def mapping(v, depth):
        if type(v) is not list:
            raise ProtocolError("malformed dict")
        out = {}
        for pair in v:
            if type(pair) is not list or len(pair) != 2:
                raise ProtocolError("malformed dict entry")
            key = value(pair[0], depth + 1)
            if type(key) not in (str, int, bool, float, type(None), tuple):
                raise ProtocolError("unhashable dict key")
            out[key] = value(pair[1], depth + 1)
        return out

    def number(v, depth):
        if type(v) in (int, float):
            return float(v)
        if v in ("nan", "inf", "-inf"):
            return float(v)
        raise ProtocolError("malformed float")

    def exact(kind):
        def check(v, depth):
            if type(v) is not kind:
                raise ProtocolError(f"malformed {kind.__name__}")
            return v
        return check

    def foreign(v, depth):
        if type(v) is not str:
            raise ProtocolError("malformed foreign node")
        return Foreign(v[:200])

    def none(v, depth):
        if v is not None:
            raise ProtocolError("malformed None")
        return None

    readers = {"a": array, "d": mapping, "l": sequence, "t": lambda v, d: tuple(sequence(v, d)),
               "f": number, "i": exact(int), "s": exact(str), "b": exact(bool), "n": none,
               "g": scalar, "x": foreign}

    def value(n, depth):
        if depth > MAX_DEPTH or type(n) is not dict or len(n) != 1:
            raise ProtocolError("malformed node")
        (tag, v), = n.items()
        reader = readers.get(tag)
        if reader is None:
            raise ProtocolError(f"unknown node {tag!r}")
        return reader(v, depth)

    return value(tree, 0)


def write_message(stream, value):
    """Encode ``value`` and write it with a total-length prefix to a binary stream."""
    data = encode(value)
    stream.write(LENGTH.pack(len(data)) + data)
    stream.flush()


def read_exactly(read, n):
    chunks = []
    while n:
        chunk = read(n)
        if not chunk:
            raise EOFError("the other side closed the channel")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def read_message(read):
    """Read one length-prefixed message with ``read(n)`` and decode it."""
    (length,) = LENGTH.unpack(read_exactly(read, LENGTH.size))
    if length > MAX_MESSAGE:
        raise ProtocolError(f"message of {length} bytes exceeds the {MAX_MESSAGE}-byte limit")
    return decode(read_exactly(read, length))
