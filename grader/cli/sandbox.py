"""``grade sandbox``: what confines learner code on this machine (SECURITY.md)."""

import sys

import click

from grader.cli import Command
from grader.errors import CannotGrade


@click.command("sandbox", cls=Command)
def sandbox_command():
    """Show what confines learner code on this machine (SECURITY.md). Exits 1 when something does not hold."""
    from grader.isolate.runner import Runner

    with Runner([("probe.py", "def probe():\n    return 1\n")]) as runner:
        call = runner.call("probe")
        held = dict(runner.confinement)
    if call.status != "ok":
        raise CannotGrade(f"a learner process could not start here: {call.message}")
    width = max(map(len, held), default=0)
    for name, value in held.items():
        click.echo(f"{name:<{width}}  {'yes' if value is True else 'NO: ' + str(value)}")
    missing = [name for name, value in held.items() if value is not True]
    click.echo(f"{len(held) - len(missing)} of {len(held)} hold" +
               ("; see SECURITY.md, 'What each guarantee needs from the machine'" if missing else ""))
    sys.exit(1 if missing else 0)
