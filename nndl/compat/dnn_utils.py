"""The course name of nndl.dnn_utils (week 4 activations)."""

from nndl.dnn_utils import *  # noqa: F401,F403
