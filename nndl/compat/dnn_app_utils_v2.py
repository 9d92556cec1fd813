"""The course name of nndl.dnn_app_utils (week 4 application helpers)."""

from nndl.dnn_app_utils import *  # noqa: F401,F403
