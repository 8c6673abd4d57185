"""The native provider: the engine's requests handed to the dynamic providers' methods, and their answers back.

Nothing is decided here. Each request's properties are translated (:mod:`.values`), the same
``check``/``diff``/``create``/``read``/``update``/``delete`` of :class:`~connect_as_code.deployment.DeploymentProvider`
or :class:`~connect_as_code.connector_staged.ConnectorStagedProvider` runs on a thread of its own (so
that many resources wait at once), and its result is translated back. What only this face has:

* the provider's configuration (stack config ``commercetools-connect:*`` or an explicit provider
  instance) stands for the ``connect:*`` settings, and each provider instance is its own process;
* ``pulumi import`` by key: a Deployment as ``<projectKey>/<key>`` (or ``<key>`` in the provider's
  project), a ConnectorStaged as ``<key>``; read then returns the inputs the program declares.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from pulumi.dynamic import CheckResult, DiffResult, ReadResult
from pulumi.dynamic import ConfigureRequest as DynamicConfigureRequest
from pulumi.dynamic.config import Config as DynamicConfig
from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.provider.experimental.provider import (
    CheckFailure,
    CheckRequest,
    CheckResponse,
    ConfigureRequest,
    ConfigureResponse,
    CreateRequest,
    CreateResponse,
    DeleteRequest,
    DiffRequest,
    DiffResponse,
    GetSchemaRequest,
    GetSchemaResponse,
    InvokeRequest,
    InvokeResponse,
    PropertyDiff,
    PropertyDiffKind,
    Provider,
    ReadRequest,
    ReadResponse,
    UpdateRequest,
    UpdateResponse,
)

from connect_as_code._runtime.provider import ConnectProvider
from connect_as_code._sdk_workarounds import host_diffs
from connect_as_code.connector_staged import ConnectorStagedProvider
from connect_as_code.deployment import DeploymentProvider
from connect_as_code.lookup import ConnectorLookupError, find_connector_with
from connect_as_code.native import fields, imports, progress, values
from connect_as_code.native.schema import schema_json
from connect_as_code.native.words import native_words
from connect_as_code.settings import NAMESPACE, SettingsError
from connect_as_code.validation import is_unknown

T = TypeVar("T")

WORKERS = 512
"""Threads that run provider methods: each waiting resource holds one for the length of its wait."""

_KINDS = {
    "add": PropertyDiffKind.ADD,
    "add-replace": PropertyDiffKind.ADD_REPLACE,
    "delete": PropertyDiffKind.DELETE,
    "delete-replace": PropertyDiffKind.DELETE_REPLACE,
    "update": PropertyDiffKind.UPDATE,
    "update-replace": PropertyDiffKind.UPDATE_REPLACE,
}


def settings_config(args: Mapping[str, PropertyValue]) -> dict[str, str]:
    """The provider's configuration as the ``connect:<name>`` settings the dynamic providers read (values
    not known yet, as in a preview, are left out)."""
    by_camel = {f.camel: f for f in fields.CONFIG}
    config: dict[str, str] = {}
    for name, value in args.items():
        plain = values.to_plain(value, None)
        if name in by_camel and plain not in (None, "") and not is_unknown(plain):
            config[f"{NAMESPACE}:{name}"] = " ".join(map(str, plain)) if isinstance(plain, list) else str(plain)
    return config


class ConnectNativeProvider(Provider):
    """``commercetools-connect``: ConnectorStaged and Deployment through the Pulumi native provider protocol."""

    def __init__(self) -> None:
        self._providers: dict[str, ConnectProvider] = {
            fields.DEPLOYMENT.token: DeploymentProvider(),
            fields.CONNECTOR_STAGED.token: ConnectorStagedProvider(),
        }
        self._pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="connect")
        self._configure(DynamicConfig({}, NAMESPACE))

    # ---------------------------------------------------------------------------------- helpers

    def _configure(self, config: DynamicConfig) -> None:
        for provider in self._providers.values():
            provider.configure(DynamicConfigureRequest(config))

    async def _run(self, call: Callable[[], T], urn: str = "") -> T:
        """``call`` on a thread of the pool, its progress lines shown on the resource ``urn``."""
        return await asyncio.get_running_loop().run_in_executor(self._pool, lambda: progress.on(urn, call))

    def _of(self, type_token: str) -> tuple[ConnectProvider, fields.Object]:
        resource = fields.RESOURCES.get(type_token)
        if resource is None:
            raise ValueError(
                f"unknown resource type {type_token!r}; this provider serves {', '.join(fields.RESOURCES)}"
            )
        return self._providers[type_token], resource.as_object()

    # ---------------------------------------------------------------------------------- protocol

    async def get_schema(self, request: GetSchemaRequest) -> GetSchemaResponse:
        """The package schema (:mod:`.schema`)."""
        return GetSchemaResponse(schema_json())

    async def configure(self, request: ConfigureRequest) -> ConfigureResponse:
        """Take the provider's configuration; the environment fills what it does not set."""
        self._configure(DynamicConfig(settings_config(request.args), NAMESPACE))
        return ConfigureResponse(accept_secrets=True, supports_preview=False, accept_outputs=False)

    async def invoke(self, request: InvokeRequest) -> InvokeResponse:
        """``findConnector``: :func:`connect_as_code.find_connector` with the provider's settings."""
        function = fields.FUNCTIONS.get(request.tok)
        if function is None:
            raise ValueError(f"unknown function {request.tok!r}; this provider serves {', '.join(fields.FUNCTIONS)}")
        names = {f.name for f in function.inputs.properties}
        given = values.map_to_plain(request.args, function.inputs).items()
        arguments = {name: value for name, value in given if name in names and value is not None}
        try:
            settings = self._providers[fields.DEPLOYMENT.token].settings()
            found = await self._run(lambda: find_connector_with(settings, **arguments))
        except (ConnectorLookupError, SettingsError) as error:
            return InvokeResponse(failures=[CheckFailure("", native_words(str(error)))])
        return InvokeResponse(return_value=values.map_from_plain(found, function.outputs))

    async def check(self, request: CheckRequest) -> CheckResponse:
        """The dynamic provider's check: canonical inputs, or each problem named by its camelCase property
        and told in the native face's words (:mod:`.words`)."""
        provider, object_ = self._of(request.type)
        olds = values.map_to_plain(request.old_inputs, object_)
        news = values.map_to_plain(request.new_inputs, object_)
        result: CheckResult = await self._run(lambda: provider.check(olds, news), request.urn)
        failures = [
            CheckFailure(values.path_out(f.property, object_), native_words(f.reason)) for f in result.failures or []
        ]
        inputs = values.keep_secrets(values.map_from_plain(result.inputs or {}, object_), request.new_inputs)
        return CheckResponse(inputs=inputs, failures=failures)

    async def diff(self, request: DiffRequest) -> DiffResponse:
        """The dynamic provider's diff, with the property paths it records as the detailed diff."""
        provider, object_ = self._of(request.type)
        olds = values.map_to_plain(request.old_state, object_)
        news = values.map_to_plain(request.new_inputs, object_)

        def diff() -> tuple[DiffResult, dict[str, str]]:
            result = provider.diff(request.resource_id, olds, news)
            return result, host_diffs.take_recorded()

        result, detailed = await self._run(diff, request.urn)
        details = {values.path_out(path, object_): PropertyDiff(_KINDS[kind], True) for path, kind in detailed.items()}
        return DiffResponse(
            changes=bool(result.changes),
            replaces=[values.path_out(name, object_) for name in result.replaces or []],
            delete_before_replace=bool(result.delete_before_replace),
            diffs=sorted({path.split(".")[0].split("[")[0] for path in details}),
            detailed_diff=details if result.changes else {},
        )

    async def create(self, request: CreateRequest) -> CreateResponse:
        """The dynamic provider's create (nothing is created at preview: the engine does not ask then)."""
        provider, object_ = self._of(request.type)
        props = values.map_to_plain(request.properties, object_)
        result = await self._run(lambda: provider.create(props), request.urn)
        outputs = values.map_from_plain(result.outs or {}, object_)
        return CreateResponse(result.id, values.keep_secrets(outputs, request.properties))

    async def update(self, request: UpdateRequest) -> UpdateResponse:
        """The dynamic provider's update."""
        provider, object_ = self._of(request.type)
        olds = values.map_to_plain(request.olds, object_)
        news = values.map_to_plain(request.news, object_)
        result = await self._run(lambda: provider.update(request.resource_id, olds, news), request.urn)
        outputs = values.map_from_plain(result.outs or {}, object_)
        return UpdateResponse(values.keep_secrets(outputs, request.news))

    async def read(self, request: ReadRequest) -> ReadResponse:
        """The dynamic provider's read; for ``pulumi import`` (no state yet), the object is found by key."""
        provider, object_ = self._of(request.type)
        props = values.map_to_plain(request.properties, object_)
        id_, declared = request.resource_id, None
        if not props:
            found = await self._run(lambda: imports.find(provider, request.type, request.resource_id), request.urn)
            if found is None:
                return ReadResponse(resource_id="", properties={}, inputs={})
            id_, declared = found
            props = imports.canonical(request.type, declared)
        result: ReadResult = await self._run(lambda: provider.read(id_, props), request.urn)
        if not result.id:
            return ReadResponse(resource_id="", properties={}, inputs={})
        read_inputs, read_state = result.inputs or {}, result.outs or {}
        if declared is not None:  # an import: the program to generate declares what the server says, no defaults
            read_state = imports.imported_state(request.type, read_state, read_inputs)
            read_inputs = imports.as_declared(read_inputs, declared)
        state = values.keep_secrets(values.map_from_plain(read_state, object_), request.properties)
        inputs = values.keep_secrets(values.map_from_plain(read_inputs, object_), request.inputs)
        return ReadResponse(resource_id=result.id, properties=state, inputs=inputs)

    async def delete(self, request: DeleteRequest) -> None:
        """The dynamic provider's delete (waits until the object is gone)."""
        provider, object_ = self._of(request.type)
        props = values.map_to_plain(request.properties, object_)
        await self._run(lambda: provider.delete(request.resource_id, props), request.urn)
