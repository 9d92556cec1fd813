"""The course name of nndl.lr_utils (week 2 loader)."""

from nndl.lr_utils import *  # noqa: F401,F403
