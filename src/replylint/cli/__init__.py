"""The ``replylint`` command. Each subcommand lives in its own module and is imported
only when it runs, so ``replylint rules`` never loads spaCy."""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence

from .. import __version__

__all__ = ["main"]

EXIT_OK, EXIT_VIOLATIONS, EXIT_ERROR = 0, 1, 2

# subcommand -> (module, help)
COMMANDS: dict[str, tuple[str, str]] = {
    "check": (
        "check",
        "lint drafts: template files (text, Markdown, YAML, JSON, Zendesk macros), "
        "conversation JSONL, or - for stdin",
    ),
    "rules": ("catalog", "list the rule catalog"),
    "explain": ("catalog", "explain a rule: why it matters, examples, what to write instead"),
    "analyze": ("analyze", "print the facts found in customer messages"),
    "schema": ("schema", "print the JSON Schema of the input and output formats"),
    "report": ("report", "training report over a conversation log: HTML and Markdown"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="replylint",
        description="Lint customer-care reply drafts before they are sent.",
    )
    parser.add_argument("--version", action="version", version=f"replylint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        mod = importlib.import_module(f"{__name__}.{module}")
        mod.add_arguments(name, p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``replylint`` console script; returns the exit code."""
    # Start-up allocates a few hundred thousand long-lived objects (spaCy, the rules'
    # tables), and the default thresholds rescan them in full collections many times
    # over. Collect less often, as other Python CLIs do (mypy uses the same setting).
    gc.set_threshold(200_000, 30, 30)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    module = importlib.import_module(f"{__name__}.{COMMANDS[args.command][0]}")
    try:
        code: int = module.run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    return code


def fail(message: str) -> int:
    """Print ``replylint: error: message`` to stderr and return exit code 2."""
    print(f"replylint: error: {message}", file=sys.stderr)
    return EXIT_ERROR


def split_list(values: Sequence[str] | None) -> list[str]:
    """``["a,b", "c"]`` → ``["a", "b", "c"]``."""
    return [p.strip() for v in values or () for p in v.split(",") if p.strip()]
