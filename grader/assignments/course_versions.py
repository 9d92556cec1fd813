"""The course's older notebooks, each graded against its own contract.

An assignment's newest version is its checks as written (``CHECKS``), unchanged. An older version
(``Version``, listed in the checks module's ``VERSIONS``) says, per graded function, what its
notebook asked for otherwise (``Differs``):

- ``adapt``: how the checks call the old signature, ``adapt(args, kwargs) -> (args, kwargs)``
  (old W2A2 ``optimize`` has no defaults: every argument is passed);
- ``reference``: that version's reference, for the checks and for the learner's calls of it
  (an old ``nn_model`` calls ``compute_cost(A2, Y, parameters)``; the old W3A1 initialization reseeds);
- ``accept``: the old output in the newest form, ``accept(found, ctx) -> found`` (the old W4A1
  ``L_model_backward`` keys; the old W4A2 models return the parameters only);
- ``rules``: ``{check name: rule}``, a property rule of that version instead of the newest's
  (old W2A2: ``b`` may be the int 0);
- ``may_change``: the arguments (the reference's names) that version lets the function change in place;
- ``name``: the function's name in that version (W2A1 ``normalizeRows``);
- ``errors``: ``{text: words}``: an error of the learner's call whose message or traceback holds ``text``
  gets ``words`` (the W4A1 first release's given assert, which holds for a layer of one unit only).

A version keeps every check's name and points. What tells a version (``file_names``, ``imports``,
``signatures``) is read by ``grader.course.version_of``.
"""

import ast
import copy
import dataclasses
import inspect
from dataclasses import dataclass, field
from typing import Callable

from grader.checking.model import holds


@dataclass(frozen=True)
class Differs:
    """What one graded function's contract is in an older version (see the module's docstring)."""

    what: str  # one line: what differs from the newest, for the README and --list
    adapt: Callable | None = None
    reference: Callable | None = None
    accept: Callable | None = None
    rules: dict = field(default_factory=dict)
    may_change: tuple = ()
    name: str | None = None
    errors: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Version:
    """One older version of an assignment's notebook and how its contract differs from the newest."""

    id: str  # as the notebook names itself: "v6a"
    notebooks: str  # which notebooks follow this contract, in words: "v3 to v6a (2017-2020)"
    functions: dict  # {graded function (newest name): Differs}
    file_names: tuple = ()  # version labels in the notebook's file name ("..._v6a.ipynb"): ("v6a", "v5", ...)
    imports: tuple = ()  # modules only this version's notebook imports ("testCases_v3")
    signatures: dict = field(default_factory=dict)  # {function: predicate(ast.FunctionDef) -> bool}

    def checks(self, checks):
        """The newest ``checks`` as this version grades them: same names, points and order."""
        adapted = {}  # one adapted inputs per original inputs: checks that share a call keep sharing it
        changed = []
        for check in checks:
            differs = self.functions.get(check.function)
            if differs is None:
                changed.append(check)
                continue
            changes = {}
            if differs.adapt is not None:
                if id(check.inputs) not in adapted:
                    adapted[id(check.inputs)] = _adapted(check.inputs, differs.adapt)
                changes["inputs"] = adapted[id(check.inputs)]
            verify = check.verify
            if check.name in differs.rules:
                verify = holds(check.function, check.name, check.inputs, differs.rules[check.name]).verify
            if differs.accept is not None:
                verify = _accepting(verify, differs.accept)
            if differs.may_change and check.return_args:
                verify = _ignoring_changes(verify, differs.may_change)
            changes["verify"] = verify
            if differs.reference is not None:
                changes["cache_reference"] = False  # the on-disk outputs are the newest reference's
            if differs.may_change and hasattr(check, "may_change"):
                changes["may_change"] = tuple(dict.fromkeys((*check.may_change, *differs.may_change)))
            if differs.name:
                changes["function"] = differs.name
            if differs.errors:
                changes["error_words"] = (*check.error_words, *differs.errors.items())
            changed.append(dataclasses.replace(check, **changes))
        return tuple(changed)

    @property
    def renamed(self):
        """``{newest name: this version's name}`` of the functions it names otherwise (W2A1 v3a ``normalizeRows``)."""
        return {function: d.name for function, d in self.functions.items() if d.name}

    def contradicted_by(self, defined):
        """Whether functions ``defined`` (names) contradict this version: a function it renames is defined
        under its newest name only (a learner of that notebook who renamed it as the newest does)."""
        return any(d.name and d.name not in defined and f in defined for f, d in self.functions.items())

    def references(self, references):
        """``{function name: reference}`` of this version, from the newest's."""
        found = dict(references)
        for function, differs in self.functions.items():
            reference = differs.reference or references[function]
            found[differs.name or function] = reference
        return found


