"""Classify your own pictures with the cat model your W4A2 submission trains ("test it with your own picture").

::

    grade try-image IMAGE... [--submission FILE] [--model two_layer|L_layer] [--data-dir DIR] [--timeout S]
                             [--course-version V]

or, from Python (a notebook cell)::

    from grader import try_image

    try_image("my_cat.jpg", submission="w4a2_deep_nn_application.ipynb", model="L_layer")

1. The model is trained as in the course: ``L_layer_model(train_x, train_y, [12288, 20, 7, 5, 1],
   learning_rate=0.0075, num_iterations=2500)`` (or ``two_layer_model`` with ``(12288, 7, 1)``) on
   the 209 training pictures, the learner's code in its own isolated process (``grader.isolate.runner``,
   as for grading), the reference solution in this one when no submission is given.
2. What comes back is read as the version of the course's notebook the submission follows, recognised
   as for grading (``grader.course.version_of``: ``--course-version``, the notebook's metadata, its
   file name, its imports, its signatures): the newest models return ``(parameters, costs)``, those of
   W4A2 v8 and before the parameters only (the version's ``accept``, as the checks read them). The
   parameters are checked here: a dict of ``W1, b1, ..., WL, bL`` with the right shapes and finite
   values; anything else (an error, a timeout, NaN, wrong shapes, another output) is a ``TryImageError``
   with one line saying what happened and what to do, never a traceback.
3. The parameters are saved (``grader.tryimage.cache``) under a key made of the code that trains them:
   the submission's code as the grader takes it from the file (so re-running a notebook, which
   changes its outputs, or renaming the file, does not retrain; a change of the code does), or
   the solution file; the course version its output is read as; the model and the course's settings;
   the course's helpers in ``nndl/`` and the loader; the numpy version. The next call with the same
   code reads them back, after checking them, instead of training again.
4. Each picture is read as ``grader.tryimage.picture`` describes (first frame, EXIF rotation, transparency on
   white, 16-bit, RGB, bicubic resize to 64 × 64, / 255) and run through the course's forward pass,
   ``L_model_forward``, here, on the plain parameters: its output is the probability of "cat", and
   the label is "cat" above 0.5, as the course's ``predict`` says.

A picture that cannot be read is reported on its own line and the others are still classified.
Exit codes of ``grade try-image``: 0 every picture classified, 1 some could not be read (its line
says why), 2 nothing was classified: no model (the submission cannot be read, its model does not
train, the cat data is missing) or a usage error.
"""

import hashlib
import json
import re
import time
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from datasets.cat import DatasetError, flatten_and_scale, load_cat_dataset
from grader import course as courses
from grader.errors import CannotGrade
from grader.load import reader
from grader.paths import PROJECT
from grader.tryimage import TIMEOUT
from grader.tryimage import cache as paramcache
from grader.assignments.w4a2 import CAT_RATE, FULL_ITERATIONS, L_LAYER_DIMS, TWO_LAYER_DIMS
from grader.checking import answers
from grader.checking.compare import describe_type
from grader.tryimage.picture import PictureError, load_picture
from grader.isolate.runner import Runner
from nndl import dnn_app_utils as app
from solutions import w4a2_deep_nn_application as reference

SOLUTION = PROJECT / "solutions" / "w4a2_deep_nn_application.py"
# --model: (the graded function, its layers_dims in the course, seconds it takes with one core here)
MODELS = {"two_layer": ("two_layer_model", TWO_LAYER_DIMS, 20), "L_layer": ("L_layer_model", L_LAYER_DIMS, 30)}
CLASSES = ("non-cat", "cat")  # the course's classes: label 0, label 1
ASSIGNMENT = "w4a2"  # the built-in course's assignment whose models try-image trains
TRAININGS = 0  # models trained by this process (tests tell a cache hit from a training by it)


class TryImageError(Exception):
    """No picture can be classified: no model (unreadable submission, a model that does not train, no data)."""


