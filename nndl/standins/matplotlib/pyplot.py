"""A stand-in for matplotlib.pyplot in the learner's process: every function does nothing.

``plt.plot(costs)``, ``plt.show()``, ``plt.rcParams[...] = ...``, ``fig, ax = plt.subplots()``,
``ax.scatter(...)``: each call returns ``Nothing``, which any attribute, call, index or unpacking
of two leaves as it is.
"""

rcParams = {}


class Nothing:
    """What every stand-in function returns: calling it, reading or setting anything on it does nothing."""

    def __call__(self, *args, **kwargs):
        return self

    def __getattr__(self, name):
        return self

    def __setattr__(self, name, value):
        pass

    def __getitem__(self, key):
        return self

    def __setitem__(self, key, value):
        pass

    def __iter__(self):
        return iter((self, self))  # fig, ax = plt.subplots()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __bool__(self):
        return False

    def __repr__(self):
        return "<nothing: matplotlib is a stand-in while grading>"


def __getattr__(name):
    return Nothing()
