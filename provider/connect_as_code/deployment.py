"""The Deployment provider: the I/O around :mod:`.deployment_model`.

Adopt by key or create, redeploy, wait for ``Deployed``, delete and wait until it is gone. Every
decision is a pure function of the model module; this module only reads, writes and waits.

The state of every stack refers to :class:`DeploymentProvider` by this module's path (the pickled
``__provider`` of each resource): it stays here (``tests/unit/test_pickling.py`` pins it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pulumi.dynamic import CheckFailure, CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult

from connect_as_code import deployment_model as model
from connect_as_code import validation as v
from connect_as_code._reports import report_lines, timed_out_message, with_lines
from connect_as_code._runtime import (
    ConnectProvider,
    ConnectResourceError,
    create_or_adopt,
    note_wait_capacity,
    read_for_update,
    read_once,
    user_facing,
    write_with_one_reread,
)
from connect_as_code.configuration_check import check_configuration
from connect_as_code.vocabulary import (
    DEPLOYMENT_BUILDING,
    DEPLOYMENT_BUSY,
    DEPLOYMENT_SETTLED,
    GONE,
    DeploymentStatus,
)
from connect_as_code.waiting import Expectation, WaitError, WaitTimedOut, watch

if TYPE_CHECKING:
    from connect_as_code.connect import ConnectClient
    from connect_as_code.connect import Deployment as ApiDeployment

LOG_LINES_ON_FAILURE = 10
Declaration = tuple[list[Any], Any]
"""A connector's declared ``configurations`` and ``globalConfiguration`` (API JSON)."""