@dataclass(frozen=True)
class Classification:
    """What the model says about one picture.

    Attributes
    ----------
    path : str
    label : str or None
        ``"cat"`` or ``"non-cat"``; None when the picture could not be classified.
    probability : float or None
        The model's output for the picture: the probability that it shows a cat.
    notes : tuple of str
        How the picture was converted (first frame, rotation, transparency, ...).
    error : str
        Why the picture could not be classified ("" when it was).
    """

    path: str
    label: str | None
    probability: float | None
    notes: tuple = ()
    error: str = ""

    def __str__(self):
        if self.error:
            head = f"{self.path}: not classified: {self.error}"
        else:
            head = f"{self.path}: {self.label} (probability of cat {shown(self.probability)})"
        return "\n".join([head] + [f"  note: {note}" for note in self.notes])

    __repr__ = __str__


def shown(probability):
    """Four decimals; "> 0.9999" and "< 0.0001" rather than a 1.0000 or 0.0000 the model never outputs."""
    if 0.99995 <= probability < 1:
        return "> 0.9999"
    if 0 < probability < 0.00005:
        return "< 0.0001"
    return f"{probability:.4f}"


class Classifications(list):
    """The results of ``try_image``, one ``Classification`` per picture, shown one per line."""

    def __repr__(self):
        return "\n".join(str(c) for c in self)

    __str__ = __repr__

    @property
    def all_classified(self):
        return all(not c.error for c in self)


# ---------------------------------------------------------------- what trains the model

@dataclass(frozen=True)
class Source:
    name: str  # for messages: the submission's path, or "the reference solution"
    digest: str  # what the trained parameters depend on, besides the model and the grader
    chunks: list | None  # the learner's code as the loader takes it; None: the reference, run here
    notes: tuple = ()  # the loader's notes (where the code does not parse)
    version: str = ""  # the version of the course's notebook its model's output is read as ("v1.2", "v8")


def _assignment(version=None):
    """W4A2 of the built-in course, as ``version`` of its notebook grades it (None: the newest)."""
    try:
        return courses.builtin().assignment(ASSIGNMENT, version)
    except CannotGrade as e:
        raise TryImageError(str(e)) from None


def _pinned(course_version, submission):
    """``course_version`` if it is one of W4A2's versions (None: recognise it from the submission); checked
    before any picture is read."""
    if course_version is None:
        return None
    newest = _assignment()
    if course_version not in newest.version_ids:
        raise TryImageError(courses.unknown_version(newest, course_version))
    if submission is None and course_version != newest.newest:
        raise TryImageError(f"course version {course_version} reads the model of a submission as that version's "
                            f"notebook returns it, and no submission is given: the reference solution, of the newest "
                            f"version ({newest.newest}), is trained; give your submission (--submission FILE), or "
                            f"leave the course version out")
    return course_version


def _source(submission, course_version=None):
    if submission is None:
        if answers.is_replayed(reference.L_layer_model):
            raise TryImageError("this learner edition has no reference model to train (it holds the reference's "
                                "recorded answers, not its code): give your W4A2 submission, "
                                "grade try-image IMAGE... --submission FILE")
        digest = hashlib.sha256(SOLUTION.read_bytes()).hexdigest()
        return Source("the reference solution", f"reference {digest}", None, version=_assignment().newest)
    try:
        loaded = reader.load(submission)
    except reader.SubmissionError as e:
        raise TryImageError(f"submission {e}; expected your W4A2 submission, a .py file or a .ipynb notebook") from None
    try:  # as grading recognises it: the pinned version, the metadata, the file name, the imports, the signatures
        version = courses.version_of(loaded, ASSIGNMENT, course_version, courses.builtin())
    except CannotGrade as e:
        raise TryImageError(str(e)) from None
    digest = hashlib.sha256()
    for _, code in loaded.chunks:  # the code that runs: not cell names, outputs, left-out lines at the end
        digest.update(code.strip().encode() + b"\0")
    return Source(str(submission), f"submission {digest.hexdigest()}", loaded.chunks, tuple(loaded.notes), version)


