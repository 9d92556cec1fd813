"""What of a submission's code a graded function can reach: the part of it a check's result depends on.

Read from the chunks the learner process loads (``Submission.chunks``), never run. A function
reaches the top-level statements that bind the names it reads (its helpers, the constants it
uses), and those statements the names they read, transitively. Some statements count for every
function, because they run when the submission is loaded or may change anything:

- imports (``from x import *`` binds names nobody can list; any import may have effects);
- classes, decorated functions, functions whose defaults or annotations call code;
- any other top-level statement that is not a plain definition (a call, a loop, ``x = f()``);
- a chunk that does not parse (its text as it is).

Code that looks names up by their text (``globals()``, ``eval``, ``getattr``, ``sys.modules`` ...)
may reach anything: a function that reaches such code reaches the whole submission.

``Code.key(function)`` digests what the function reaches, normalised with ``ast.dump`` without
positions: comments, blank lines, moved cells and the other functions do not change it.
``Code.stateful(function)``: whether what it reaches may keep state between calls (a ``global``
statement, a module-level object changed or read that is not a constant, a function or a module,
a mutable default): its result may then depend on the calls made before it in the same process.
``Code.load_key()`` digests what can change the notes of loading the submission (which statement
raised, at which line of which chunk), leaving out the bodies of plain functions.
"""

import ast
import hashlib
from dataclasses import dataclass

from grader.load.reader import target_names

# Names through which code can reach any other name by its text.
DYNAMIC_NAMES = frozenset({"globals", "locals", "vars", "eval", "exec", "compile", "getattr", "setattr", "delattr",
                           "__import__", "__builtins__", "__name__", "sys", "importlib", "inspect", "builtins"})
DYNAMIC_ATTRIBUTES = frozenset({"__dict__", "__globals__", "__builtins__", "f_globals", "f_locals", "f_back",
                                "modules", "__code__", "__closure__"})
RUNS_CODE = (ast.Call, ast.NamedExpr, ast.Await, ast.Yield, ast.YieldFrom)


@dataclass(frozen=True)
class _Statement:
    chunk: int  # index in the submission's chunks
    node: ast.AST | None  # None: a chunk that does not parse
    text: str  # its exact source (for a chunk that does not parse: the whole chunk)
    binds: tuple  # the names a plain definition binds; () for a statement that counts everywhere
    reads: frozenset  # the names it reads
    dynamic: bool  # it reads a name or attribute that reaches names by their text

    @property
    def everywhere(self):
        return not self.binds

    def dump(self):
        return ast.dump(self.node, include_attributes=False) if self.node is not None else "unparsed\0" + self.text


def _runs_code(node):
    return any(isinstance(n, RUNS_CODE) for n in ast.walk(node))


def _plain_function(node):
    """A ``def`` whose definition runs no code: no decorators, defaults and annotations without calls."""
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or node.decorator_list:
        return False
    arguments = node.args
    loaded = [*arguments.defaults, *(d for d in arguments.kw_defaults if d is not None), node.returns,
              *(a.annotation for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs,
                                       arguments.vararg, arguments.kwarg] if a is not None)]
    return not any(_runs_code(n) for n in loaded if n is not None)


def _binds(node):
    """The names ``node`` binds when it is a plain definition (nothing else happens when it runs), else ()."""
    if _plain_function(node):
        return (node.name,)
    if isinstance(node, ast.Assign) and not _runs_code(node.value):
        names = [target_names(t) for t in node.targets]
        if all(n is not None for n in names):
            return tuple(n for group in names for n in group)
    if isinstance(node, ast.AnnAssign) and node.simple and node.value is not None \
            and not _runs_code(node.value) and not _runs_code(node.annotation):
        return (node.target.id,)
    return ()


def _reads(node):
    names, dynamic = set(), False
    for n in ast.walk(node):
        if isinstance(n, ast.Name):
            names.add(n.id)
        elif isinstance(n, (ast.Global, ast.Nonlocal)):
            names.update(n.names)
        elif isinstance(n, ast.Attribute) and n.attr in DYNAMIC_ATTRIBUTES:
            dynamic = True
    return frozenset(names), dynamic or bool(names & DYNAMIC_NAMES)


def _ignored(node):
    """``pass`` and a bare string (a docstring): nothing runs."""
    return isinstance(node, ast.Pass) or (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))


