"""``replylint schema``: JSON Schema of the interchange formats."""

from __future__ import annotations

import argparse
import json

from . import EXIT_OK

KINDS = ("conversation", "report", "facts", "config")


def add_arguments(name: str, p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "kind", nargs="?", choices=KINDS, help="one format (default: all of them, by name)"
    )


def run(args: argparse.Namespace) -> int:
    from pydantic import BaseModel

    from ..config import Config
    from ..models import Conversation, Facts, Report

    models: dict[str, type[BaseModel]] = {
        "conversation": Conversation,
        "report": Report,
        "facts": Facts,
        "config": Config,
    }
    if args.kind:
        data = models[args.kind].model_json_schema(by_alias=True)
    else:
        data = {k: m.model_json_schema(by_alias=True) for k, m in models.items()}
    print(json.dumps(data, indent=2))
    return EXIT_OK
