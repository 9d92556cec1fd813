"""The plain-data channel: values round-trip exactly, and malformed bytes are refused."""

import json

import numpy as np
import pytest

from grader.isolate.protocol import LENGTH, Foreign, ProtocolError, decode, encode

VALUES = {
    "none": None,
    "bool": True,
    "int": -7,
    "float": 0.1,
    "nan": float("nan"),
    "inf": float("-inf"),
    "str": "dW1",
    "list": [1, 2.5, "x"],
    "tuple": (1, (2, 3)),
    "dict": {"W1": np.arange(6.0).reshape(2, 3), 3: "int key"},
    "0-d array": np.array(0.5),
    "bool array": np.array([[True, False]]),
    "int array": np.arange(5, dtype=np.int32),
    "float32 array": np.ones((2, 2), dtype=np.float32),
    "transposed view": np.arange(6.0).reshape(2, 3).T,
    "empty": np.zeros((0, 3)),
    "numpy scalar": np.float64(2.25),
    "numpy int": np.int64(3),
    "rng state": np.random.RandomState(1).get_state(),
}


def same(a, b):
    if isinstance(a, np.ndarray):
        return type(b) is np.ndarray and a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b, equal_nan=True)
    if isinstance(a, np.generic):
        return type(a) is type(b) and a == b
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return type(b) is dict and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, float) and a != a:
        return isinstance(b, float) and b != b
    return type(a) is type(b) and a == b


@pytest.mark.parametrize("value", VALUES.values(), ids=VALUES.keys())
def test_round_trip_keeps_type_shape_dtype_and_values(value):
    assert same(value, decode(encode(value)))


def test_foreign_objects_cross_as_their_type_name_only():
    class Sneaky:
        def __eq__(self, other):
            return True

        def __array__(self, *args, **kwargs):
            raise RuntimeError("never called")

    decoded = decode(encode({"out": Sneaky(), "arr": np.array(["a"], dtype=object)}))
    assert isinstance(decoded["out"], Foreign) and decoded["out"].type_name.endswith("Sneaky")
    assert decoded["arr"] == Foreign("numpy.ndarray of dtype object")
    assert decoded["out"] != 1  # the learner's __eq__ did not cross


def test_subclass_of_builtin_is_not_trusted():
    class FakeFloat(float):
        pass

    assert isinstance(decode(encode(FakeFloat(1.0))), Foreign)


def message(tree, body=b""):
    header = json.dumps(tree).encode()
    return LENGTH.pack(len(header)) + header + body


MALFORMED = {
    "short": b"\x00",
    "not json": LENGTH.pack(3) + b"{{{",
    "header too long": LENGTH.pack(100) + b"[]",
    "unknown tag": message(["z", 1]),
    "not a list": message({"i": 1}),
    "empty node": message([]),
    "int as str": message(["i", "1"]),
    "object dtype": message(["a", "|O", [1], 0, 8], b"\x00" * 8),
    "string dtype": message(["a", "<U1", [1], 0, 4], b"\x00" * 4),
    "buffer out of bounds": message(["a", "<f8", [4], 0, 32], b"\x00" * 8),
    "negative offset": message(["a", "<f8", [1], -8, 8], b"\x00" * 8),
    "shape mismatch": message(["a", "<f8", [3], 0, 16], b"\x00" * 16),
    "negative shape": message(["a", "<f8", [-1], 0, 0]),
    "float shape": message(["a", "<f8", [1.5], 0, 8], b"\x00" * 8),
    "odd dict": message(["d", [["s", "a"]]]),
    "dict keys not strings": message(["D", [1], [["n"]]]),
    "dict keys and values differ": message(["D", ["a", "b"], [["n"]]]),
    "unhashable key": message(["d", [["l", []], ["n"]]]),
    "too deep": message(json.loads("[\"l\", [" * 40 + "[\"n\"]" + "]]" * 40)),
}


@pytest.mark.parametrize("data", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_messages_raise_protocol_error(data):
    with pytest.raises(ProtocolError):
        decode(data)
