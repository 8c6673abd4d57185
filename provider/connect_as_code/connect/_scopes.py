"""Which OAuth scopes each Connect call needs, to name the missing one after a 403.

The scopes are those each endpoint declares (``securedBy``) in the Connect RAML, ``api-specs/connect/api.raml``.
"""

from __future__ import annotations

from collections.abc import Sequence

READ_METHODS = frozenset({"GET", "HEAD"})


def required_scopes(method: str, path: str, granted: Sequence[str] | None = None) -> list[str]:
    """The scopes that allow ``method path``, least privileged first (``manage_project`` last).

    The project key comes from a ``/{projectKey}/deployments`` path, else from the granted scopes.
    """
    segments = [segment for segment in path.split("?", 1)[0].split("/") if segment]
    reading = method.upper() in READ_METHODS
    if len(segments) >= 2 and segments[1] == "deployments":
        project = segments[0]
        names = (
            ["view_connectors_deployments", "manage_connectors_deployments"]
            if reading
            else ["manage_connectors_deployments"]
        )
    else:
        projects = sorted({scope.rsplit(":", 1)[1] for scope in granted or () if ":" in scope})
        project = projects[0] if len(projects) == 1 else "<projectKey>"
        names = ["view_connectors", "manage_connectors"] if reading else ["manage_connectors"]
    return [f"{name}:{project}" for name in [*names, "manage_project"]]
