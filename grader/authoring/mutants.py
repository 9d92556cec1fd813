"""Mutants of a solution's graded function: the course's classic mistakes, one at a time.

An instructor who edits a solution or a check wants to know that the checks still catch the
mistakes learners make. A *mutant* is the solution module with exactly one such mistake put into
one graded function (a dropped ``.T``, ``axis=0`` for ``axis=1``, a missing ``/ m``, ...); grading it
as a submission should lose points. This module only makes the mutants; grading them is the
caller's business.

    mutants(source, function, filename="<solution>", operators=None) -> [Mutant]
    sites(source, function, filename="<solution>", operators=None) -> {operator id: number of sites}
    graded_functions(source) -> [name]        (the "# GRADED FUNCTION: name" marks, in order)
    OPERATORS                                  (the operators, in the order mutants are sorted by)

A ``Mutant`` has the ``function`` mutated, the ``operator``'s short id, a ``description`` in words
("drop the .T of A1.T in line 302"), the ``line`` of the change in the original source, the
mutant's whole module ``source`` (only that function differs from the original, so it can be
graded as a submission), and a unified ``diff`` of it against the original (a few lines).

How a mutant is made
--------------------
The function is read with ``ast``. Every operator looks at every node of the function's body (not
its docstring, signature or decorators) and proposes changes, one change per mutant. Code that only
feeds or decides a ``print`` (``print(...)``'s arguments, the test of an ``if`` whose body only
prints) is left alone: the checks grade values, not printed text, so those mutants would all live.

A change is written back into the original text as narrowly as possible, so that comments, quotes
and layout stay as they were:

- a replaced expression is written with the original text of the parts it keeps, in parentheses
  where precedence needs them, new strings in the function's own quotes;
- a dropped argument is cut out with its comma; a dropped statement is cut out (``pass`` if its
  block would be empty); a moved statement moved.

Every candidate text is parsed again and must give exactly the intended tree. When no narrow edit
does, the enclosing simple statement, and at last the whole function, is replaced by ``ast.unparse``
of the mutated code (losing its comments). The mutant's module must compile. A change that gives
back the original, or a source already produced, is left out.

Mutants are sorted by the line and column of the change, then by the operator's place in
``OPERATORS``, then by the operator's own order. Two mutants of one line that would read alike
say which place they change: "(2nd of 2 places in that line)".

``sites`` counts, per operator, the places (nodes) where the operator proposes a change, before
duplicates are removed; one site may give several mutants (``axis`` one, ``range`` three).

The operators
-------------
The course's mistakes first, then a modest generic set:

- ``transpose``: drop a ``.T``;
- ``axis``: ``axis=0`` <-> ``axis=1``;
- ``keepdims``: drop ``keepdims=...``;
- ``one_over_m``: drop a ``/ m``, or a ``1 / m *`` (``1. / m``, ``(1 / m) *``) factor, keeping the
  minus of ``-1 / m``: a sum instead of a mean. m is the name ``m`` (``m_train``...) or ``X.shape[1]``;
- ``dot_to_mul``: ``np.dot(a, b)`` (``np.matmul``, ``a @ b``) -> ``a * b``;
- ``mul_to_dot``: ``a * b`` -> ``np.dot(a, b)`` when both look like arrays (names, attributes,
  subscripts; not numbers, not scalars such as ``learning_rate``, ``m``, ``n_h``, ``X.shape[0]``),
  and ``np.multiply`` -> ``np.dot``;
- ``update_sign``: ``+`` <-> ``-`` in the value assigned to a parameter or a gradient (a target named
  ``d...``, ``W...``, ``b...``, ``w...``, or a key such as ``"W" + str(l)``, ``f"dW{l}"``), ``-=`` <-> ``+=``;
- ``activation``: ``np.tanh`` <-> ``sigmoid`` <-> ``relu`` (those the module defines or imports),
  ``relu_backward`` <-> ``sigmoid_backward``, and the strings ``"relu"`` <-> ``"sigmoid"`` passed to
  a call;
- ``a_z``: ``A`` <-> ``Z`` of the same layer: a name read (``A1``/``Z1``, ``A``/``Z``, ``AL``/``ZL``)
  where the other is a parameter or assigned before; a key (``"A1"``, ``"A" + str(l)``, ``f"A{l}"``);
- ``layer_index``: a layer index off by one: ``l`` or ``L`` (``l + 1``, ``L - 1``...) one more and
  one less in ``str(l)``, ``f"W{l}"``, ``caches[l]``, ``layer_dims[l - 1]``; a key ``"W1"`` ->
  ``"W2"``/``"W0"`` when the function has that key too; a name ``W1`` -> ``W2`` read where the other
  is assigned before (``d?[WbAZ]<n>``);
- ``range``: ``range(n)`` -> ``range(1, n)``, ``range(n - 1)``, ``range(n + 1)``;
  ``range(a, n)`` -> ``range(n)``, ``range(a, n - 1)``, ``range(a, n + 1)``;
- ``constant``: the course's meaningful constants: 0.01 -> 0.1, 1.0 (the weights' scale);
  0.5 -> 0.4, 0.6 (the threshold); 2 -> 1, 3 (powers); 100 -> 10, 1000 and 1000 -> 100 (how often
  the cost is recorded); 1 -> 0 in a subtraction or an exponent (``1 - A``);
- ``drop_arg``: drop a keyword argument of a call (``axis=1``, ``learning_rate=lr``; not
  ``keepdims``, which has its own operator), or a positional one that passes on a defaulted
  parameter of the function (``optimize(..., learning_rate, print_cost)``): the last one, or another
  with the later ones turned into keywords when the callee is a function of the module. Never the
  argument of a builtin (``range(num_iterations)``);
- ``zero_loop``: ``for x in ...:`` -> ``for x in range(0):``, the body kept;
- ``seed``: ``np.random.seed(k)`` dropped, or moved after the next statement that may draw random
  numbers (``np.random.*``, a function of the module that does, an imported function): moved after
  ``costs = []`` it would change nothing;
- ``arith``: ``*`` <-> ``/``, ``+`` <-> ``-``, ``**`` -> ``*``, except what ``update_sign`` and
  ``layer_index`` own and string concatenations;
- ``compare``: ``>`` -> ``>=``, ``<``; ``<`` -> ``<=``, ``>``; ``>=`` -> ``>``; ``<=`` -> ``<``;
  ``==`` <-> ``!=``;
- ``number``: the numbers no other operator owns (not ``axis=``, ``range`` bounds, the k of
  ``l + k``, the course's constants): an int n -> n + 1 and 0; a float x -> 2x and x / 2;
- ``negation``: drop a unary minus (``np.exp(-x)``, ``-1 / m``).

Not made: ``return x`` -> ``return None`` and similar changes that any check catches.
"""

import ast
import builtins
import copy
import difflib
import re
from collections import Counter
from dataclasses import dataclass

