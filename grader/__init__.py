"""nndl-grader: auto-graded numpy exercises for "Neural Networks and Deep Learning".

A submission flows one way, and the sub-packages say so::

    load/      read a .py or .ipynb into its definitions, without running it
    isolate/   run them in a confined learner process (runner, child, protocol, sandbox)
    checking/  the check model, comparisons, gradient checks and the kit assignments are written with
               (not ``check``: ``from grader import check`` is the notebook's function)
    course.py  the assignments of a course folder (the built-in one, or an instructor's)
    engine.py  plan and run the checks of one submission: a Grading
    render/    a Grading as text, JSON, Gradescope, Coursera or JUnit; a class's gradebook
    batch/ tryimage/ authoring/   a class (on local processes or a Dask cluster); your own pictures; generate
               and validate the material, mutants of the solutions
    audit/     ``grade audit``: grade the mutants, judge the survivors (do the checks catch the mistakes?)
    cli/       the `grade` command, thin, its commands loaded when used
    notebook/  ``check(sigmoid)`` from a notebook: the kernel's side, and the grading process behind it

Exported lazily (``from grader import check``, ``from grader import try_image``), so that importing
``grader`` costs nothing: the learner's process never loads the grader's machinery.
"""

__version__ = "0.2.0"

_LAZY = {"check": ("grader.notebook", "check"), "try_image": ("grader.tryimage.classify", "try_image")}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        module, attribute = _LAZY[name]
        return getattr(importlib.import_module(module), attribute)
    raise AttributeError(f"module 'grader' has no attribute {name!r}")


def __dir__():
    return sorted([*globals(), *_LAZY])