def _contract(source, function):
    """``(the name source's version gives function, how that version reads its output in the newest form or
    None)``: ``Differs.name`` and ``Differs.accept`` (W4A2 v8: the parameters alone)."""
    older = _assignment(source.version).version if source.chunks is not None else None
    differs = older.functions.get(function) if older is not None else None
    if differs is None:
        return function, None
    return differs.name or function, differs.accept


class _NoReference:
    """The ``ctx`` a version's ``accept`` reads the model's output with here. What an ``accept`` takes from the
    reference's output (the costs an old model does not return, ``parameters_only``) try-image never uses: it
    keeps the parameters. So the reference is not trained for it, and its output reads ``(None, None)``."""

    @staticmethod
    def reference():
        return None, None


def _model(model):
    name = model[: -len("_model")] if model.endswith("_model") else model
    if name not in MODELS:
        raise TryImageError(f"unknown model {model!r}; expected {' or '.join(MODELS)}")
    return MODELS[name]


def cache_key(source, function, dims):
    """sha256 of everything the trained parameters depend on, and of how they were read (the course version;
    see the module docstring)."""
    digest = hashlib.sha256()
    for path in [*sorted((PROJECT / "nndl").rglob("*.py")), PROJECT / "grader" / "load" / "reader.py"]:
        digest.update(f"{path.relative_to(PROJECT)}\0".encode() + path.read_bytes() + b"\0")
    settings = [paramcache.FORMAT, source.digest, source.version, function, json.dumps(list(dims)), repr(CAT_RATE),
                str(FULL_ITERATIONS), np.__version__]
    digest.update("\0".join(settings).encode())
    return digest.hexdigest()


def cache_path(submission=None, model="L_layer", course_version=None):
    """The file that keeps the parameters trained from ``submission`` (whether it exists yet or not)."""
    function, dims, _ = _model(model)
    return paramcache.path_for(cache_key(_source(submission, _pinned(course_version, submission)), function, dims))


# ---------------------------------------------------------------- training

def trained_parameters(submission=None, model="L_layer", *, data_dir=None, timeout=TIMEOUT, log=print,
                       course_version=None):
    """The parameters the model of ``submission`` learns on the cat pictures: read back, or trained now.

    Parameters
    ----------
    submission : str or Path, optional
        A W4A2 submission (``.py`` or ``.ipynb``); None: the reference solution.
    model : {"L_layer", "two_layer"}
    data_dir : str or Path, optional
        Folder with the cat dataset's ``.h5`` files (default: ``$NNDL_DATA``, then ``datasets/catvnoncat``).
    timeout : float
        Seconds the learner's model may train.
    log : callable
        Called with each line saying what happens (training, reuse, retraining and why).
    course_version : str, optional
        The version of the course's W4A2 notebook the submission follows (``"v8"``: its models return the
        parameters only); recognised from the submission as for grading when omitted.

    Returns
    -------
    dict of str to ndarray
        ``W1`` of shape (n_1, 12288), ``b1`` (n_1, 1), ..., ``bL`` (1, 1), float64, finite.

    Raises
    ------
    TryImageError
    """
    function, dims, _ = _model(model)
    source = _source(submission, _pinned(course_version, submission))
    key = cache_key(source, function, dims)
    path = paramcache.path_for(key)
    try:
        parameters = paramcache.load(path, key=key, model=function, dims=dims)
        log(f"using the parameters of {function} trained earlier from the same code ({path})")
        return parameters
    except FileNotFoundError:
        pass
    except paramcache.StaleParameters as e:
        log(f"retraining: {path} cannot be used: {e}")
    parameters = _train(source, model, data_dir, timeout, log)
    if paramcache.save(path, parameters, key=key, model=function, dims=dims, source=source.name):
        log(f"parameters saved to {path}")
        paramcache.prune()
    else:
        log(f"could not save the parameters to {path}: the next call trains again")
    return parameters