def _adapted(inputs, adapt):
    def build():
        args, kwargs = inputs()
        return adapt(tuple(args), dict(kwargs))

    return dataclasses.replace(inputs, build=build) if dataclasses.is_dataclass(inputs) else build


def _accepting(verify, accept):
    return lambda found, ctx: verify(accept(found, ctx), ctx)


def _ignoring_changes(verify, names):
    """A verify that sees the arguments ``names`` as they were before the call (the version may change them)."""

    def changed_allowed(found, ctx):
        if ctx.args_after is None:
            return verify(found, ctx)
        parameters = list(inspect.signature(ctx.reference_function).parameters)
        after = tuple(before if i < len(parameters) and parameters[i] in names else now
                      for i, (before, now) in enumerate(zip(ctx.args, ctx.args_after)))
        return verify(found, dataclasses.replace(ctx, args_after=after))

    return changed_allowed


# ---------------------------------------------------------------- adapters and predicates the versions share


def every_argument(reference):
    """``adapt``: the call as given, with every argument it leaves to a default of ``reference`` passed by name."""

    def adapt(args, kwargs):
        bound = inspect.signature(reference).bind(*args, **kwargs)
        bound.apply_defaults()
        given = list(bound.arguments)[:len(args)]
        return args, copy.deepcopy({k: v for k, v in bound.arguments.items() if k not in given})

    return adapt


def parameters(text):
    """``signatures`` predicate: the function's parameters are ``text``, e.g. ``"w, b, X, Y, print_cost="``
    (a trailing ``=`` marks a parameter with a default)."""
    wanted = [p.strip() for p in text.split(",")]

    def matches(node):
        arguments = node.args.posonlyargs + node.args.args
        first_default = len(arguments) - len(node.args.defaults)
        found = [a.arg + ("=" if i >= first_default else "") for i, a in enumerate(arguments)]
        return found == wanted

    return matches


def returns_one_name(node):
    """``signatures`` predicate: every ``return`` of the function gives one plain name (``return parameters``)."""
    returns = [n for n in ast.walk(node) if isinstance(n, ast.Return)]
    return bool(returns) and all(isinstance(r.value, ast.Name) for r in returns)


def asserts(expression):
    """``signatures`` predicate: the function asserts ``expression`` (``"isinstance(db, float)"``), however it is
    parenthesised or spaced, or has that assert commented out (``# assert (isinstance(db, float))``, as learners
    who removed a version's given assert left it), when ``grader.course`` gave the function's text
    (``source_text``)."""
    wanted = ast.dump(ast.parse(expression, mode="eval").body)

    def asserted(tree):
        return any(isinstance(n, ast.Assert) and ast.dump(n.test) == wanted for n in ast.walk(tree))

    def commented_out(line):
        line = line.strip()
        if not line.startswith("#"):
            return False
        try:
            return asserted(ast.parse(line.lstrip("#").strip()))
        except (SyntaxError, ValueError):
            return False

    def matches(node):
        return asserted(node) or any(commented_out(line) for line in getattr(node, "source_text", "").splitlines())

    return matches