from grader.load.reader import GRADED_MARK

SHOWN = 60  # characters of code quoted in a description


class MutationError(ValueError):
    """The solution cannot be mutated: it does not parse, or it has no such function."""


@dataclass(frozen=True)
class Mutant:
    function: str  # the graded function mutated
    operator: str  # the operator's id: "transpose", "axis", ...
    description: str  # the mistake in words, with its line: "drop the .T of A1.T in line 302"
    line: int  # the line of the change in the original source
    source: str  # the whole module, only ``function`` changed
    diff: str  # unified diff of the module (so: of the function) against the original


# -- public API -------------------------------------------------------------------------------------

def graded_functions(source):
    """The names marked ``# GRADED FUNCTION: name`` in ``source``, in order, each once (as the reader
    of submissions finds them)."""
    return list(dict.fromkeys(m["name"] for m in GRADED_MARK.finditer(source)))


def mutants(source, function, filename="<solution>", operators=None):
    """The mutants of ``function`` in the module ``source``: ``[Mutant]``, sorted, without duplicates.

    ``operators``: ids of the operators to use (all by default). Raises ``MutationError`` when the
    source does not parse, the function is not defined at the top level, or an id is unknown."""
    fn = _Function(source, function, filename)
    made, seen = [], {source}
    for change in _changes(fn, _selected(operators)):
        built = fn.build(change)
        if built is not None and built not in seen:
            seen.add(built)
            made.append((change, built))
    said = Counter((change.description, change.at.lineno) for change, _ in made)
    found, counted = [], Counter()
    for change, built in made:
        line, key = change.at.lineno, (change.description, change.at.lineno)
        description = f"{change.description} in line {line}"
        if said[key] > 1:  # the same words for two places of one line: say which
            counted[key] += 1
            description += f" ({_ordinal(counted[key])} of {said[key]} places in that line)"
        found.append(Mutant(function, change.operator, description, line, built, fn.diff(built, change.operator)))
    return found


def _ordinal(n):
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def sites(source, function, filename="<solution>", operators=None):
    """``{operator id: how many places of function it changes}``, for every operator (0 included), in
    the order of ``OPERATORS``. Raises ``MutationError`` as ``mutants`` does."""
    fn = _Function(source, function, filename)
    selected = _selected(operators)
    places = {op.id: set() for op in selected}
    for change in _changes(fn, selected):
        places[change.operator].add(id(change.at))
    return {op_id: len(nodes) for op_id, nodes in places.items()}


def _selected(ids):
    if ids is None:
        return list(OPERATORS)
    known = {op.id: op for op in OPERATORS}
    ids = [ids] if isinstance(ids, str) else list(ids)
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise MutationError(f"unknown mutation operator {', '.join(map(repr, unknown))}: expected one of "
                            f"{', '.join(known)}")
    return [op for op in OPERATORS if op.id in ids]


def _changes(fn, operators):
    """Every change the operators propose for ``fn``, sorted (line, column, operator, own order)."""
    ranked = []
    for site in fn.walk():
        if _printing_only(site):
            continue
        for rank, op in enumerate(operators):
            for variant, change in enumerate(op.changes(site, fn)):
                change.operator = op.id
                ranked.append(((change.at.lineno, change.at.col_offset, rank, variant), len(ranked), change))
    ranked.sort(key=lambda item: item[:2])
    return [change for _, _, change in ranked]


# -- the function and its text ----------------------------------------------------------------------

@dataclass
class _Site:
    node: ast.AST
    path: tuple  # ((field, index or None), ...) from the function node to ``node``
    ancestors: tuple  # the function node ... the parent of ``node``

    @property
    def parent(self):
        return self.ancestors[-1]

    @property
    def field(self):
        return self.path[-1][0]


@dataclass
class _Change:
    at: ast.AST  # the node changed: its line and column place and sort the mutant
    description: str
    path: tuple  # what is replaced or removed (kind "node", "remove"), or the statement moved (kind "drop", "move")
    kind: str = "node"  # "node": replace; "remove": cut an argument; "drop"/"move": a statement
    new: object = None  # the replacement node (kind "node"); the index to move after (kind "move")
    operator: str = ""


