"""The Deployment provider: the I/O around :mod:`.deployment_model`.

Create (or adopt by key, when asked: :mod:`_runtime.ownership`), redeploy, wait for ``Deployed``, delete and
wait until it is gone. Every decision is a pure function of the model module; this module only reads,
writes and waits.

The state of every stack refers to :class:`DeploymentProvider` by this module's path (the pickled
``__provider`` of each resource): it stays here (``tests/unit/test_pickling.py`` pins it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from pulumi.dynamic import CheckFailure, CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult

from connect_as_code import deployment_model as model
from connect_as_code import deployment_spec as spec
from connect_as_code import validation as v
from connect_as_code._runtime import ownership
from connect_as_code._runtime.provider import (
    ConnectProvider,
    ConnectResourceError,
    WaitRanOut,
    client_for,
    create_or_adopt,
    note_once,
    note_wait_capacity,
    read_for_update,
    read_once,
    user_facing,
    warn,
    write_with_one_reread,
)
from connect_as_code._runtime.reports import report_lines, resume_unrecorded, timed_out_message, with_lines
from connect_as_code._sdk_workarounds.host_diffs import record as record_detailed_diff
from connect_as_code.connect import BadRequestError, ConnectClient, ConnectError, Connector, NotFoundError, is_outage
from connect_as_code.connect import ConnectorStaged as ApiConnectorStaged
from connect_as_code.connect import Deployment as ApiDeployment
from connect_as_code.connect_yaml.configuration_check import check_configuration, declaration_of
from connect_as_code.connect_yaml.declarations import declaration_at
from connect_as_code.connect_yaml.document import Declaration
from connect_as_code.settings import SettingsError
from connect_as_code.vocabulary import (
    DEPLOYMENT_BUILDING,
    DEPLOYMENT_BUSY,
    DEPLOYMENT_SETTLED,
    GONE,
    DeploymentStatus,
)
from connect_as_code.waiting import Expectation, WaitError, WaitTimedOut, watch

if TYPE_CHECKING:
    from connect_as_code.settings import Settings

LOG_LINES_ON_FAILURE = 10
WARNING = "warning: "
"""The prefix of a note that is shown as a warning of the run (see :func:`~_runtime.provider.warn`)."""


class DeploymentFailed(ConnectResourceError):
    """A deployment (or undeploy) ended in a failure status; the message is the server's report."""


