"""The ``grade`` command. Thin: it parses, calls a plain function, and maps results to exit codes.

Exit codes: 0 all passed, 1 some check failed, 2 could not run (usage, unreadable input).
"""

import sys

import click

from grader import generate as generate_module


@click.group()
def main():
    """Grade numpy exercises of "Neural Networks and Deep Learning"."""


@main.command()
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if exercises/ is out of date.")
def generate(check):
    """Regenerate exercises/ (.py and .ipynb) from solutions/."""
    try:
        stale = generate_module.generate(check=check)
    except generate_module.MarkerError as e:
        raise click.ClickException(str(e)) from None
    verb = "out of date" if check else "written"
    for path in stale:
        click.echo(f"{verb}: {path.relative_to(generate_module.ROOT)}")
    if not stale:
        click.echo("exercises/ is up to date with solutions/")
    sys.exit(1 if check and stale else 0)