class _Function:
    """One top-level function of a module, what it binds, and how to write a change back into its text."""

    def __init__(self, source, name, filename):
        self.source, self.name, self.filename = source, name, filename
        try:
            module = ast.parse(source, filename)
        except SyntaxError as e:
            raise MutationError(f"{filename}, line {e.lineno or 1}: {type(e).__name__}: {e.msg}; the solution "
                                f"must parse before it can be mutated: fix it and run again") from None
        except (ValueError, RecursionError, MemoryError) as e:
            raise MutationError(f"{filename}, line 1: {type(e).__name__}: {e}; the solution must parse before "
                                f"it can be mutated: fix it and run again") from None
        defs = [n for n in module.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == name]
        if not defs:
            graded = graded_functions(source)
            listed = (f"its graded functions are {', '.join(graded)}: pass one of those" if graded
                      else "it has no '# GRADED FUNCTION: name' marks either: is it the right file?")
            raise MutationError(f"{filename} has no function {name!r} (expected a top-level 'def {name}(...)'); "
                                f"{listed}")
        self.node = defs[-1]  # the definition that counts, as when the module runs
        self.start = self.node.decorator_list[0].lineno if self.node.decorator_list else self.node.lineno
        self.end = self.node.end_lineno
        self.lines = source.split("\n")
        self.text = "\n".join(self.lines[self.start - 1:self.end])
        self.data = self.text.encode("utf-8")
        self.line_starts = [0]
        for line in self.text.split("\n"):
            self.line_starts.append(self.line_starts[-1] + len(line.encode("utf-8")) + 1)
        self.dump = ast.dump(self.node)
        self.quote = '"' if self.text.count('"') >= self.text.count("'") else "'"  # for strings written anew
        self.ids = {id(n) for n in ast.walk(self.node)}
        self._module_names(module)
        self._bindings()

    def _module_names(self, module):
        self.module_names, self.defs, self.numpy = set(), {}, []
        for node in module.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.module_names.add(node.name)
                if not isinstance(node, ast.ClassDef):
                    self.defs[node.name] = node
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    bound = alias.asname or alias.name.split(".")[0]
                    self.module_names.add(bound)
                    if isinstance(node, ast.Import) and alias.name == "numpy":
                        self.numpy.append(bound)
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                self.module_names.update(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))

    def _bindings(self):
        """Where each name is bound in the function: a parameter at (0, 0), an assignment at the end of
        its statement, a loop variable at the end of the loop's iterable."""
        args = self.node.args
        params = [*args.posonlyargs, *args.args, *args.kwonlyargs]
        self.bound = {a.arg: [(0, 0)] for a in [*params, args.vararg, args.kwarg] if a is not None}
        positional = [*args.posonlyargs, *args.args]
        self.defaulted = {a.arg for a in positional[len(positional) - len(args.defaults):]}
        self.defaulted |= {a.arg for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None}
        self.strings = set()
        docstring = self.node.body[0].value if _is_docstring(self.node.body[0]) else None
        for node in ast.walk(self.node):
            targets, at = [], None
            if isinstance(node, ast.Assign):
                targets, at = node.targets, node
            elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
                targets, at = [node.target], node
            elif isinstance(node, (ast.For, ast.AsyncFor)):
                targets, at = [node.target], node.iter
            elif isinstance(node, ast.NamedExpr):
                targets, at = [node.target], node
            elif isinstance(node, ast.withitem) and node.optional_vars is not None:
                targets, at = [node.optional_vars], node.context_expr
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node is not docstring:
                self.strings.add(node.value)
            for target in targets:
                for n in ast.walk(target):
                    if isinstance(n, ast.Name):
                        self.bound.setdefault(n.id, []).append((at.end_lineno, at.end_col_offset))

    def bound_before(self, name, node):
        """``name`` is a parameter, or is assigned before ``node`` (in the text)."""
        return any(p < (node.lineno, node.col_offset) for p in self.bound.get(name, ()))

    # -- the nodes to mutate

    def walk(self):
        """Every node of the function's body, its docstring left out, in the order of the text."""
        body = self.node.body
        first = 1 if _is_docstring(body[0]) else 0
        for i in range(first, len(body)):
            yield from self._walk(body[i], (("body", i),), (self.node,))

    def _walk(self, node, path, ancestors):
        yield _Site(node, path, ancestors)
        inner = ancestors + (node,)
        for field, value in ast.iter_fields(node):
            if isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, ast.AST) and not isinstance(item, _TOKENS):
                        yield from self._walk(item, path + ((field, i),), inner)
            elif isinstance(value, ast.AST) and not isinstance(value, _TOKENS):
                yield from self._walk(value, path + ((field, None),), inner)

    def may_draw(self, node, seen=None):
        """``node`` may draw random numbers: it calls ``np.random.<not seed>``, a function of the module
        that may, or an imported function (which the module's text cannot tell about)."""
        seen = set() if seen is None else seen
        for call in ast.walk(node):
            if not isinstance(call, ast.Call):
                continue
            func = call.func
            if isinstance(func, ast.Attribute) and func.attr != "seed" and _is_numpy(func.value, self, "random"):
                return True
            if isinstance(func, ast.Name) and func.id in self.defs and func.id not in seen:
                seen.add(func.id)
                if self.may_draw(self.defs[func.id], seen):
                    return True
            elif isinstance(func, ast.Name) and func.id in self.module_names and func.id not in self.defs:
                return True
        return False

    def diff(self, mutated, operator):
        """A unified diff of the function (one line of context), numbered as the module's lines."""
        new = mutated.split("\n")
        before = self.lines[self.start - 1:self.end]
        after = new[self.start - 1:len(new) - (len(self.lines) - self.end)]
        lines = list(difflib.unified_diff(before, after, fromfile=self.filename,
                                          tofile=f"{self.filename} ({operator}: {self.name})", n=1, lineterm=""))
        shift = self.start - 1

        def renumber(m):
            return f"@@ -{int(m[1]) + shift}{m[2] or ''} +{int(m[3]) + shift}{m[4] or ''} @@"

        return "\n".join(_HUNK.sub(renumber, line) if line.startswith("@@") else line for line in lines)

    # -- describing

    def show(self, node):
        """The code of ``node`` on one line, shortened: as written when it is the original's."""
        text = self.segment(node) or self.render(node)
        text = " ".join(text.split())
        return text if len(text) <= SHOWN else text[:SHOWN - 3] + "..."

    # -- building a mutant

    def build(self, change):
        """The mutant's module source, or None (no change, or no valid text for it)."""
        mutated = _apply(self.node, change)
        target = ast.dump(mutated)
        if target == self.dump:
            return None
        for text in self._candidates(change, mutated):
            if text is None or not _parses_to(text, target):
                continue
            source = "\n".join(self.lines[:self.start - 1] + [text] + self.lines[self.end:])
            try:
                compile(source, self.filename, "exec", dont_inherit=True)
            except (SyntaxError, ValueError):
                return None
            return source
        return None

    def _candidates(self, change, mutated):
        """Texts of the mutated function, narrowest edit first; each is checked by parsing it."""
        if change.kind == "node":
            span = _span_path(self.node, change.path)
            old = _get(self.node, span)
            new = _get(mutated, span)
            text = self.render(new)
            yield self._splice(old, old, text)
            yield self._splice(old, old, f"({text})")
        elif change.kind == "remove":
            yield self._cut_argument(change)
        elif change.kind in ("drop", "move"):
            yield self._statement_lines(change)
        statement = _enclosing_statement(self.node, change.path) if change.kind in ("node", "remove") else None
        if statement is not None:
            old = _get(self.node, statement)
            if not isinstance(old, _COMPOUND):
                yield self._splice(old, old, ast.unparse(_get(mutated, statement)))
        whole = ast.unparse(mutated)
        yield whole.replace("\n", "\r\n") if "\r\n" in self.text else whole

    def segment(self, node):
        """The text of ``node`` as written, if it is a node of the original function; else None."""
        if id(node) not in self.ids or getattr(node, "end_lineno", None) is None:
            return None
        a = self._offset(node.lineno, node.col_offset)
        b = self._offset(node.end_lineno, node.end_col_offset)
        try:
            return self.data[a:b].decode("utf-8")
        except UnicodeDecodeError:
            return None

    def render(self, node, tightness=0):
        """Code for ``node``: the original text of what it keeps from the function, the rest written
        as Python does, strings in the function's quotes; parenthesized when it binds less tightly than
        ``tightness`` asks."""
        text = self.segment(node)
        if text is None:
            text = self._write(node)
        return f"({text})" if _precedence(node) < tightness else text

    def _write(self, node):
        r = self.render
        if isinstance(node, ast.BinOp):
            p = _BINARY[type(node.op)]
            right_assoc = isinstance(node.op, ast.Pow)
            left, right = r(node.left, p + 1 if right_assoc else p), r(node.right, p if right_assoc else p + 1)
            return f"{left} {_OP_TEXT[type(node.op)]} {right}"
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return f"-{r(node.operand, 12)}"
        if isinstance(node, ast.Compare):
            parts = [r(node.left, 6)]
            for op, right in zip(node.ops, node.comparators):
                parts += [_OP_TEXT[type(op)], r(right, 6)]
            return " ".join(parts)
        if isinstance(node, ast.Call) and not any(isinstance(a, ast.Starred) for a in node.args):
            args = [r(a) for a in node.args] + [f"{k.arg}={r(k.value)}" if k.arg else f"**{r(k.value)}"
                                                 for k in node.keywords]
            return f"{r(node.func, _ATOM)}({', '.join(args)})"
        if isinstance(node, ast.Attribute):
            return f"{r(node.value, _ATOM)}.{node.attr}"
        if isinstance(node, ast.AugAssign):
            return f"{r(node.target)} {_OP_TEXT[type(node.op)]}= {r(node.value)}"
        text = ast.unparse(node)
        if isinstance(node, (ast.Constant, ast.JoinedStr)) and (m := _SIMPLE_STRING.match(text)):
            text = f'{m["prefix"]}{self.quote}{m["body"]}{self.quote}'
        return text

    def _offset(self, line, col):
        return self.line_starts[line - self.start] + col

    def _splice(self, first, last, text):
        """The function's text with the span from ``first``'s start to ``last``'s end replaced by ``text``."""
        a = self._offset(first.lineno, first.col_offset)
        b = self._offset(last.end_lineno, last.end_col_offset)
        try:
            return (self.data[:a] + text.encode("utf-8") + self.data[b:]).decode("utf-8")
        except UnicodeDecodeError:
            return None

    def _cut_argument(self, change):
        """Cut an argument out of a call's text, with its comma: ``f(a, b=1)`` -> ``f(a)``."""
        call = _get(self.node, change.path[:-1])
        gone = _get(self.node, change.path)
        items = sorted([*call.args, *call.keywords], key=lambda n: (n.lineno, n.col_offset))
        k = next(i for i, n in enumerate(items) if n is gone)
        start, end = self._offset(gone.lineno, gone.col_offset), self._offset(gone.end_lineno, gone.end_col_offset)
        if k > 0:  # from the end of the one before: ", b=1"
            a, b = self._offset(items[k - 1].end_lineno, items[k - 1].end_col_offset), end
        elif k + 1 < len(items):  # to the start of the one after: "a, "
            a, b = start, self._offset(items[k + 1].lineno, items[k + 1].col_offset)
        else:
            a, b = start, end
        try:
            return (self.data[:a] + self.data[b:]).decode("utf-8")
        except UnicodeDecodeError:
            return None

    def _statement_lines(self, change):
        """Drop a statement's lines (``pass`` if its block empties), or move them after a later sibling's."""
        lines = self.text.split("\n")
        owner = _get(self.node, change.path[:-1])
        field, i = change.path[-1]
        block = getattr(owner, field)
        statement = block[i]
        first, last = statement.lineno - self.start, statement.end_lineno - self.start
        head = lines[first].encode("utf-8")[:statement.col_offset]
        tail = lines[last].encode("utf-8")[statement.end_col_offset:]
        if head.strip() or (tail.strip() and not tail.strip().startswith(b"#")):
            return None  # shares its line with other code: leave it to the fallbacks
        own = lines[first:last + 1]
        if change.kind == "drop":
            rest = [head.decode("utf-8") + "pass"] if len(block) == 1 else []
            return "\n".join(lines[:first] + rest + lines[last + 1:])
        after = block[change.new].end_lineno - self.start
        return "\n".join(lines[:first] + lines[last + 1:after + 1] + own + lines[after + 1:])


