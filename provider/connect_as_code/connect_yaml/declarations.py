"""What a connector's repository declares at a tag, read once per provider process (for the previews' checks).

``pulumi preview`` checks a ConnectorStaged's connect.yaml at its declared tag, and each Deployment's
configuration against it, before Connect reads anything. :func:`declaration_at` reads the file where
:mod:`connect_yaml.sources` finds it (a local checkout, or the Git host at the tag), validates it with
:mod:`connect_yaml.document`, and keeps the answer for the rest of the process, so a ConnectorStaged and its
Deployments cost one read (GitHub allows 60 unauthenticated requests an hour; see ``_runtime.read_once``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from connect_as_code._runtime.provider import Runtime, read_once
from connect_as_code.connect_yaml.document import ConnectYamlInvalid, Declaration, SpecProblem, parse_connect_yaml
from connect_as_code.connect_yaml.sources import ConnectYamlSource, read_connect_yaml


@dataclass(frozen=True)
class DeclarationAtTag:
    """connect.yaml at a tag: where it was read, what it declares, and what is wrong with it."""

    source: ConnectYamlSource
    declaration: Declaration | None = None
    problems: tuple[SpecProblem, ...] = ()

    @property
    def refused(self) -> bool:
        """Whether Connect will refuse it too: no such tag or file, a bad URL, or an invalid file."""
        return bool(self.problems) or self.source.definitely_unreadable

    @property
    def unchecked(self) -> str | None:
        """Why nothing could be checked although Connect may well read it (network, private repository)."""
        if self.source.found or self.source.definitely_unreadable:
            return None
        return self.source.message


def declaration_at(runtime: Runtime, url: str, tag: str, checkout: str | None = None) -> DeclarationAtTag:
    """connect.yaml of ``url`` at ``tag`` (``checkout``: a local checkout of it), read once per process."""

    return read_once(("connect.yaml", url, tag, checkout), lambda: _read(runtime, url, tag, checkout))


def _read(runtime: Runtime, url: str, tag: str, checkout: str | None) -> DeclarationAtTag:
    client = runtime.github_client() if runtime.github_client is not None else None
    try:
        source = read_connect_yaml(url, tag, checkout=Path(checkout) if checkout else None, client=client)
    finally:
        if client is not None:
            client.close()
    if source.text is None:
        return DeclarationAtTag(source)
    try:
        return DeclarationAtTag(source, parse_connect_yaml(source.text, file=source.location))
    except ConnectYamlInvalid as invalid:
        return DeclarationAtTag(source, problems=tuple(invalid.problems))