class Code:
    """The top-level statements of a submission's chunks, in the order the learner process runs them."""

    def __init__(self, chunks):
        self.chunks = [(filename, source) for filename, source in chunks]
        self.statements = []
        for index, (filename, source) in enumerate(self.chunks):
            try:
                body = ast.parse(source, filename).body
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                self.statements.append(_Statement(index, None, source, (), frozenset(), False))
                continue
            for node in body:
                if _ignored(node):
                    continue
                reads, dynamic = _reads(node)
                text = ast.get_source_segment(source, node) or ""
                self.statements.append(_Statement(index, node, text, _binds(node), reads, dynamic))
        self._reached = {}
        self._kinds = None  # module-level name -> what binds it ("function", "module", "constant", "data")

    def reached(self, function):
        """The statements ``function`` reaches, in the order they run (see the module docstring)."""
        if function not in self._reached:
            binders = {}
            for statement in self.statements:
                for name in statement.binds:
                    binders.setdefault(name, []).append(statement)
            chosen = {id(s): s for s in self.statements if s.everywhere}
            todo = [function, *(name for s in chosen.values() for name in s.reads)]
            seen = set()
            while todo:
                name = todo.pop()
                if name in seen:
                    continue
                seen.add(name)
                for statement in binders.get(name, ()):
                    if id(statement) not in chosen:
                        chosen[id(statement)] = statement
                        todo.extend(statement.reads)
            if any(s.dynamic for s in chosen.values()):
                chosen = {id(s): s for s in self.statements}
            self._reached[function] = [s for s in self.statements if id(s) in chosen]
        return self._reached[function]

    def reads(self, function):
        """The names the code ``function`` reaches reads (locals included), and ``function``."""
        return {function}.union(*(s.reads for s in self.reached(function)))

    def key(self, function):
        """sha256 (hex) of the code ``function`` reaches, without positions or comments."""
        digest = hashlib.sha256(f"reach 1\0{function}\0".encode())
        for statement in self.reached(function):
            digest.update(statement.dump().encode() + b"\0")
        return digest.hexdigest()

    def load_key(self):
        """sha256 (hex) of what decides the notes of loading: every statement that runs code when
        loaded, with its chunk and line; of a plain function, only its name."""
        digest = hashlib.sha256(b"load 1\0")
        for s in self.statements:
            if s.node is None:
                part = f"{s.chunk}\0unparsed\0{s.text}"
            elif _plain_function(s.node):
                part = f"{s.chunk}\0def {s.node.name}"
            else:
                part = f"{s.chunk}\0{s.node.lineno}\0{s.dump()}"
            digest.update(part.encode() + b"\0")
        digest.update(f"chunks {len(self.chunks)}".encode())
        return digest.hexdigest()

    def stateful(self, function):
        """Whether the functions ``function`` reaches may keep state from one call to the next."""
        if self._kinds is None:
            self._kinds = {}
            for s in self.statements:
                for name in _bound_names(s.node) if s.node is not None else ():
                    self._kinds.setdefault(name, set()).add(_kind(s.node))
        return any(isinstance(s.node, (ast.FunctionDef, ast.AsyncFunctionDef)) and _keeps_state(s.node, self._kinds)
                   for s in self.reached(function))


def _bound_names(node):
    """The module-level names a top-level statement binds (as far as it can be told)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return [alias.asname or alias.name.split(".")[0] for alias in node.names]
    return [n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]


def _immutable(node):
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.UnaryOp):
        return _immutable(node.operand)
    return isinstance(node, ast.Tuple) and all(_immutable(e) for e in node.elts)


def _kind(node):
    """What a top-level statement binds: a function, a module, a constant, or data that may change."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return "function"
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return "module"
    if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None and _immutable(node.value):
        return "constant"
    return "data"


MUTABLE = (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp, ast.Call)


def _keeps_state(function, kinds):
    """Whether ``function`` (a top-level def) may keep state between calls (``Code.stateful``)."""
    arguments = function.args
    defaults = [d for d in [*arguments.defaults, *arguments.kw_defaults] if d is not None]
    if any(isinstance(n, MUTABLE) for d in defaults for n in ast.walk(d)):
        return True
    parameters = {a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs,
                                  arguments.vararg, arguments.kwarg] if a is not None}
    body = [n for statement in function.body for n in ast.walk(statement)]
    if any(isinstance(n, (ast.Global, ast.Nonlocal)) for n in body):
        return True
    local = parameters | {n.id for n in body if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)}
    local |= {n.name for n in body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    outside = {n.id for d in defaults for n in ast.walk(d) if isinstance(n, ast.Name)}
    outside |= {n.id for n in body if isinstance(n, ast.Name) and n.id not in local}
    for name in outside:
        found = kinds.get(name, set())
        if "data" in found:
            return True
    for n in body:  # f.calls += 1, table[k] = v on a module-level name
        if isinstance(n, (ast.Attribute, ast.Subscript)) and not isinstance(n.ctx, ast.Load):
            base = n.value
            while isinstance(base, (ast.Attribute, ast.Subscript)):
                base = base.value
            if isinstance(base, ast.Name) and base.id not in local:
                return True
    return False