_HUNK = re.compile(r"^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@")
_TOKENS = (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)  # no position, nothing inside
_COMPOUND = (ast.For, ast.AsyncFor, ast.While, ast.If, ast.With, ast.AsyncWith, ast.Try, ast.FunctionDef,
             ast.AsyncFunctionDef, ast.ClassDef, ast.Match) + ((ast.TryStar,) if hasattr(ast, "TryStar") else ())


def _is_docstring(statement):
    return (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
            and isinstance(statement.value.value, str))


def _get(root, path):
    node = root
    for field, index in path:
        node = getattr(node, field)
        if index is not None:
            node = node[index]
    return node


def _apply(function, change):
    """The function with ``change`` made: the nodes on the way to the change are copied, the original
    is left as it is."""
    root = owner = copy.copy(function)
    for field, index in change.path[:-1]:
        value = getattr(owner, field)
        if index is None:
            child = copy.copy(value)
        else:
            value = list(value)
            child = value[index] = copy.copy(value[index])
        setattr(owner, field, child if index is None else value)
        owner = child
    field, index = change.path[-1]
    if change.kind == "node":
        if index is None:
            setattr(owner, field, change.new)
        else:
            block = list(getattr(owner, field))
            block[index] = change.new
            setattr(owner, field, block)
        return root
    block = list(getattr(owner, field))
    setattr(owner, field, block)
    if change.kind == "remove":
        del block[index]
    elif change.kind == "drop":
        del block[index]
        if not block:
            block.append(ast.Pass())
    elif change.kind == "move":
        block[index:change.new + 1] = block[index + 1:change.new + 1] + [block[index]]
    return root


def _span_path(function, path):
    """The path of what to rewrite for a change at ``path``: the outermost f-string around it, if any
    (positions inside f-strings are not to be trusted), else ``path`` itself."""
    node = function
    for k, (field, index) in enumerate(path):
        node = getattr(node, field)
        node = node if index is None else node[index]
        if isinstance(node, ast.JoinedStr):
            return path[:k + 1]
    return path


def _enclosing_statement(function, path):
    """The path of the innermost statement around (or at) ``path``; None for the function itself."""
    node, found = function, None
    for k, (field, index) in enumerate(path):
        node = getattr(node, field)
        node = node if index is None else node[index]
        if isinstance(node, ast.stmt):
            found = path[:k + 1]
    return found


def _parses_to(text, target):
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return len(tree.body) == 1 and ast.dump(tree.body[0]) == target


_SIMPLE_STRING = re.compile(r"^(?P<prefix>[fF]?)'(?P<body>[^'\"\\]*)'$")

# How tightly each kind of expression binds (Python's grammar), to put parentheses where needed.
_BINARY = {ast.BitOr: 6, ast.BitXor: 7, ast.BitAnd: 8, ast.LShift: 9, ast.RShift: 9, ast.Add: 10, ast.Sub: 10,
           ast.Mult: 11, ast.Div: 11, ast.FloorDiv: 11, ast.Mod: 11, ast.MatMult: 11, ast.Pow: 13}
_ATOM = 16


def _precedence(node):
    if isinstance(node, (ast.Lambda, ast.NamedExpr)):
        return 0
    if isinstance(node, ast.IfExp):
        return 1
    if isinstance(node, ast.BoolOp):
        return 2 if isinstance(node.op, ast.Or) else 3
    if isinstance(node, ast.UnaryOp):
        return 4 if isinstance(node.op, ast.Not) else 12
    if isinstance(node, ast.Compare):
        return 5
    if isinstance(node, ast.BinOp):
        return _BINARY[type(node.op)]
    if isinstance(node, ast.Await):
        return 14
    return _ATOM


# -- small AST helpers ------------------------------------------------------------------------------

def _name(identifier):
    return ast.Name(id=identifier, ctx=ast.Load())


def _dotted(text):
    """``np.dot`` as an expression node."""
    parts = text.split(".")
    node = _name(parts[0])
    for part in parts[1:]:
        node = ast.Attribute(value=node, attr=part, ctx=ast.Load())
    return node