def _train(source, model, data_dir, timeout, log):
    global TRAININGS
    function, dims, seconds = _model(model)
    try:
        train_x_orig, train_y, *_ = load_cat_dataset(data_dir)
    except DatasetError as e:
        raise TryImageError(str(e)) from None
    train_x = flatten_and_scale(train_x_orig)  # (12288, 209)
    named, _ = _contract(source, function)
    older = f" (the course's {ASSIGNMENT} {source.version})" if source.version != _assignment().newest else ""
    log(f"training {named} of {source.name}{older} on the {train_y.shape[1]} cat pictures ({FULL_ITERATIONS} "
        f"iterations, learning rate {CAT_RATE:g}); this takes about {seconds} s ...")
    TRAININGS += 1
    start = time.perf_counter()
    args = (train_x, train_y, type(dims)(dims))
    kwargs = {"learning_rate": CAT_RATE, "num_iterations": FULL_ITERATIONS}
    if source.chunks is None:
        with threadpool_limits(limits=1, user_api="blas"):  # one BLAS thread, as in the learner's process
            value = getattr(reference, function)(*args, **kwargs)
    else:
        value = _train_learner(source, named, args, kwargs, timeout)
    parameters = _validated(value, source, function, dims)
    log(f"trained in {time.perf_counter() - start:.1f} s")
    return parameters


def _train_learner(source, function, args, kwargs, timeout):
    """The learner's model called in its own isolated process; its return value, or TryImageError."""
    with Runner(source.chunks) as runner:
        # seed=1 as the course's models set it themselves: the same parameters on every run.
        call = runner.call(function, args, kwargs, seed=1, timeout=timeout)
        load_notes = list(runner.load_notes)
    if call.status == "ok":
        return call.value
    raise TryImageError(_failure(call, source, function, timeout, [*source.notes, *load_notes]))


def _failure(call, source, function, timeout, load_notes):
    """One line: why the learner's model did not train, and what to do."""
    grade = f"`grade {source.name}` checks it step by step"
    if call.status == "missing":
        syntax = [note for note in load_notes if "SyntaxError" in note]  # why a definition may be missing
        why = f" ({syntax[0]})" if syntax else ""
        return f"{source.name} does not define {function}{why}; write it, or choose the other model"
    if call.status == "not_implemented":
        return f"{function} of {source.name} is not implemented yet (it raises NotImplementedError); write it first"
    if call.status == "timeout":
        return (f"{function} of {source.name} did not finish training within {timeout:g} s "
                f"(the reference takes well under a minute): is a loop endless? {grade}")
    if call.status == "error":
        frames = re.findall(r'File "([^"]+)", line (\d+)', call.traceback)
        where = f" at {frames[-1][0]}, line {frames[-1][1]}" if frames else ""
        first = call.message.splitlines()[0] if call.message else "an error"
        return f"{function} of {source.name} raised {first}{where} while training; {grade}"
    return f"{function} of {source.name} could not train: {call.message}; {grade}"


def _parameters_of(value):
    """The parameters of a model's output in the newest form, ``(parameters, costs)``; None if it is not that."""
    return value[0] if isinstance(value, (tuple, list)) and value and isinstance(value[0], dict) else None


def _read(value, source, function, names):
    """The parameters in the model's output ``value``, read as ``source``'s version returns them, or TryImageError
    saying what was returned and expected, and which older version returns that (to pass it)."""
    named, accept = _contract(source, function)
    who = f"{named} of {source.name}"
    parameters = _parameters_of(accept(value, _NoReference()) if accept is not None else value)
    if parameters is not None:
        return parameters
    if accept is not None and _parameters_of(accept({}, _NoReference())) == {}:
        raise TryImageError(f"{who} returned {describe_type(value)}; expected its parameters, a dict of {names}, "
                            f"as the models of the course's {ASSIGNMENT} {source.version} return them (or "
                            f"(parameters, costs), as the newest)")
    expected = f"expected (parameters, costs) with parameters a dict of {names}"
    readers = [older for older in _assignment().versions
               if (differs := older.functions.get(function)) is not None and differs.accept is not None
               and _parameters_of(differs.accept(value, _NoReference())) is not None]
    if readers and source.chunks is not None:
        older = readers[0]
        raise TryImageError(f"{who} returned {describe_type(value)}; {expected}, as the course's {ASSIGNMENT} "
                            f"{source.version} asks: return both, or, if yours is a notebook of {older.notebooks}, "
                            f"whose {function} returns {describe_type(value)}, pass --course-version {older.id}")
    raise TryImageError(f"{who} returned {describe_type(value)}; {expected}")


