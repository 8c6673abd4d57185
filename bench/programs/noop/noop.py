"""A dynamic resource that does nothing: the yardstick for what the engine costs by itself."""

from __future__ import annotations

from typing import Any

from pulumi.dynamic import CreateResult, DiffResult, Resource, ResourceProvider


class NoopProvider(ResourceProvider):
    """Creates an id and compares inputs; no I/O."""

    serialize_as_secret_always = False

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult(f"noop-{props['key']}", dict(props))

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        changed = any(olds.get(name) != news.get(name) for name in news if name != "__provider")
        return DiffResult(changes=changed)


class Noop(Resource, module="bench", name="Noop"):
    """A resource with the same kind of inputs as a Deployment, handled by :class:`NoopProvider`."""

    def __init__(self, resource_name: str, **props: Any) -> None:
        super().__init__(NoopProvider(), resource_name, props)