def _call(func, args, keywords=()):
    return ast.Call(func=_dotted(func) if isinstance(func, str) else func, args=list(args), keywords=list(keywords))


def _number(value):
    """A number node; negative numbers as ``-x``, as the parser writes them."""
    if value < 0:
        return ast.UnaryOp(op=ast.USub(), operand=ast.Constant(value=-value))
    return ast.Constant(value=value)


def _is_number(node, value=None):
    ok = isinstance(node, ast.Constant) and type(node.value) in (int, float)
    return ok and (value is None or node.value == value)


def _is_int(node):
    return isinstance(node, ast.Constant) and type(node.value) is int


def _is_str(node):
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _is_numpy(node, fn, *attrs):
    """``np.<attr>`` (any alias of numpy the module imports; ``np`` if it imports none)."""
    aliases = fn.numpy or ["np"]
    return (isinstance(node, ast.Attribute) and node.attr in attrs and isinstance(node.value, ast.Name)
            and node.value.id in aliases)


def _is_seed(node, fn):
    """``np.random.seed(...)``"""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "seed"
            and _is_numpy(node.func.value, fn, "random"))


def _callee(call):
    """``np.sum``, ``optimize``: the called function's name, for descriptions."""
    return ast.unparse(call.func)


def _is_stringy(node):
    """A string, an f-string, ``str(...)``, or a concatenation with one."""
    if _is_str(node) or isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "str":
        return True
    return isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and (
        _is_stringy(node.left) or _is_stringy(node.right))


_OP_TEXT = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**", ast.MatMult: "@",
            ast.Gt: ">", ast.GtE: ">=", ast.Lt: "<", ast.LtE: "<=", ast.Eq: "==", ast.NotEq: "!="}

LAYER_INDEXES = ("l", "L")  # the names the course gives a layer's index and the number of layers
_PARAMETER = re.compile(r"^[dWbw]")  # W1, b, dW2, db, dZ1, w ...: parameters and gradients
_LAYER_KEY = re.compile(r"^(?P<kind>d?[WbAZ])(?P<layer>\d+)$")  # "W1", "dA0", A2 ...
_A_OR_Z = re.compile(r"^(?P<kind>[AZ])(?P<layer>\d*|L)$")  # A, Z1, AL
_EXAMPLES = re.compile(r"^m(_\w+)?$")  # m, m_train: the number of examples


def _index_expression(node):
    """``l``, ``L``, ``l + 1``, ``L - 1``: a layer index, or None."""
    if isinstance(node, ast.Name) and node.id in LAYER_INDEXES:
        return node
    if (isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)) and _is_int(node.right)
            and isinstance(node.left, ast.Name) and node.left.id in LAYER_INDEXES):
        return node
    return None


def _shift(expr, delta):
    """``expr + delta``, folded: ``l`` +1 -> ``l + 1``; ``l - 1`` +1 -> ``l``; ``l + 1`` +1 -> ``l + 2``."""
    base, k = expr, 0
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, (ast.Add, ast.Sub)) and _is_int(expr.right):
        base, k = expr.left, expr.right.value if isinstance(expr.op, ast.Add) else -expr.right.value
    k += delta
    if k == 0:
        return base
    return ast.BinOp(left=base, op=ast.Add() if k > 0 else ast.Sub(), right=ast.Constant(value=abs(k)))


def _in_index_position(site):
    """``site.node`` is where a layer index goes: ``str(<>)``, ``f"W{<>}"``, ``caches[<>]``."""
    parent, field = site.parent, site.field
    if isinstance(parent, ast.Call) and isinstance(parent.func, ast.Name) and parent.func.id == "str":
        return field == "args" and len(parent.args) == 1 and not parent.keywords
    return (isinstance(parent, ast.FormattedValue) and field == "value") or (
        isinstance(parent, ast.Subscript) and field == "slice")


def _owned_constant(site):
    """A number another operator owns: an ``axis=`` value (``axis``), a ``range(...)`` bound
    (``range``), the k of a layer index ``l + k`` (``layer_index``)."""
    parent = site.parent
    if isinstance(parent, ast.keyword) and parent.arg in ("axis", "keepdims"):
        return True
    chain = site.ancestors + (site.node,)
    for k, node in enumerate(chain[:-1]):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range":
            if any(chain[k + 1] is a for a in node.args):
                return True
    if _index_expression(parent) is not None and site.field == "right" and len(site.ancestors) >= 2:
        return _in_index_position(_Site(parent, site.path[:-1], site.ancestors[:-1]))
    return False


def _is_print(node):
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"


def _printing_only(site):
    """``site.node`` only feeds or decides a ``print``: it is in a ``print(...)`` call, or in the test of
    an ``if`` that only prints. The checks grade values, not printed text: such mutants would all live."""
    chain = site.ancestors + (site.node,)
    for k, node in enumerate(chain[:-1]):
        if _is_print(node):
            return True
        if (isinstance(node, ast.If) and chain[k + 1] is node.test and not node.orelse
                and all(isinstance(s, ast.Expr) and _is_print(s.value) for s in node.body)):
            return True
    return False


def _index_arithmetic(site):
    """``site.node`` is a layer index ``l + 1``, ``L - 1`` where a layer index goes (``layer_index``'s)."""
    return _index_expression(site.node) is not None and _in_index_position(site)


def _statement_of(site):
    """The innermost statement around ``site.node``, and the child of it on the way down."""
    chain = site.ancestors + (site.node,)
    for k in range(len(chain) - 2, -1, -1):
        if isinstance(chain[k], ast.stmt) and not isinstance(chain[k], (ast.FunctionDef, ast.AsyncFunctionDef)):
            return chain[k], chain[k + 1]
    return None, None


def _key_prefix(key):
    """The first letters of a dictionary key: ``"W1"``, ``"W" + str(l)``, ``f"W{l}"`` -> ``W...``."""
    if _is_str(key):
        return key.value
    if isinstance(key, ast.JoinedStr) and key.values and _is_str(key.values[0]):
        return key.values[0].value
    if isinstance(key, ast.BinOp) and isinstance(key.op, ast.Add):
        return _key_prefix(key.left)
    return None


def _parameter_target(target):
    if isinstance(target, ast.Name):
        return bool(_PARAMETER.match(target.id))
    if isinstance(target, ast.Subscript):
        prefix = _key_prefix(target.slice)
        return bool(prefix and _PARAMETER.match(prefix))
    if isinstance(target, (ast.Tuple, ast.List)):
        return any(_parameter_target(t) for t in target.elts)
    return False


def _in_update(site):
    """``site.node`` is in the value assigned to a parameter or a gradient (``W = W - lr * dW``)."""
    statement, child = _statement_of(site)
    if isinstance(statement, ast.Assign):
        return child is statement.value and any(_parameter_target(t) for t in statement.targets)
    if isinstance(statement, (ast.AugAssign, ast.AnnAssign)):
        return child is statement.value and _parameter_target(statement.target)
    return False