class DeploymentProvider(ConnectProvider):
    """Dynamic provider of :class:`~connect_as_code.Deployment`. Holds nothing but settings read in ``configure``."""

    # ------------------------------------------------------------------------------ check, diff

    @user_facing
    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs = model.normalize_inputs(news)
        problems = model.validate(inputs) + model.promotion_gate_problems(olds, inputs)
        if "project_key" not in inputs and not self.settings(inputs).project_key:
            problems.append(
                v.Problem(
                    "project_key", "no project to deploy to: set project_key, or connect:projectKey (CTP_PROJECT_KEY)"
                )
            )
        if not problems and not v.is_unknown(inputs.get("connection")):
            self.check_credentials(inputs)  # every preview and up: a wrong or revoked secret fails here
            problems = self._takeover_problems(olds, inputs)
            if not model.configuration_checked_before(olds, inputs):
                problems += self._availability_problems(inputs)
                if not problems and not v.is_unknown(inputs["configurations"]):
                    problems = self._configuration_problems(inputs)
        return CheckResult(inputs, [CheckFailure(*p.for_engine()) for p in problems])

    def _availability_problems(self, inputs: Mapping[str, Any]) -> list[v.Problem]:
        """Whether the connector may be deployed to this region and project, as far as it is known."""
        project_key = inputs.get("project_key") or self.settings(inputs).project_key
        if not project_key or any(v.is_unknown(inputs.get(name)) for name in ("region", "project_key", "staged")):
            return []
        availability = self._availability(inputs)
        return [] if availability is None else model.availability_problems(availability, inputs, project_key)

    def _availability(self, inputs: Mapping[str, Any]) -> model.Availability | None:
        """Where the connector may go: from its declaration in the program (``connector=``), else from
        the connector on the server (read once per process, as its declared configuration)."""
        staged = bool(inputs["staged"])
        declared = inputs.get("connector_availability")
        if declared is not None:
            if v.is_unknown(declared) or v.is_unknown(inputs.get("connector_key")):
                return None
            connector = str(inputs.get("connector_key"))
            return model.availability_of_declaration(declared, connector, staged, self._stack_project())
        if inputs.get("connector_repository") is not None:
            return None
        found, _ = self._connector_on_server(inputs)
        if found is None:
            return None
        return model.availability_on_server(found, staged, self.settings(inputs).project_key)

    def _stack_project(self) -> str | None:
        """The stack's project key (where a ConnectorStaged without a connection of its own is created)."""
        try:
            return self.settings().project_key
        except SettingsError:
            return None

    def _takeover_problems(self, olds: Mapping[str, Any], inputs: Mapping[str, Any]) -> list[v.Problem]:
        """A new key that another deployment already has, unless the program asks to adopt it (one read).

        A resource whose last inputs had the same key holds it: the engine's second check before a
        replacement (without old inputs) is not refused.
        """
        key, project_key = inputs.get("key"), inputs.get("project_key") or self.settings(inputs).project_key
        if not isinstance(key, str) or not isinstance(project_key, str):
            return []  # not known yet (or missing: the other checks say so)
        old_project = olds.get("project_key") or self.settings(olds).project_key if olds else None
        if olds.get("key") == key and old_project == project_key:
            ownership.note_owned_key("Deployment", project_key, key)
            return []
        if ownership.owned_key("Deployment", project_key, key) or ownership.adoption_asked(inputs, key):
            return []
        if self.settings(inputs).missing_credentials():
            return []

        try:
            found = self.client(inputs).find_deployment(key=key, project_key=project_key)
        except ConnectError:
            return []  # not readable with this token (or now): `up`'s create still refuses a taken key
        if found is None:
            return []
        return [v.Problem("key", _takeover_refusal(found, key, project_key))]

    def _configuration_problems(self, inputs: Mapping[str, Any]) -> list[v.Problem]:
        declaration, note = self._declaration(inputs)
        if note and note.startswith(WARNING):
            warn(f"Deployment {inputs['key']}: {note.removeprefix(WARNING)}")
        elif note:
            self.runtime.write(f"Deployment {inputs['key']}: {note}")
        if declaration is None:
            return []
        global_configuration = inputs.get("global_configuration")
        if v.is_unknown(global_configuration):
            declaration = dataclasses.replace(declaration, global_configuration=None)  # checked once known
        return check_configuration(inputs["configurations"], declaration, global_configuration)

    def _declaration(self, inputs: Mapping[str, Any]) -> tuple[Declaration | None, str | None]:
        """The connector's declared configuration, or why it is not known; reads only.

        With the connector's repository known (``connector=`` a ConnectorStaged of the program), from
        connect.yaml at its tag, as Connect will derive it (or, when this machine cannot read the file,
        from the connector on the server if it is at that tag already); otherwise from the connector on
        the server.
        """
        repository = inputs.get("connector_repository")
        if repository is None:
            return self._declaration_on_server(inputs)
        if v.is_unknown(repository):
            return None, None
        at = declaration_at(self.runtime, repository["url"], repository["tag"], repository.get("checkout"))
        if at.declaration is not None:
            return at.declaration, None
        if at.refused:
            return None, None  # the ConnectorStaged's check says what is wrong with its connect.yaml
        on_server, _ = self._declaration_on_server(inputs, at_tag=repository["tag"])
        if on_server is not None:
            return on_server, None
        return None, f"{WARNING}configuration not checked against connect.yaml: {at.unchecked}"

    def _connector_on_server(
        self, inputs: Mapping[str, Any]
    ) -> tuple[Connector | ApiConnectorStaged | None, str | None]:
        """The deployment's connector (or staged connector) as the server has it, or why not.

        Read once per process for all deployments of the connector (:func:`read_once`); reads only.
        """
        reference = {k: inputs[k] for k in ("connector_id", "connector_key") if k in inputs}
        if any(v.is_unknown(value) for value in reference.values()) or v.is_unknown(inputs["staged"]):
            return None, None
        settings = self.settings(inputs)
        missing = settings.missing_credentials()
        if missing:
            return None, f"configuration not checked against the connector (no credentials: {', '.join(missing)})"
        staged, by = bool(inputs["staged"]), (reference.get("connector_id"), reference.get("connector_key"))
        connector = read_once((settings, "connector", staged, by), lambda: _read_connector(settings, staged, *by))
        if connector is None:
            kind = "staged connector" if staged else "connector"
            return None, (
                f"{WARNING}{kind} {by[1] or by[0]!r} not found yet: its configuration, region and project are not "
                "checked before create (pass connector= a ConnectorStaged of this program to check them at preview)"
            )
        return connector, None

    def _declaration_on_server(
        self, inputs: Mapping[str, Any], at_tag: str | None = None
    ) -> tuple[Declaration | None, str | None]:
        """The declared configuration of the connector as the server has it (at ``at_tag`` only, if given)."""
        connector, note = self._connector_on_server(inputs)
        if connector is None:
            return None, note
        if at_tag is not None and connector.repository.tag != at_tag:
            return None, None
        return declaration_of(connector), None

    @user_facing
    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        inputs = model.normalize_inputs(news)
        seen = model.compare(olds, inputs)
        changed, replaces = model.changes(olds, inputs, seen)
        record_detailed_diff(model.detailed_changes(olds, inputs, seen))
        same_key = olds.get("key") == inputs.get("key") and olds.get("project_key") == inputs.get("project_key")
        return DiffResult(changes=bool(changed), replaces=replaces, delete_before_replace=bool(replaces) and same_key)

    # ---------------------------------------------------------------------------------- writes

    @user_facing
    def create(self, props: dict[str, Any]) -> CreateResult:
        inputs = model.normalize_inputs(props)
        declaration = model.declared(inputs)
        client = self.client(inputs)
        project_key = self.project_key(inputs)
        existing = client.find_deployment(key=inputs["key"], project_key=project_key)
        if existing is not None and not ownership.adoption_asked(inputs, inputs["key"]):
            raise ConnectResourceError(_takeover_refusal(existing, inputs["key"], project_key))
        build_started = self.runtime.wall_clock()
        if existing is None:
            draft = spec.draft(spec.spec_of(inputs))
            current = self._create(
                inputs,
                project_key,
                lambda: create_or_adopt(
                    lambda: client.find_deployment(key=inputs["key"], project_key=project_key),
                    lambda: client.create_deployment(draft, project_key=project_key),
                ),
            )
            try:
                current = self._wait_deployed(client, current, inputs, project_key, build_started)
            except ConnectResourceError as error:
                raise self._unrecorded(client, current.id, inputs, project_key, error) from None
        else:
            _ensure_same_connector(existing, inputs)
            ownership.hold("Deployment", existing.id)  # adopted: the resource it was under must not delete it
            current = self._adopt(client, existing, declaration, project_key)
            current = self._wait_deployed(client, current, inputs, project_key, build_started)
        return CreateResult(current.id, self._outputs(client, current, declaration, project_key))

    def _adopt(
        self, client: ConnectClient, existing: ApiDeployment, declaration: model.Declared, project_key: str
    ) -> ApiDeployment:
        """Take over ``existing`` (asked for): let its build finish, then redeploy it unless it already runs
        the declaration as far as it can be read (see :func:`.deployment_model.adoption_baseline`)."""
        inputs = declaration.inputs
        current = self._wait_settled(client, existing, inputs, project_key)
        baseline = model.adoption_baseline(current, declaration)
        if baseline:
            self.runtime.write(
                f"{_label(inputs)}: taken over as it is ({current.status}, connector version "
                f"{current.connector.version}): its standard values, secured keys and connector version are the "
                "declared ones; secured values cannot be read back and are taken to be the declared ones "
                "(a new redeploy_trigger value redeploys them)"
            )
        return self._converge(client, current, baseline, declaration, project_key)

    def _unrecorded(
        self,
        client: ConnectClient,
        id_: str,
        inputs: Mapping[str, Any],
        project_key: str,
        error: ConnectResourceError,
    ) -> ConnectResourceError:
        """The error of a first create whose wait failed: Pulumi records nothing of a failed create, so a
        ``Failed`` deployment is deleted (nothing is left that the stack does not hold), and one still
        building is named with the way to take it over."""
        label = _label(inputs)
        if not isinstance(error, DeploymentFailed):
            if not isinstance(error, WaitRanOut):
                return error
            return WaitRanOut(resume_unrecorded(str(error), f"{ownership.ADOPT_ENVIRONMENT}={inputs['key']}"))

        try:
            self.delete(id_, dict(inputs))
        except (ConnectError, ConnectResourceError) as cleanup:
            return DeploymentFailed(
                f"{error}\n{label}: the failed deployment {id_} could not be deleted ({cleanup}); the stack's state "
                f"does not hold it: delete it, or take it over with `{ownership.ADOPT_ENVIRONMENT}={inputs['key']} "
                "pulumi up`"
            )
        return DeploymentFailed(
            f"{error}\n{label}: the failed deployment {id_} was deleted, since the stack's state cannot hold a "
            "failed create; the next `pulumi up` creates it again"
        )

    @user_facing
    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        inputs = model.normalize_inputs(news)
        declaration = model.declared(inputs)
        client = self.client(inputs)
        project_key = self.project_key(inputs)
        found = read_for_update(_label(inputs), id_, lambda: client.get_deployment(id=id_, project_key=project_key))
        build_started = self.runtime.wall_clock()
        current = self._converge(client, found, olds, declaration, project_key)
        if current.status != DeploymentStatus.DEPLOYED:
            try:
                current = self._wait_deployed(client, current, inputs, project_key, build_started)
            except DeploymentFailed as failed:
                if inputs["on_failure"] != "rollback":
                    raise
                raise self._roll_back(client, current.id, olds, inputs, project_key, failed) from None
        return UpdateResult(self._outputs(client, current, declaration, project_key))

    @user_facing
    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        declared = {name: props[name] for name in model.INPUT_NAMES if props.get(name) is not None}
        found = self.client(declared).find_deployment(id=id_, project_key=self.project_key(declared))
        if found is None:
            return ReadResult("", {})
        refreshed = model.inputs_from_api(found, declared)
        # Secured values cannot be read back: their hashes and the last good declaration stay as recorded.
        kept = {name: props.get(name) for name in model.SECRET_OUTPUTS}
        return ReadResult(id_, {**model.outputs_of(found, model.declared(refreshed)), **kept}, refreshed)

    @user_facing
    def delete(self, id_: str, props: dict[str, Any]) -> None:
        # props are the recorded outputs: the key, the project, the connection and the delete timeout
        if ownership.held_by_another("Deployment", id_):
            self.runtime.write(
                f"{_label(props, id_)}: not deleted: another resource of this stack took deployment {id_} over "
                "in this run (adopt=True under a new name); only this resource's entry in the state goes"
            )
            return
        client = self.client(props)
        project_key = self.project_key(props)

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
        timeout = model.delete_timeout(props)
        undeploy_started = self.runtime.wall_clock()
        try:
            self._watch(client, current, project_key, expect, timeout, _label(props, id_), "undeploy")
        except WaitError as error:
            raise self._failure(client, error, id_, project_key, "delete", undeploy_started) from None

    # ----------------------------------------------------------------------------------- steps

    def _create(
        self, inputs: Mapping[str, Any], project_key: str, create: Callable[[], ApiDeployment]
    ) -> ApiDeployment:
        """``create()``; a ``ConnectorReferenceNotFound`` answer says which input to change when it can tell."""

        try:
            return create()
        except BadRequestError as error:
            if not error.has_code("ConnectorReferenceNotFound"):
                raise
            try:
                availability = self._availability(inputs)
            except (ConnectError, SettingsError):
                availability = None
            hint = model.reference_not_found_hint(availability, inputs, project_key)
            raise ConnectResourceError(f"{_label(inputs)}: {error}. {hint[:1].upper()}{hint[1:]}") from None

    def _outputs(
        self, client: ConnectClient, current: ApiDeployment, declaration: model.Declared, project_key: str
    ) -> dict[str, Any]:
        """The outputs of a deployment just brought to the declaration (with its revision, for rollbacks)."""
        rolls_back = declaration.inputs["on_failure"] == "rollback"
        revision = self._live_revision(client, current.id, project_key) if rolls_back else None
        return model.outputs_of(current, declaration, revision)

    def _live_revision(self, client: ConnectClient, id_: str, project_key: str) -> int | None:
        """The number of the revision now live, or None when the revisions cannot be read.

        The revisions endpoints are newer than the Connect API's published specification (their
        envelope is inferred): a failure to read them is said once and costs only this output.
        """

        try:
            revisions = client.query_deployment_revisions(id=id_, project_key=project_key)
        except ConnectError as error:
            note_once(f"warning: deployment revisions not read ({error}); the output revision stays empty")
            return None
        return next((r.revision_number for r in revisions if r.current_revision), None)

    def _roll_back(
        self,
        client: ConnectClient,
        id_: str,
        olds: Mapping[str, Any],
        inputs: Mapping[str, Any],
        project_key: str,
        failed: DeploymentFailed,
    ) -> ConnectResourceError:
        """After ``failed``, bring back what was deployed before and wait for it; the error that ends the update.

        The revision recorded at the last successful ``pulumi up`` (the output ``revision``) is restored
        with Connect's rollback endpoint (whose shape is inferred): it brings back exactly that
        configuration and connector version, where a redeploy would keep every value added since. Without
        a recorded revision: another connector version is restored from its latest revision, the same one
        by redeploying the state's ``last_good``. What is live is then read back and compared with the
        last good declaration before the message says so.
        """
        label = _label(inputs)
        last = olds.get("last_good")
        if not last:
            return ConnectResourceError(
                f"{failed}\n{label}: not rolled back: the state holds no last good deployment yet "
                "(on_failure='rollback' keeps one from its first successful `pulumi up` on)"
            )
        self.runtime.write(f"{label}: the redeploy failed; rolling back to the last good deployment")

        started = self.runtime.wall_clock()
        wanted_version = olds.get("deployed_connector_version")
        revision = (olds.get("optional_outputs") or {}).get("revision")
        try:
            now = client.get_deployment(id=id_, project_key=project_key)
            if revision is not None:
                restored = client.rollback_deployment(
                    id=now.id, revision=int(revision), version=now.version, project_key=project_key
                )
            elif now.connector.version != wanted_version:
                restored = self._restore_revision(client, now, wanted_version, project_key)
            else:
                action = spec.redeploy_action(spec.configuration_spec_of(last), update_connector=False)
                restored = client.update_deployment(
                    id=now.id, version=now.version, actions=[action], project_key=project_key
                )
            restored = self._wait_deployed(client, restored, inputs, project_key, started)
            live = client.get_deployment(id=id_, project_key=project_key)
        except (ConnectError, ConnectResourceError) as error:
            return ConnectResourceError(f"{failed}\n{label}: the rollback failed too: {error}")
        differences = model.live_differences(live, model.public_inputs(last), wanted_version)
        if differences:
            return ConnectResourceError(
                f"{failed}\n{label}: rolled back, but what Connect has now is not the last successful `pulumi up`: "
                f"{'; '.join(differences)} (connector version {live.connector.version}, deployment version "
                f"{live.version}, {live.status}). The state keeps the last good declaration: the next preview "
                "shows what brings it back."
            )
        return ConnectResourceError(
            f"{failed}\n{label}: rolled back: connector version {live.connector.version} with the configuration "
            f"of the last successful `pulumi up` is live again, as read back from Connect (deployment version "
            f"{live.version}, {live.status}). The state keeps that declaration: fix the cause and run `pulumi up` "
            "again."
        )

    def _restore_revision(
        self, client: ConnectClient, current: ApiDeployment, connector_version: Any, project_key: str
    ) -> ApiDeployment:
        """Roll ``current`` back to its most recent revision of ``connector_version``."""
        revisions = client.query_deployment_revisions(id=current.id, project_key=project_key)
        target = next((r for r in revisions if r.connector.version == connector_version), None)
        if target is None:
            raise ConnectResourceError(f"no revision of connector version {connector_version} to roll back to")
        return client.rollback_deployment(
            id=current.id, revision=target.revision_number, version=current.version, project_key=project_key
        )

    def _converge(
        self,
        client: ConnectClient,
        current: ApiDeployment,
        olds: Mapping[str, Any],
        declaration: model.Declared,
        project_key: str,
    ) -> ApiDeployment:
        """Let a running operation finish, then redeploy if the declaration or the status asks for it."""
        inputs = declaration.inputs
        current = self._wait_settled(client, current, inputs, project_key)
        available = not model.code_pending(current, inputs) or inputs["staged"] or self._published_runs(client, inputs)
        redeploy, update_connector = model.needs_redeploy(current, olds, declaration, code_available=available)
        if not redeploy:
            return current
        action = spec.redeploy_action(spec.configuration_spec_of(inputs), update_connector=update_connector)

        def write(obj: ApiDeployment) -> ApiDeployment:
            return client.update_deployment(id=obj.id, version=obj.version, actions=[action], project_key=project_key)

        return write_with_one_reread(
            _label(inputs), write, lambda: client.get_deployment(id=current.id, project_key=project_key), current
        )

    def _published_runs(self, client: ConnectClient, inputs: Mapping[str, Any]) -> bool:
        """Whether the published Connector runs the code the ConnectorStaged declares; if not (its new tag
        waits for certification), say that the deployment stays where it is until it does."""
        wanted = model.code_of(inputs["connector_repository"])
        published = client.find_connector(id=inputs.get("connector_id"), key=inputs.get("connector_key"))
        if published is not None and model.same_code((published.repository.url, published.repository.tag), wanted):
            return True
        running = f"tag {published.repository.tag!r} (version {published.version})" if published else "nothing yet"
        warn(
            f"{_label(inputs)}: the published Connector runs {running}, "
            f"not tag {inputs['connector_repository'].get('tag')!r} yet "
            "(its publication waits, as for a certification): the deployment stays as it is; "
            "the first `pulumi up` after the publication moves it"
        )
        return False

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
            backoff=self.runtime.backoff,
            write=self.runtime.write,
            outage=is_outage,
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
        self,
        client: ConnectClient,
        current: ApiDeployment,
        inputs: Mapping[str, Any],
        project_key: str,
        build_started: float,
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
            raise self._failure(client, error, current.id, project_key, "deploy", build_started) from None
        return _present(found, label)

    def _failure(
        self, client: ConnectClient, error: WaitError, id_: str, project_key: str, timeout_name: str, since: float
    ) -> ConnectResourceError:
        if isinstance(error, WaitTimedOut):
            where = f"deployment id {id_}, project {project_key}"
            return WaitRanOut(timed_out_message(error, where, timeout_name))

        current = error.current if isinstance(error.current, ApiDeployment) else None
        report = current.details.build.report if current is not None and current.details else None
        lines = report_lines(report.entries) if report else []
        return DeploymentFailed(with_lines(str(error), lines + _log_lines(client, id_, project_key, since)))


