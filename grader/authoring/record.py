"""Record the reference answers of a course for its learner edition: ``python -m grader.authoring.record
COURSE_ROOT OUT`` writes ``OUT/solutions/`` (``grader.checking.answers``: what is recorded and how).

A process of its own: the solutions' functions are replaced by recording copies before any checks
module is imported, so that the references the checks modules hold (an older version's) record too.
"""

import copy
import sys
from pathlib import Path


from grader.checking.answers import Recorder, stub_source, write_answers


def _solution_modules(course):
    """``{path in solutions/ ("w2a1_x", "older/w3a1_y"): module}`` of every solution module, imported."""
    import importlib

    found = {}
    for file in sorted(course.solutions_dir.rglob("*.py")):
        relative = file.relative_to(course.solutions_dir).with_suffix("")
        if relative.name == "__init__" or "__pycache__" in relative.parts:
            continue
        if course.builtin:
            name = ".".join(("solutions", *relative.parts))
        else:
            course._register_package()
            name = ".".join((course.package, "solutions", *relative.parts))
        found["/".join(relative.parts)] = importlib.import_module(name)
    return found


def record(course):
    """Run every check's reference, as a correct submission makes the engine run it, with every version of
    each assignment, the solutions recording; return the Recorder.

    Call it in a fresh process, before anything imports the course's checks modules."""
    recorder = Recorder()
    for path, module in _solution_modules(course).items():
        recorder.patch(module, path)
    for assignment_id in course.ids:
        newest = course.assignment(assignment_id)
        for version in newest.version_ids:
            assignment = course.assignment(assignment_id, version)
            _record_checks(assignment)
            _record_mistakes(assignment, recorder)
    return recorder


def _record_checks(assignment):
    """Each check's reference output on its inputs, then its verdict on that very output (the rules and
    gradient checks call the reference too): what grading a correct submission asks of the reference."""
    from grader.checking.model import Context

    references = assignment.references()
    for check in assignment.checks:
        args, kwargs = check.inputs()
        context = Context(check, references[check.function], args, kwargs, copy.deepcopy(args),
                          assignment_id=assignment.id)
        try:
            expected = context.reference()
            check.verify(copy.deepcopy(expected), context)
        except Exception:  # noqa: BLE001 - a check the reference does not pass is validate's business
            pass


def _record_mistakes(assignment, recorder):
    """The output of every known mistake of every check on the check's inputs (``Recorder.keep_mistake``)."""
    references = assignment.references()
    for check in assignment.checks:
        for description, wrong in getattr(check, "mistakes", ()):
            args, kwargs = check.inputs()
            recorder.keep_mistake(references[check.function], description, args, kwargs, check.seed, wrong)


def main(course_root, root):
    from grader import course as courses

    course = courses.builtin() if Path(course_root).resolve() == courses.builtin().root.resolve() else \
        courses.at(course_root)
    recorder = record(course)
    out = Path(root) / "solutions"
    written = write_answers(recorder, out)
    modules = _solution_modules(course)
    for path in sorted(modules):
        file = out / f"{path}.py"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(stub_source(modules[path], path, course.solutions_dir / f"{path}.py"))
        written.append(file)
        init = file.parent / "__init__.py"
        if not init.exists():
            init.write_text('"""The learner edition\'s reference answers (grader.checking.answers)."""\n')
            written.append(init)
    for file in written:
        print(file)


if __name__ == "__main__":
    main(*sys.argv[1:3])