# -- the operators ----------------------------------------------------------------------------------

class _Operator:
    """One kind of mistake. ``changes(site, fn)`` yields the ``_Change``s it makes at one node."""

    id = ""
    summary = ""

    def changes(self, site, fn):
        return ()

    def __repr__(self):
        return f"<mutation operator {self.id}: {self.summary}>"


def _replace(site, new, description, at=None, path=None):
    return _Change(at or site.node, description, path or site.path, "node", new)


class Transpose(_Operator):
    id, summary = "transpose", "drop a .T"

    def changes(self, site, fn):
        n = site.node
        if isinstance(n, ast.Attribute) and n.attr == "T" and isinstance(n.ctx, ast.Load):
            yield _replace(site, n.value, f"drop the .T of {fn.show(n)}")


class Axis(_Operator):
    id, summary = "axis", "axis=0 <-> axis=1"

    def changes(self, site, fn):
        n, parent = site.node, site.parent
        if isinstance(parent, ast.keyword) and parent.arg == "axis" and _is_int(n) and n.value in (0, 1):
            new = 1 - n.value
            yield _replace(site, ast.Constant(value=new), f"axis={new} instead of axis={n.value} in "
                                                          f"{_callee(site.ancestors[-2])}", at=parent)


class Keepdims(_Operator):
    id, summary = "keepdims", "drop keepdims=..."

    def changes(self, site, fn):
        n = site.node
        if isinstance(n, ast.keyword) and n.arg == "keepdims" and isinstance(site.parent, ast.Call):
            yield _Change(n, f"drop {fn.show(n)} from {_callee(site.parent)}", site.path, "remove")


def _examples(node):
    """``m``, ``m_train``, ``X.shape[1]``: the number of examples."""
    if isinstance(node, ast.Name):
        return bool(_EXAMPLES.match(node.id))
    return (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute)
            and node.value.attr == "shape" and _is_int(node.slice) and node.slice.value == 1)


def _one_over_m(node):
    """For ``1 / m`` (``1. / m``): ``"+"``; for ``-1 / m``: ``"-"``; else None."""
    if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and _examples(node.right)):
        return None
    if _is_number(node.left, 1):
        return "+"
    if (isinstance(node.left, ast.UnaryOp) and isinstance(node.left.op, ast.USub)
            and _is_number(node.left.operand, 1)):
        return "-"
    return None


class OneOverM(_Operator):
    id, summary = "one_over_m", "drop a / m or 1 / m factor (a sum instead of a mean)"

    def changes(self, site, fn):
        n = site.node
        if not isinstance(n, ast.BinOp):
            return
        if isinstance(n.op, ast.Div) and _examples(n.right) and _one_over_m(n) is None:
            yield _replace(site, n.left, f"drop the / {fn.show(n.right)} of {fn.show(n)} (a sum, not a mean)")
        elif isinstance(n.op, ast.Mult):
            for factor, other in ((n.left, n.right), (n.right, n.left)):
                sign = _one_over_m(factor)
                if sign == "+":
                    yield _replace(site, other,
                                   f"drop the factor {fn.show(factor)} of {fn.show(n)} (a sum, not a mean)")
                elif sign == "-":
                    new = ast.UnaryOp(op=ast.USub(), operand=other)
                    yield _replace(site, new, f"drop the 1 / {fn.show(factor.right)} of {fn.show(factor)}, keeping "
                                              f"the minus, in {fn.show(n)} (a sum, not a mean)")
                if sign:
                    break


class DotToMul(_Operator):
    id, summary = "dot_to_mul", "np.dot(a, b) -> a * b"

    def changes(self, site, fn):
        n = site.node
        if (isinstance(n, ast.Call) and _is_numpy(n.func, fn, "dot", "matmul") and len(n.args) == 2
                and not n.keywords and not any(isinstance(a, ast.Starred) for a in n.args)):
            new = ast.BinOp(left=n.args[0], op=ast.Mult(), right=n.args[1])
            yield _replace(site, new, f"the element-wise {fn.render(new)} instead of {fn.show(n)}")
        elif isinstance(n, ast.BinOp) and isinstance(n.op, ast.MatMult):
            new = ast.BinOp(left=n.left, op=ast.Mult(), right=n.right)
            yield _replace(site, new, f"the element-wise {fn.render(new)} instead of {fn.show(n)}")


SCALARS = re.compile(r"^(learning_rate|lr|alpha|lambd|lambda_|keep_prob|m|m_\w+|n_\w+|num_\w+)$")


def _array_like(node):
    """A name, attribute or subscript that may hold an array (not a number, not ``learning_rate``,
    ``m``, ``n_h``, ``X.shape[0]``)."""
    if isinstance(node, ast.Name):
        return not SCALARS.match(node.id)
    if isinstance(node, ast.Attribute):  # W.T, layer.W; not X.shape, self.learning_rate
        if node.attr == "shape" or SCALARS.match(node.attr):
            return False
        return _array_like(node.value) if isinstance(node.value, ast.Name) else True
    if isinstance(node, ast.Subscript):
        return not (isinstance(node.value, ast.Attribute) and node.value.attr == "shape")
    return False


class MulToDot(_Operator):
    id, summary = "mul_to_dot", "a * b -> np.dot(a, b)"

    def changes(self, site, fn):
        n = site.node
        alias = (fn.numpy or [None])[0]
        if alias is None:
            return
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Mult) and _array_like(n.left) and _array_like(n.right):
            new = _call(f"{alias}.dot", [n.left, n.right])
            yield _replace(site, new, f"the matrix product {fn.render(new)} instead of {fn.show(n)}")
        elif (isinstance(n, ast.Call) and _is_numpy(n.func, fn, "multiply") and len(n.args) == 2
              and not n.keywords):
            yield _replace(site, _dotted(f"{alias}.dot"), f"{alias}.dot instead of {fn.show(n.func)} in {fn.show(n)}",
                           path=site.path + (("func", None),))


_SWAP_SIGN = {ast.Add: ast.Sub, ast.Sub: ast.Add}


class UpdateSign(_Operator):
    id, summary = "update_sign", "+ <-> - in an update or a gradient"

    def changes(self, site, fn):
        n = site.node
        if (isinstance(n, ast.BinOp) and type(n.op) in _SWAP_SIGN and not _is_stringy(n) and _in_update(site)
                and not _index_arithmetic(site)):
            new_op = _SWAP_SIGN[type(n.op)]
            new = ast.BinOp(left=n.left, op=new_op(), right=n.right)
            yield _replace(site, new, f"'{_OP_TEXT[new_op]}' instead of '{_OP_TEXT[type(n.op)]}' in {fn.show(n)}")
        elif isinstance(n, ast.AugAssign) and type(n.op) in _SWAP_SIGN and _parameter_target(n.target):
            new_op = _SWAP_SIGN[type(n.op)]
            new = ast.AugAssign(target=n.target, op=new_op(), value=n.value)
            yield _replace(site, new, f"'{_OP_TEXT[new_op]}=' instead of '{_OP_TEXT[type(n.op)]}=' in {fn.show(n)}")


