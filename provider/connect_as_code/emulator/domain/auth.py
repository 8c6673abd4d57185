"""OAuth scopes and tokens, as pure functions.

The rules are commercetools' (https://docs.commercetools.com/api/authorization) and the scopes each
endpoint of the Connect RAML declares.

Scopes have the form ``{scope}:{projectKey}``. Each Connect endpoint accepts any of a list of scope
names; ``manage_project`` is in every list, which is how it grants everything, and the manage
scopes are in the view lists, which is how they imply view.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets
from dataclasses import dataclass
from enum import Enum

SCOPE_PROJECT_KEY_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")


class Access(Enum):
    """The access an endpoint needs, with the scope names that grant it (any of)."""

    VIEW_CONNECTORS = ("manage_project", "manage_connectors", "view_connectors")
    MANAGE_CONNECTORS = ("manage_project", "manage_connectors")
    VIEW_DEPLOYMENTS = ("manage_project", "manage_connectors_deployments", "view_connectors_deployments")
    MANAGE_DEPLOYMENTS = ("manage_project", "manage_connectors_deployments")
    MANAGE_API_CLIENTS = ("manage_project", "manage_api_clients")

    @property
    def scope_names(self) -> tuple[str, ...]:
        """Scope names that grant this access."""
        names: tuple[str, ...] = self.value
        return names


def parse_scope(scope: str) -> tuple[str, str | None]:
    """``"manage_project:demo"`` → ``("manage_project", "demo")``; no project → ``(scope, None)``."""
    name, separator, project = scope.partition(":")
    return (name, project) if separator and project else (scope, None)


def projects_with_access(scopes: frozenset[str], access: Access) -> set[str]:
    """Project keys for which ``scopes`` grant ``access``."""
    granted: set[str] = set()
    for scope in scopes:
        name, project = parse_scope(scope)
        if project is not None and name in access.scope_names:
            granted.add(project)
    return granted


def is_authorized(scopes: frozenset[str], access: Access, project_key: str | None) -> bool:
    """Whether ``scopes`` grant ``access`` on ``project_key`` (``None``: on any project)."""
    projects = projects_with_access(scopes, access)
    return bool(projects) if project_key is None else project_key in projects


def split_scope_text(text: str | None) -> list[str]:
    """Space-separated scope text → list (duplicates dropped, order kept)."""
    seen: dict[str, None] = {}
    for part in (text or "").split():
        seen.setdefault(part, None)
    return list(seen)


def default_scopes(project_key: str) -> list[str]:
    """Scopes of the default API client: ``manage_project:<project>``."""
    return [f"manage_project:{project_key}"]


def new_token() -> str:
    """A fresh opaque access token."""
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """SHA-256 hex digest; tokens and client secrets are stored only in this form."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def secrets_match(secret: str, expected_digest: str) -> bool:
    """Constant-time comparison of a secret with a stored digest."""
    return secrets.compare_digest(digest(secret), expected_digest)


@dataclass(frozen=True)
class BasicCredentials:
    """Client id and secret from an HTTP Basic ``Authorization`` header."""

    client_id: str
    client_secret: str


def parse_basic_authorization(header: str | None) -> BasicCredentials | None:
    """Decode ``Basic base64(id:secret)``; None when absent or malformed."""
    if not header:
        return None
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded.strip():
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    client_id, separator, client_secret = decoded.partition(":")
    if not separator or not client_id:
        return None
    return BasicCredentials(client_id, client_secret)


def parse_bearer_authorization(header: str | None) -> str | None:
    """The token of ``Bearer <token>``; None when absent or another scheme."""
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


@dataclass(frozen=True)
class TokenInfo:
    """A valid access token's client and scopes."""

    token_digest: str
    client_id: str
    scopes: frozenset[str]
    expires_at: float

    def creator_project(self) -> str | None:
        """The project a ConnectorStaged created with this token belongs to.

        The first project (sorted) on which the token may manage connectors.
        """
        projects = sorted(projects_with_access(self.scopes, Access.MANAGE_CONNECTORS))
        return projects[0] if projects else None

    def visible_projects(self) -> set[str]:
        """Projects whose ConnectorStaged this token may read."""
        return projects_with_access(self.scopes, Access.VIEW_CONNECTORS)
