"""Your own picture: classify it with the cat model your W4A2 submission trains (``classify``),
reading it as the course does (``picture``), the trained parameters kept between runs (``cache``).

Light on purpose (no numpy, Pillow or h5py): the command line reads the choices below for its help.
"""

MODEL_NAMES = ("two_layer", "L_layer")  # two_layer_model (12288, 7, 1); L_layer_model [12288, 20, 7, 5, 1]
TIMEOUT = 300.0  # seconds a learner's model may train, as when it is graded