ACTIVATIONS = ("tanh", "sigmoid", "relu")
BACKWARD_ACTIVATIONS = ("sigmoid_backward", "relu_backward")


class Activation(_Operator):
    id, summary = "activation", "tanh <-> sigmoid <-> relu"

    def changes(self, site, fn):
        n = site.node
        if isinstance(n, ast.Call):
            yield from self._call(site, fn)
        elif _is_str(n) and n.value in ("relu", "sigmoid") and (
                (isinstance(site.parent, ast.Call) and site.field == "args") or isinstance(site.parent, ast.keyword)):
            new = "sigmoid" if n.value == "relu" else "relu"
            call = site.parent if isinstance(site.parent, ast.Call) else site.ancestors[-2]
            quoted = fn.render(ast.Constant(value=new))
            yield _replace(site, ast.Constant(value=new), f"the activation {quoted} instead of {fn.show(n)} "
                                                          f"in the call of {_callee(call)}")

    def _call(self, site, fn):
        n, func = site.node, site.node.func
        if _is_numpy(func, fn, "tanh"):
            old = "tanh"
        elif isinstance(func, ast.Name) and func.id in ACTIVATIONS + BACKWARD_ACTIVATIONS:
            old = func.id
        else:
            return
        family = BACKWARD_ACTIVATIONS if old in BACKWARD_ACTIVATIONS else ACTIVATIONS
        for new in family:
            if new == old:
                continue
            if new == "tanh":
                if not fn.numpy:
                    continue
                node = _dotted(f"{fn.numpy[0]}.tanh")
            elif new in fn.module_names:
                node = _name(new)
            else:
                continue
            yield _replace(site, node, f"{fn.render(node)} instead of {fn.show(func)} in {fn.show(n)}",
                           path=site.path + (("func", None),))


class AZ(_Operator):
    id, summary = "a_z", "A <-> Z of the same layer"

    def changes(self, site, fn):
        n = site.node
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and (m := _A_OR_Z.match(n.id)):
            other = ("Z" if m["kind"] == "A" else "A") + m["layer"]
            if fn.bound_before(other, n):
                yield _replace(site, _name(other), f"{other} instead of {n.id}")
        elif _is_str(n) and (m := _A_OR_Z.match(n.value)) and self._key(site, m):
            other = ("Z" if m["kind"] == "A" else "A") + m["layer"]
            if isinstance(site.parent, ast.JoinedStr):
                description = f"{other} instead of {n.value} at the start of the key {fn.show(site.parent)}"
            else:
                quoted = fn.render(ast.Constant(value=other))
                description = f"the key {quoted} instead of {fn.show(n)}"
            yield _replace(site, ast.Constant(value=other), description)

    @staticmethod
    def _key(site, m):
        """A key of a cache: ``cache["A1"]``, ``{"Z1": ...}``, ``"A" + str(l)``, ``f"A{l}"``."""
        parent = site.parent
        if isinstance(parent, ast.JoinedStr):
            return site.path[-1][1] == 0
        if isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Add):
            return site.field == "left"
        if not m["layer"]:
            return False  # a bare "A" is a key only when a layer number follows
        return (isinstance(parent, ast.Subscript) and site.field == "slice") or (
            isinstance(parent, ast.Dict) and site.field == "keys")


class LayerIndex(_Operator):
    id, summary = "layer_index", "a layer index off by one"

    def changes(self, site, fn):
        n = site.node
        if _index_expression(n) is not None and _in_index_position(site):
            for delta in (1, -1):
                new = _shift(n, delta)
                yield _replace(site, new, f"{fn.render(new)} instead of {fn.show(n)} in {fn.show(site.parent)}")
        elif isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and (m := _LAYER_KEY.match(n.id)):
            for layer in (int(m["layer"]) + 1, int(m["layer"]) - 1):
                other = f"{m['kind']}{layer}"
                if layer >= 0 and fn.bound_before(other, n):
                    yield _replace(site, _name(other), f"{other} instead of {n.id}")
        elif _is_str(n) and (m := _LAYER_KEY.match(n.value)) and not isinstance(site.parent, ast.JoinedStr):
            for layer in (int(m["layer"]) + 1, int(m["layer"]) - 1):
                other = f"{m['kind']}{layer}"
                if layer >= 0 and other in fn.strings:
                    quoted = fn.render(ast.Constant(value=other))
                    yield _replace(site, ast.Constant(value=other), f"the key {quoted} instead of {fn.show(n)}")


class Range(_Operator):
    id, summary = "range", "range(n) <-> range(1, n), a bound off by one"

    def changes(self, site, fn):
        n = site.node
        if not (isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "range"
                and not n.keywords and 1 <= len(n.args) <= 2
                and not any(isinstance(a, ast.Starred) for a in n.args)):
            return
        if len(n.args) == 1:
            stop = n.args[0]
            news = [[ast.Constant(value=1), stop], [_shift(stop, -1)], [_shift(stop, 1)]]
        else:
            start, stop = n.args
            news = [] if _is_number(start, 0) else [[stop]]
            news += [[start, _shift(stop, -1)], [start, _shift(stop, 1)]]
        for args in news:
            new = _call(_name("range"), args)
            yield _replace(site, new, f"{fn.render(new)} instead of {fn.show(n)}")


# value -> what it becomes; ints stay ints, floats floats
COURSE_CONSTANTS = {0.01: (0.1, 1.0), 0.5: (0.4, 0.6), 2: (1, 3), 100: (10, 1000), 1000: (100,)}


def _course_constant(site, fn):
    """The course's replacements for this number, or ()."""
    n = site.node
    if not _is_number(n) or _owned_constant(site):
        return ()
    for value, news in COURSE_CONSTANTS.items():
        if n.value == value and isinstance(n.value, float) == isinstance(value, float):
            return news
    parent = site.parent
    if n.value == 1 and (
            (isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Sub))
            or (isinstance(parent, ast.BinOp) and isinstance(parent.op, ast.Pow) and site.field == "right")
            or (isinstance(parent, ast.Call) and _is_numpy(parent.func, fn, "power") and site.path[-1] == ("args", 1))):
        return (type(n.value)(0),)
    return ()


class Constant(_Operator):
    id, summary = "constant", "a course constant changed (0.01, 0.5, 2, 100, 1000; 1 in a subtraction)"

    def changes(self, site, fn):
        n = site.node
        for new in _course_constant(site, fn):
            yield _replace(site, _number(new), f"{new!r} instead of {fn.show(n)} in {fn.show(site.parent)}")


