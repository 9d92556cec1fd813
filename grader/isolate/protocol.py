"""The plain-data channel between the grader and the learner's process: never pickle.

A message is ``header length (8 bytes, big-endian) | JSON header | raw array buffers``. The
header describes the value as a tree of tagged lists:

``["n"]`` None, ``["b", bool]``, ``["i", int]``, ``["f", float or "nan"/"inf"/"-inf"]``,
``["s", str]``, ``["l", [...]]`` list, ``["t", [...]]`` tuple, ``["D", [keys], [values]]`` dict
with string keys, ``["d", [k1, v1, k2, v2, ...]]`` other dict, ``["a", dtype, shape, offset, nbytes]``
ndarray, ``["g", dtype, offset, nbytes]`` numpy
scalar, ``["x", "type name"]`` anything else (reported, never rebuilt).

Decoding trusts nothing: dtypes come from a short list of numeric kinds, buffers must lie in the
message and match their shape (numpy checks both), depth and size are bounded. A malformed
message raises ``ProtocolError``.
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
        if tag == "a":
            return ["a", array.dtype.str, list(array.shape), offset, len(data)]
        return ["g", array.dtype.str, offset, len(data)]

    def node(v, depth):
        if depth > MAX_DEPTH:
            raise ProtocolError(f"value nested deeper than {MAX_DEPTH} levels")
        kind = type(v)  # exact types only: a subclass could lie about what it is
        if kind is np.ndarray:
            if v.dtype.kind in ALLOWED_KINDS:
                return array_node("a", v)
            return ["x", f"numpy.ndarray of dtype {v.dtype}"]
        if kind is dict:
            if all(type(k) is str for k in v):  # the usual case: parameters, grads, caches
                return ["D", list(v), [node(x, depth + 1) for x in v.values()]]
            flat = []
            for k, x in v.items():
                flat.append(node(k, depth + 1))
                flat.append(node(x, depth + 1))
            return ["d", flat]
        if kind is tuple:
            return ["t", [node(x, depth + 1) for x in v]]
        if kind is list:
            return ["l", [node(x, depth + 1) for x in v]]
        if kind is float:
            return ["f", v if math.isfinite(v) else repr(v)]
        if kind is int:
            return ["i", v] if abs(v) < 2**63 else ["x", "int (too large)"]
        if kind is str:
            return ["s", v]
        if kind is bool:
            return ["b", v]
        if v is None:
            return ["n"]
        if isinstance(v, np.generic) and kind.__module__ == "numpy" and v.dtype.kind in ALLOWED_KINDS:
            return array_node("g", np.asarray(v))
        return ["x", _type_name(v)]

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


_KEY_TYPES = (str, int, bool, float, type(None), tuple)
_SPECIAL_FLOATS = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}


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
        if type(offset) is not int or type(nbytes) is not int or nbytes % dtype.itemsize:
            raise ProtocolError("bad array offset or size")
        # numpy refuses a negative offset or a count past the end of the body
        return np.frombuffer(body, dtype=dtype, count=nbytes // dtype.itemsize, offset=offset)

    def value(n, depth):
        if type(n) is not list or not n or depth > MAX_DEPTH:
            raise ProtocolError("malformed node")
        tag = n[0]
        if tag == "a" and len(n) == 5:
            if type(n[2]) is not list or min(n[2], default=0) < 0:
                raise ProtocolError("malformed shape")
            return buffer(n[1], n[3], n[4]).reshape(n[2])  # numpy checks sizes and types
        if tag == "D" and len(n) == 3 and type(n[1]) is list and type(n[2]) is list and len(n[1]) == len(n[2]):
            if not all(type(k) is str for k in n[1]):
                raise ProtocolError("malformed dict keys")
            return dict(zip(n[1], [value(x, depth + 1) for x in n[2]]))
        if tag == "d" and len(n) == 2 and type(n[1]) is list and len(n[1]) % 2 == 0:
            items = n[1]
            out = {}
            for i in range(0, len(items), 2):
                key = value(items[i], depth + 1)
                if type(key) not in _KEY_TYPES:
                    raise ProtocolError("unhashable dict key")
                out[key] = value(items[i + 1], depth + 1)
            return out
        if tag in ("l", "t") and len(n) == 2 and type(n[1]) is list:
            items = [value(x, depth + 1) for x in n[1]]
            return items if tag == "l" else tuple(items)
        if tag == "f" and len(n) == 2:
            v = n[1]
            if type(v) in (int, float):
                return float(v)
            if v in _SPECIAL_FLOATS:
                return _SPECIAL_FLOATS[v]
        if len(n) == 2 and type(n[1]) is _SCALAR_TAGS.get(tag):
            return n[1]
        if tag == "n" and len(n) == 1:
            return None
        if tag == "g" and len(n) == 4:
            flat = buffer(n[1], n[2], n[3])
            if flat.size != 1:
                raise ProtocolError("scalar buffer is not one element")
            return flat[0]
        if tag == "x" and len(n) == 2 and type(n[1]) is str:
            return Foreign(n[1][:200])
        raise ProtocolError(f"malformed node {str(n)[:60]}")

    try:
        return value(tree, 0)
    except (ValueError, TypeError, RecursionError) as e:  # numpy's refusals, unhashable nonsense
        raise ProtocolError(f"malformed message: {e}") from None


_SCALAR_TAGS = {"i": int, "s": str, "b": bool}


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
