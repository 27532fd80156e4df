"""Exceptions raised by replylint. All of them derive from :class:`ReplylintError`."""

from __future__ import annotations


class ReplylintError(Exception):
    """Base class of every error replylint raises on purpose."""


class InputError(ReplylintError, ValueError):
    """A conversation, draft or input file is malformed.

    ``source`` names the file (or ``<input>``), ``line`` the 1-based line where the
    problem is, when known, and ``field`` the dotted path of the offending field.
    """

    def __init__(
        self,
        problem: str,
        *,
        source: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.problem = problem
        self.source = source
        self.line = line
        self.field = field
        super().__init__(self._render())

    def _render(self) -> str:
        where = ""
        if self.source is not None:
            where = self.source
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        elif self.line is not None:
            where = f"line {self.line}: "
        field = f"{self.field}: " if self.field else ""
        return f"{where}{field}{self.problem}"

    def located(self, source: str, line: int | None = None) -> InputError:
        """The same error, placed in ``source`` at ``line``."""
        return InputError(self.problem, source=source, line=line or self.line, field=self.field)


class ConfigError(ReplylintError, ValueError):
    """The configuration is invalid (unknown key, wrong type, unknown rule...)."""


class UnknownRuleError(ConfigError, KeyError):
    """A rule slug that is not in the catalog."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown rule"


class InputTooLargeError(InputError):
    """A draft or conversation exceeds the configured size limit."""