LOGS_MOVED = (
    "logs: the Connect API no longer serves deployment logs (its logs endpoints are removed after 2027-01-31); "
    "read them in Platform Insights, in your APM tool"
)
LOGS_SINCE_MARGIN = 1.0
"""Seconds before the start of the build whose log lines are shown (the server's clock may be a little behind)."""
LOG_PAGES = 5
"""At most this many pages (20 lines each) of the build's logs are read for its last lines."""


def _log_lines(client: ConnectClient, id_: str, project_key: str, since: float) -> list[str]:
    """The last log lines of the build that started at ``since`` (wall clock), for a failure report.

    A failure to read logs must never hide the failure being reported: when the logs endpoints are gone
    (404), the report says where logs are now; any other API error (a token without the view scope, a
    fault) leaves the lines out.
    """

    start = dt.datetime.fromtimestamp(since - LOGS_SINCE_MARGIN, dt.UTC)
    entries = []
    try:
        pages = client.iter_deployment_log_pages(id=id_, project_key=project_key, start_date=start)
        for _, page in zip(range(LOG_PAGES), pages, strict=False):
            entries += [entry for entry in page.data if entry.timestamp >= start]
    except NotFoundError:
        return [LOGS_MOVED]
    except ConnectError:
        return []
    if not entries:
        return []
    return ["last log lines:", *(f"  {model.format_log_line(entry)}" for entry in entries[-LOG_LINES_ON_FAILURE:])]


def _read_connector(
    settings: Settings, staged: bool, id_: str | None, key: str | None
) -> Connector | ApiConnectorStaged | None:
    """The connector (or staged connector), or ``None``; its declaration does not change
    during a run, so each is read once per process (:func:`read_once`)."""

    client = client_for(settings)
    return client.find_connector_staged(id=id_, key=key) if staged else client.find_connector(id=id_, key=key)


def _label(inputs: Mapping[str, Any], fallback: str = "") -> str:
    return f"Deployment {inputs.get('key', fallback)}"


def _takeover_refusal(found: ApiDeployment, key: str, project_key: str) -> str:
    connector = found.connector.key or found.connector.id
    return ownership.takeover_refusal(
        "Deployment", key, f"in project {project_key}", f"id {found.id}, {found.status}, connector {connector}"
    )


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
