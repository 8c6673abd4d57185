"""How a wait that failed or ran out reads: the server's report as lines, and the way out."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from connect_as_code.waiting import WaitError


class ReportEntry(Protocol):
    """An entry of a ConnectorReport or a DeploymentReport."""

    @property
    def type(self) -> str:
        """``Information``, ``Warning`` or ``Error``."""

    @property
    def title(self) -> str:
        """What was checked or what happened."""

    @property
    def message(self) -> str | None:
        """Details, if any."""

    @property
    def application(self) -> str | None:
        """The application it is about, if any."""


def report_lines(entries: Iterable[ReportEntry]) -> list[str]:
    """One line per report entry: ``Error [application]: title: message``."""
    lines = []
    for entry in entries:
        app = f" [{entry.application}]" if entry.application else ""
        message = f": {entry.message}" if entry.message else ""
        lines.append(f"{entry.type}{app}: {entry.title}{message}")
    return lines


def with_lines(headline: str, lines: Iterable[str], indent: str = "  ") -> str:
    """``headline`` followed by ``lines``, one per line, indented."""
    return "\n".join([headline, *(f"{indent}{line}" for line in lines)])


RESUME = "run `pulumi up` again to resume waiting"


def timed_out_message(error: WaitError, where: str, timeout_name: str) -> str:
    """A wait that ran out: what, where, and that ``pulumi up`` resumes it (:data:`RESUME`)."""
    return f"{error} ({where}). It is still running on the server: {RESUME}, or raise timeouts.{timeout_name}."


def resume_unrecorded(message: str, adopt: str) -> str:
    """``message`` of a wait that ran out during a first create: the state does not hold the object, so
    only ``pulumi up`` with ``adopt`` (the way to take it over) resumes the wait."""
    return message.replace(
        RESUME, f"`{adopt} pulumi up` resumes waiting (the stack's state holds no unfinished create)"
    )