def _validated(value, source, function, dims):
    """The returned parameters as plain float64 arrays, or TryImageError saying what is wrong with them."""
    shapes = paramcache.expected_shapes(dims)
    names = ", ".join(shapes)
    who = f"{_contract(source, function)[0]} of {source.name}"
    parameters = _read(value, source, function, names)
    clean = {}
    for name, shape in shapes.items():
        if name not in parameters:
            raise TryImageError(f"{who} returned parameters without {name!r}; expected a dict of {names}")
        found = parameters[name]
        if not isinstance(found, np.ndarray) or found.dtype.kind not in "fiu":
            raise TryImageError(f"{who} returned parameters[{name!r}] as {describe_type(found)}; expected an "
                                f"array of numbers of shape {shape}")
        if found.shape != shape:
            raise TryImageError(f"{who} returned parameters[{name!r}] of shape {found.shape}, expected {shape} "
                                f"for layers_dims {list(dims)} (W{name[1:]} is (n_l, n_l-1), b{name[1:]} is (n_l, 1))")
        found = found.astype(np.float64)
        if not np.isfinite(found).all():
            raise TryImageError(f"{who} trained, but parameters[{name!r}] has {int(np.isnan(found).sum())} NaN and "
                                f"{int(np.isinf(found).sum())} infinite values of {found.size}: the training "
                                f"diverged; `grade {source.name}` finds where")
        clean[name] = found
    return clean


# ---------------------------------------------------------------- classifying

def probability_of_cat(x, parameters):
    """The model's output for the column ``x`` of shape (12288, 1): the course's ``L_model_forward``."""
    with np.errstate(all="ignore"):  # a saturated sigmoid overflows np.exp harmlessly
        AL, _ = app.L_model_forward(x, parameters)
    return float(AL[0, 0])


def _classify(path, parameters, picture):
    probability = probability_of_cat(picture.x, parameters)
    if not np.isfinite(probability):
        return Classification(str(path), None, None, picture.notes, "the model's output is not a number")
    return Classification(str(path), CLASSES[int(probability > 0.5)], probability, picture.notes)


def try_image(*images, submission=None, model="L_layer", data_dir=None, timeout=TIMEOUT, log=print,
              course_version=None):
    """Classify pictures as cat or non-cat with the model ``submission`` trains (see ``trained_parameters``).

    Parameters
    ----------
    *images : str or Path, or one list of them
        The pictures (PNG, JPEG, GIF, BMP, TIFF, WebP).
    submission, model, data_dir, timeout, log, course_version
        As for ``trained_parameters``; the model is trained only when some picture can be read.

    Returns
    -------
    Classifications
        One ``Classification`` per picture, in order; shown one per line. A picture that cannot be
        read has ``label`` None and ``error`` saying why.

    Raises
    ------
    TryImageError
        When no model can be had (see ``trained_parameters``).
    """
    if len(images) == 1 and isinstance(images[0], (list, tuple)):
        images = tuple(images[0])
    if not images:
        raise TryImageError("no picture given; pass the path of at least one picture")
    _model(model)  # an unknown model or course version is an error before any picture is read
    _pinned(course_version, submission)
    pictures = {}
    for path in images:
        try:
            pictures[path] = load_picture(path)
        except PictureError as e:
            pictures[path] = e
    readable = [p for p in pictures.values() if not isinstance(p, PictureError)]
    parameters = trained_parameters(submission, model, data_dir=data_dir, timeout=timeout, log=log,
                                    course_version=course_version) if readable else None
    results = Classifications()
    for path in images:
        picture = pictures[path]
        if isinstance(picture, PictureError):
            results.append(Classification(str(path), None, None, error=picture.reason))
        else:
            results.append(_classify(path, parameters, picture))
    return results
