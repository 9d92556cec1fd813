"""The course name of nndl.planar_utils (week 3 helpers)."""

from nndl.planar_utils import *  # noqa: F401,F403
