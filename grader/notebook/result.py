"""What ``check`` returns: the verdict of the checks, shown as HTML in Jupyter and as text elsewhere."""

import html
from dataclasses import dataclass, field

SAME_CHECKS = ("These are the checks `grade` runs, with the same names, points and messages: "
               "a check that passes here passes there, for the same code.")
COLOURS = {"passed": "#1a7f37", "not_run": "#6e7781"}  # anything else: red
MARKS = {"passed": "✓", "not_run": "–"}
WORDS = {"passed": "passed", "failed": "failed", "error": "error", "crashed": "crashed", "timeout": "timed out",
         "not_implemented": "not implemented", "missing": "missing", "not_run": "not run"}


def _points(x):
    return f"{x:g}"


@dataclass
class CheckResult:
    """The result of ``check``: ``passed``, ``score``, ``max_score`` and ``results`` (a dict per check:
    name, function, outcome, score, max_score, output, mistake), for scripting."""

    assignment: str
    functions: list
    passed: bool
    score: float
    max_score: float
    results: list
    notes: list = field(default_factory=list)
    advice: list = field(default_factory=list)
    differs: list = field(default_factory=list)  # functions not the same in the saved notebook
    notebook: str = ""  # the saved notebook's file name, when known
    title: str = ""
    course_version: str = ""
    text: str = ""  # the report `grade` would print for these functions

    @classmethod
    def from_reply(cls, reply, notebook=""):
        return cls(reply["assignment"], reply["functions"], reply["passed"], reply["score"], reply["max_score"],
                   reply["tests"], reply.get("notes", []), reply.get("advice", []), reply.get("differs", []),
                   notebook, reply.get("title", ""), reply.get("course_version", ""), reply.get("text", ""))

    # -- words -----------------------------------------------------------------------------------
    def _differs_line(self):
        if not self.differs:
            return ""
        where = self.notebook or "the saved notebook"
        names = ", ".join(self.differs)
        return (f"This kernel's {names} is not what {where} holds (unsaved edits, or cells run out of order): "
                f"`grade` reads the saved file, cell by cell from the top. Save the notebook, and Restart & Run "
                f"All, to make them the same.")

    def _advice_lines(self):
        return [a if isinstance(a, str) else a.get("message", str(a)) for a in self.advice]

    def summary(self):
        names = ", ".join(self.functions)
        verdict = "passed" if self.passed else "not passed"
        return f"{names}: {_points(self.score)} / {_points(self.max_score)}, {verdict}"

    def __repr__(self):
        return f"<CheckResult {self.assignment} {self.summary()}>"

    def __str__(self):
        parts = [self.text.rstrip("\n")]
        kernel_notes = [n for n in self.notes if n not in self.text]  # the kernel's side's own
        if kernel_notes:
            parts.append("\n".join(f"Note: {n}" for n in kernel_notes))
        if self._differs_line():
            parts.append(self._differs_line())
        if self._advice_lines() and "Advice" not in self.text:
            parts.append("Advice (no points):\n" + "\n".join(f"  {a}" for a in self._advice_lines()))
        parts.append(SAME_CHECKS)
        return "\n\n".join(parts) + "\n"

    def _repr_pretty_(self, printer, cycle):  # IPython in a terminal
        printer.text(str(self))

    # -- HTML --------------------------------------------------------------------------------------
    def _repr_html_(self):
        e = html.escape
        verdict_colour = COLOURS["passed"] if self.passed else "#cf222e"
        head = (f'<div style="font-weight:bold;color:{verdict_colour}">{e(self.summary())}</div>'
                f'<div style="color:#57606a">{e(self.assignment)} {e(self.title)} '
                f'({e(self.course_version)})</div>')
        rows = []
        for r in self.results:
            outcome = r["outcome"]
            colour = COLOURS.get(outcome, "#cf222e")
            mark = MARKS.get(outcome, "✗")
            detail = ""
            if outcome != "passed" and r.get("output"):
                detail = (f'<pre style="margin:2px 0 6px 1.5em;white-space:pre-wrap;background:#f6f8fa;'
                          f'padding:4px">{e(r["output"])}</pre>')
            # The pictures of this check, drawn by the grading process (grader.render.html.figure_html).
            pictures = r.get("pictures") or ""
            rows.append(f'<li style="list-style:none"><span style="color:{colour};font-weight:bold">{mark}</span> '
                        f'{e(r["name"])} <span style="color:#57606a">[{e(WORDS.get(outcome, outcome))}, '
                        f'{_points(r["score"])} / {_points(r["max_score"])}]</span>{detail}{pictures}</li>')
        blocks = [head, f'<ul style="padding-left:0;margin:4px 0">{"".join(rows)}</ul>']
        if self._differs_line():
            blocks.append(f'<div style="color:#9a6700">{e(self._differs_line())}</div>')
        if self._advice_lines():
            items = "".join(f"<li>{e(a)}</li>" for a in self._advice_lines())
            blocks.append(f'<div>Advice (no points):<ul style="margin:2px 0">{items}</ul></div>')
        if self.notes:
            items = "".join(f"<li>{e(n)}</li>" for n in self.notes)
            blocks.append(f'<div style="color:#57606a">Notes:<ul style="margin:2px 0">{items}</ul></div>')
        blocks.append(f'<div style="color:#57606a;font-size:smaller">{e(SAME_CHECKS)}</div>')
        return f'<div class="nndl-check">{"".join(blocks)}</div>'