class DeploymentProvider(ConnectProvider):
    """Dynamic provider of :class:`~connect_as_code.Deployment`. Holds nothing but settings read in ``configure``."""

    # ------------------------------------------------------------------------------ check, diff

    @user_facing
    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs = model.normalize_inputs(news)
        problems = model.validate(inputs)
        if "project_key" not in inputs and not self.settings().project_key:
            problems.append(
                v.Problem(
                    "project_key", "no project to deploy to: set project_key, or connect:projectKey (CTP_PROJECT_KEY)"
                )
            )
        if not problems and not v.is_unknown(inputs["configurations"]):
            if not _olds:
                self.check_credentials()  # something will be created: the credentials must work
            problems = self._configuration_problems(inputs)
        return CheckResult(inputs, [CheckFailure(p.property, p.reason) for p in problems])

    def _configuration_problems(self, inputs: Mapping[str, Any]) -> list[v.Problem]:
        declaration, note = self._declaration(inputs)
        if note:
            self.runtime.write(f"Deployment {inputs['key']}: {note}")
        if declaration is None:
            return []
        applications, declared_global = declaration
        global_configuration = inputs.get("global_configuration")
        if v.is_unknown(global_configuration):
            declared_global = None
        return check_configuration(inputs["configurations"], applications, global_configuration, declared_global)

    def _declaration(self, inputs: Mapping[str, Any]) -> tuple[Declaration | None, str | None]:
        """The connector's declared configuration, or why it is not known; reads only."""
        if "declared_configurations" in inputs:
            declared, declared_global = inputs["declared_configurations"], inputs.get("declared_global_configuration")
            if v.is_unknown(declared):
                return None, "configuration is checked against the connector once the connector is created or updated"
            return (list(declared), None if v.is_unknown(declared_global) else declared_global), None
        reference = {k: inputs[k] for k in ("connector_id", "connector_key") if k in inputs}
        if any(v.is_unknown(value) for value in reference.values()) or v.is_unknown(inputs["staged"]):
            return None, None
        missing = self.settings().missing_credentials()
        if missing:
            return None, f"configuration not checked against the connector (no credentials: {', '.join(missing)})"
        staged, by = bool(inputs["staged"]), (reference.get("connector_id"), reference.get("connector_key"))
        connector = read_once(self.settings(), ("connector", staged, by), lambda: self._read_connector(staged, *by))
        if connector is None:
            kind = "staged connector" if staged else "connector"
            return None, f"{kind} {by[1] or by[0]!r} not found: configuration not checked before create"
        return (connector.get("configurations") or [], connector.get("globalConfiguration")), None

    def _read_connector(self, staged: bool, id_: str | None, key: str | None) -> dict[str, Any] | None:
        """The connector (or staged connector) as API JSON, or ``None``; its declaration does not change
        during a run, so each is read once per process (:func:`read_once`)."""
        from connect_as_code.connect import to_json

        client = self.client()
        found = client.find_connector_staged(id=id_, key=key) if staged else client.find_connector(id=id_, key=key)
        return None if found is None else to_json(found)

    @user_facing
    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        inputs = model.normalize_inputs(news)
        changed, replaces = model.changes(olds, inputs)
        if changed:
            self.check_credentials()  # something will change: the credentials must work
        same_key = olds.get("key") == inputs.get("key") and olds.get("project_key") == inputs.get("project_key")
        return DiffResult(changes=bool(changed), replaces=replaces, delete_before_replace=bool(replaces) and same_key)

    # ---------------------------------------------------------------------------------- writes

    @user_facing
    def create(self, props: dict[str, Any]) -> CreateResult:
        inputs = model.normalize_inputs(props)
        client = self.client()
        project_key = self.project_key(inputs.get("project_key"))
        existing = client.find_deployment(key=inputs["key"], project_key=project_key)
        if existing is None:
            draft = model.draft(inputs)
            current = create_or_adopt(
                lambda: client.find_deployment(key=inputs["key"], project_key=project_key),
                lambda: client.create_deployment(draft, project_key=project_key),
            )
        else:
            _ensure_same_connector(existing, inputs)
            current = self._converge(client, existing, {}, inputs, project_key)
        current = self._wait_deployed(client, current, inputs, project_key)
        return CreateResult(current.id, model.outputs_of(current, inputs))

    @user_facing
    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        inputs = model.normalize_inputs(news)
        client = self.client()
        project_key = self.project_key(inputs.get("project_key"))
        found = read_for_update(_label(inputs), id_, lambda: client.get_deployment(id=id_, project_key=project_key))
        current = self._converge(client, found, olds, inputs, project_key)
        if current.status != DeploymentStatus.DEPLOYED:
            current = self._wait_deployed(client, current, inputs, project_key)
        return UpdateResult(model.outputs_of(current, inputs))

    @user_facing
    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        declared = {name: props[name] for name in model.INPUT_NAMES if props.get(name) is not None}
        found = self.client().find_deployment(id=id_, project_key=self.project_key(declared.get("project_key")))
        if found is None:
            return ReadResult("", {})
        refreshed = model.inputs_from_api(found, declared)
        outputs = {**model.outputs_of(found, refreshed), "secured_hashes": props.get("secured_hashes")}
        return ReadResult(id_, outputs, refreshed)

    @user_facing
    def delete(self, id_: str, props: dict[str, Any]) -> None:
        inputs = model.normalize_inputs(props)
        client = self.client()
        project_key = self.project_key(inputs.get("project_key"))
        from connect_as_code.connect import BadRequestError, NotFoundError

        try:
            current = client.delete_deployment(id=id_, project_key=project_key)
        except NotFoundError:
            return
        except BadRequestError as error:
            if not error.has_code("DeploymentInvalidStatusTransition"):
                raise
            found = client.find_deployment(id=id_, project_key=project_key)  # a resent DELETE: already undeploying
            if found is None:
                return
            current = found
        expect = Expectation(
            pending={DeploymentStatus.UNDEPLOYING, *DEPLOYMENT_BUILDING, DeploymentStatus.DEPLOYED},
            target={GONE},
            failure={DeploymentStatus.UNDEPLOY_FAILED},
        )
        try:
            self._watch(
                client, current, project_key, expect, inputs["timeouts"]["delete"], _label(inputs, id_), "undeploy"
            )
        except WaitError as error:
            raise self._failure(client, error, id_, project_key, "delete") from None

    # ----------------------------------------------------------------------------------- steps

    def _converge(
        self,
        client: ConnectClient,
        current: ApiDeployment,
        olds: Mapping[str, Any],
        inputs: Mapping[str, Any],
        project_key: str,
    ) -> ApiDeployment:
        """Let a running operation finish, then redeploy if the declaration or the status asks for it."""
        current = self._wait_settled(client, current, inputs, project_key)
        redeploy, update_connector = model.needs_redeploy(current, olds, inputs)
        if not redeploy:
            return current
        action = model.redeploy_action(inputs, update_connector=update_connector)

        def write(obj: ApiDeployment) -> ApiDeployment:
            return client.update_deployment(id=obj.id, version=obj.version, actions=[action], project_key=project_key)

        return write_with_one_reread(
            _label(inputs), write, lambda: client.get_deployment(id=current.id, project_key=project_key), current
        )

    def _watch(
        self,
        client: ConnectClient,
        current: ApiDeployment,
        project_key: str,
        expect: Expectation,
        timeout: float,
        label: str,
        what: str,
    ) -> ApiDeployment | None:
        """Wait for ``expect``; ``None`` when the deployment is gone (a target only after a delete)."""
        note_wait_capacity()
        return watch(
            lambda: client.find_deployment(id=current.id, project_key=project_key),
            lambda obj: str(obj.status),
            expect,
            timeout=timeout,
            what=f"{label}: {what}",
            label=label,
            initial=current,
            clock=self.runtime.clock,
            write=self.runtime.write,
        )

    def _wait_settled(
        self, client: ConnectClient, current: ApiDeployment, inputs: Mapping[str, Any], project_key: str
    ) -> ApiDeployment:
        """Let a deployment that is being (re)deployed or undeployed finish before touching it."""
        if current.status not in DEPLOYMENT_BUSY:
            return current
        expect = Expectation(pending=DEPLOYMENT_BUSY, target=DEPLOYMENT_SETTLED)
        label = _label(inputs)
        found = self._watch(
            client, current, project_key, expect, inputs["timeouts"]["deploy"], label, "operation in progress"
        )
        return _present(found, label)

    def _wait_deployed(
        self, client: ConnectClient, current: ApiDeployment, inputs: Mapping[str, Any], project_key: str
    ) -> ApiDeployment:
        expect = Expectation(
            pending={*DEPLOYMENT_BUILDING, DeploymentStatus.DRAFT},
            target={DeploymentStatus.DEPLOYED},
            failure={DeploymentStatus.FAILED},
        )
        label = _label(inputs)
        try:
            found = self._watch(client, current, project_key, expect, inputs["timeouts"]["deploy"], label, "deployment")
        except WaitError as error:
            raise self._failure(client, error, current.id, project_key, "deploy") from None
        return _present(found, label)

    def _failure(
        self, client: ConnectClient, error: WaitError, id_: str, project_key: str, timeout_name: str
    ) -> ConnectResourceError:
        if isinstance(error, WaitTimedOut):
            where = f"deployment id {id_}, project {project_key}"
            return ConnectResourceError(timed_out_message(error, where, timeout_name))
        from connect_as_code.connect import Deployment as ApiDeploymentModel

        current = error.current if isinstance(error.current, ApiDeploymentModel) else None
        report = current.details.build.report if current is not None and current.details else None
        lines = report_lines(report.entries) if report else []
        logs = self._last_log_lines(client, id_, project_key)
        if logs:
            lines += ["last log lines:", *(f"  {line}" for line in logs)]
        return ConnectResourceError(with_lines(str(error), lines))

    @staticmethod
    def _last_log_lines(client: ConnectClient, id_: str, project_key: str) -> list[str]:
        """The deployment's last log lines, or none when the logs cannot be read.

        A failure to read logs must never hide the failure being reported, so any API error (the logs
        endpoints are deprecated, and a token may lack the view scope) gives no lines.
        """
        from connect_as_code.connect import ConnectError

        try:
            page = client.get_deployment_logs(id=id_, project_key=project_key)
        except ConnectError:
            return []
        return [model.format_log_line(entry) for entry in page.data[-LOG_LINES_ON_FAILURE:]]


def _label(inputs: Mapping[str, Any], fallback: str = "") -> str:
    return f"Deployment {inputs.get('key', fallback)}"


def _ensure_same_connector(current: ApiDeployment, inputs: Mapping[str, Any]) -> None:
    connector = current.connector
    wanted_id, wanted_key = inputs.get("connector_id"), inputs.get("connector_key")
    if (wanted_id and connector.id != wanted_id) or (wanted_key and connector.key != wanted_key):
        raise ConnectResourceError(
            f"Deployment key {inputs['key']!r} already exists and deploys connector "
            f"{connector.key or connector.id!r}, not {wanted_key or wanted_id!r}: choose another "
            "key, or delete that deployment first"
        )


def _present(found: ApiDeployment | None, label: str) -> ApiDeployment:
    if found is None:
        raise ConnectResourceError(f"{label}: the deployment was deleted while Pulumi waited for it")
    return found