class DropArgument(_Operator):
    id, summary = "drop_arg", "an argument dropped"

    def changes(self, site, fn):
        n = site.node
        if not isinstance(n, ast.Call):
            return
        callee = fn.defs.get(n.func.id) if isinstance(n.func, ast.Name) else None
        for i, keyword in enumerate(n.keywords):
            if keyword.arg is None or keyword.arg == "keepdims" or _required(callee, keyword.arg):
                continue  # **kwargs, keepdims's own operator, or a sure TypeError
            yield _Change(keyword, f"drop the argument {fn.show(keyword)} of {_callee(n)}",
                          site.path + (("keywords", i),), "remove")
        if any(isinstance(a, ast.Starred) for a in n.args):
            return
        if not isinstance(n.func, ast.Name) or (n.func.id in _BUILTINS and n.func.id not in fn.module_names):
            return  # range(num_iterations): the argument of a builtin, or of a method, has no default to fall back on
        for i, arg in enumerate(n.args):
            if not (isinstance(arg, ast.Name) and arg.id in fn.defaulted):
                continue
            known = callee is not None and _has_default(callee, i)
            description = f"drop the argument {arg.id} of {_callee(n)}{' (its default is used)' if known else ''}"
            if i == len(n.args) - 1 and (callee is None or _has_default(callee, i)):
                yield _Change(arg, description, site.path + (("args", i),), "remove")
            elif callee is not None and _has_default(callee, i):
                names = [a.arg for a in [*callee.args.posonlyargs, *callee.args.args]]
                if len(names) < len(n.args) or len(callee.args.posonlyargs) > i + 1:
                    continue  # more arguments than parameters (*args), or later ones that cannot be keywords
                later = [ast.keyword(arg=names[j], value=n.args[j]) for j in range(i + 1, len(n.args))]
                new = ast.Call(func=n.func, args=n.args[:i], keywords=later + list(n.keywords))
                yield _replace(site, new, description, at=arg)


_BUILTINS = frozenset(dir(builtins))


def _required(function, name):
    """``name`` is a parameter of ``function`` (a function of the module, or None: unknown) without a default."""
    if function is None:
        return False
    args = function.args
    positional = [*args.posonlyargs, *args.args]
    required = [a.arg for a in positional[:len(positional) - len(args.defaults)]]
    required += [a.arg for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is None]
    return name in required


def _has_default(function, i):
    """The ``i``-th positional parameter of ``function`` has a default."""
    positional = [*function.args.posonlyargs, *function.args.args]
    return i < len(positional) and i >= len(positional) - len(function.args.defaults)


class ZeroLoop(_Operator):
    id, summary = "zero_loop", "a loop run zero times"

    def changes(self, site, fn):
        n = site.node
        if isinstance(n, (ast.For, ast.AsyncFor)):
            new = _call(_name("range"), [ast.Constant(value=0)])
            yield _replace(site, new, f"the loop over {fn.show(n.iter)} runs zero times (range(0))", at=n,
                           path=site.path + (("iter", None),))


class Seed(_Operator):
    id, summary = "seed", "np.random.seed(...) dropped or moved"

    def changes(self, site, fn):
        n = site.node
        if not (isinstance(n, ast.Expr) and _is_seed(n.value, fn) and site.path[-1][1] is not None):
            return
        yield _Change(n, f"drop {fn.show(n)}", site.path, "drop")
        field, i = site.path[-1]
        block = getattr(site.parent, field)
        for j in range(i + 1, len(block)):
            if fn.may_draw(block[j]):
                if isinstance(block[j], _COMPOUND):
                    header = " ".join((fn.segment(block[j]) or "").split("\n")[0].split())
                    after = f"the whole block {header}"
                else:
                    after = fn.show(block[j])
                yield _Change(n, f"call {fn.show(n.value)} after {after} instead of before it", site.path, "move", j)
                break


_ARITHMETIC = {ast.Mult: (ast.Div,), ast.Div: (ast.Mult,), ast.Add: (ast.Sub,), ast.Sub: (ast.Add,),
               ast.Pow: (ast.Mult,)}


class Arithmetic(_Operator):
    id, summary = "arith", "* <-> /, + <-> -, ** -> *"

    def changes(self, site, fn):
        n = site.node
        if not (isinstance(n, ast.BinOp) and type(n.op) in _ARITHMETIC):
            return
        if isinstance(n.op, (ast.Add, ast.Sub)) and (_is_stringy(n) or _in_update(site) or _index_arithmetic(site)):
            return  # a string concatenation, update_sign's or layer_index's
        for new_op in _ARITHMETIC[type(n.op)]:
            new = ast.BinOp(left=n.left, op=new_op(), right=n.right)
            yield _replace(site, new, f"'{_OP_TEXT[new_op]}' instead of '{_OP_TEXT[type(n.op)]}' in {fn.show(n)}")


_COMPARISONS = {ast.Gt: (ast.GtE, ast.Lt), ast.Lt: (ast.LtE, ast.Gt), ast.GtE: (ast.Gt,), ast.LtE: (ast.Lt,),
                ast.Eq: (ast.NotEq,), ast.NotEq: (ast.Eq,)}


class Comparison(_Operator):
    id, summary = "compare", "> <-> >=, < <-> <=, > <-> <, == <-> !="

    def changes(self, site, fn):
        n = site.node
        if not isinstance(n, ast.Compare):
            return
        for k, op in enumerate(n.ops):
            for new_op in _COMPARISONS.get(type(op), ()):
                ops = list(n.ops)
                ops[k] = new_op()
                new = ast.Compare(left=n.left, ops=ops, comparators=n.comparators)
                yield _replace(site, new, f"'{_OP_TEXT[new_op]}' instead of '{_OP_TEXT[type(op)]}' in {fn.show(n)}")


class Number(_Operator):
    id, summary = "number", "a number changed (n -> n + 1, 0; x -> 2x, x/2)"

    def changes(self, site, fn):
        n = site.node
        if not _is_number(n) or _owned_constant(site) or _course_constant(site, fn):
            return
        if isinstance(n.value, int):
            news = [n.value + 1] + ([0] if n.value != 0 else [])
        else:
            news = [n.value * 2, n.value / 2] if n.value != 0 else [1.0]
        for new in news:
            yield _replace(site, _number(new), f"{new!r} instead of {fn.show(n)} in {fn.show(site.parent)}")


class Negation(_Operator):
    id, summary = "negation", "drop a unary minus"

    def changes(self, site, fn):
        n = site.node
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub):
            yield _replace(site, n.operand, f"drop the minus of {fn.show(n)}")


OPERATORS = (
    # the course's mistakes
    Transpose(), Axis(), Keepdims(), OneOverM(), DotToMul(), MulToDot(), UpdateSign(), Activation(), AZ(),
    LayerIndex(), Range(), Constant(), DropArgument(), ZeroLoop(), Seed(),
    # generic
    Arithmetic(), Comparison(), Number(), Negation(),
)
