"""The ConnectorStaged provider: the I/O around :mod:`.connector_staged_model`.

Adopt by key or create, apply the update actions, request previewable status and wait for the verdict,
publish and wait, delete. Every decision is a pure function of the model module; this module only
reads, writes and waits.

The state of every stack refers to :class:`ConnectorStagedProvider` by this module's path (the pickled
``__provider`` of each resource): it stays here (``tests/unit/test_pickling.py`` pins it).
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from typing import Any

from pulumi.dynamic import CheckFailure, CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult

from connect_as_code import connector_staged_model as model
from connect_as_code import validation as v
from connect_as_code._runtime import ownership
from connect_as_code._runtime.provider import (
    ConnectProvider,
    ConnectResourceError,
    WaitRanOut,
    create_or_adopt,
    note_wait_capacity,
    read_for_update,
    user_facing,
    warn,
    write_with_one_reread,
)
from connect_as_code._runtime.reports import report_lines, resume_unrecorded, timed_out_message, with_lines
from connect_as_code._sdk_workarounds.host_diffs import record as record_detailed_diff
from connect_as_code.connect import (
    ConnectClient,
    ConnectError,
    Connector,
    ConnectorPublishAction,
    ConnectorReport,
    ConnectorUpdateAction,
    ConnectorUpdatePreviewableAction,
    NotFoundError,
    is_outage,
    to_json,
)
from connect_as_code.connect import ConnectorStaged as ApiConnectorStaged
from connect_as_code.connect_yaml.declarations import declaration_at
from connect_as_code.connect_yaml.sources import Unreadable
from connect_as_code.vocabulary import CONNECTOR_CERTIFYING, CONNECTOR_SETTLED, ConnectorStatus, IsPreviewable
from connect_as_code.waiting import Expectation, WaitError, WaitTimedOut, watch

_UNREADABLE_PROPERTY: dict[Unreadable | None, str] = {
    Unreadable.NOT_A_GITHUB_URL: "repository.url",
    Unreadable.CHECKOUT_WITHOUT_FILE: "local_checkout",
}
"""The input to name when connect.yaml cannot be read (the tag, unless it is the URL or the checkout)."""


class ConnectorStagedProvider(ConnectProvider):
    """Dynamic provider of :class:`~connect_as_code.ConnectorStaged`; holds nothing but settings (``configure``)."""

    @user_facing
    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs = model.normalize_inputs(news)
        problems = model.validate(inputs)
        if not problems and not v.is_unknown(inputs.get("connection")):
            self.check_credentials(inputs)  # every preview and up: a wrong or revoked secret fails here
            problems = self._takeover_problems(olds, inputs)
            if not v.is_unknown(inputs["repository"]) and model.repository_changed_since(olds, inputs):
                problems += self._connect_yaml_problems(inputs)
        return CheckResult(inputs, [CheckFailure(*p.for_engine()) for p in problems])

    def _certification_notes(self, id_: str, olds: Mapping[str, Any], inputs: Mapping[str, Any]) -> None:
        """Warn of comments removed from the declaration (nothing is withdrawn) and, for a connector in
        the certification conversation, of the Connect team's comments that have no answer yet.

        ``olds`` are the stored outputs; the connector is read (one GET) only when it is in the conversation.
        """
        label = _label(inputs)
        removed = model.removed_comments(olds, inputs)
        if removed and not v.is_unknown(inputs.get("certification_comments")):
            warn(
                f"{label}: certification_comments: {len(removed)} comment(s) no longer declared stay on "
                "Connect (comments cannot be withdrawn); nothing is sent for them"
            )
        in_conversation = inputs.get("publish") == "certification" or bool(
            ((olds.get("optional_outputs") or {}).get("certification_info") or {}).get("comments")
        )
        if not in_conversation or v.is_unknown(inputs.get("connection")) or self.settings(inputs).missing_credentials():
            return

        try:
            found = self.client(inputs).find_connector_staged(id=id_)
        except ConnectError as error:  # a warning's read never fails the preview
            self.runtime.write(f"{label}: certification comments not read: {error}")
            return
        if found is not None:
            self._warn_unanswered(found, inputs)

    def _warn_unanswered(self, current: ApiConnectorStaged, inputs: Mapping[str, Any]) -> None:

        comments = (to_json(current).get("certificationInfo") or {}).get("comments") or []
        declared = inputs.get("certification_comments") or []
        if v.is_unknown(declared):
            return
        for message in model.comment_warnings(_label(inputs), comments, declared):
            warn(message)

    def _takeover_problems(self, olds: Mapping[str, Any], inputs: Mapping[str, Any]) -> list[v.Problem]:
        """A new key that another connector already has, unless the program asks to adopt it (one read)."""
        key, settings = inputs.get("key"), self.settings(inputs)
        scope = settings.project_key or ""
        if not isinstance(key, str):
            return []
        if olds.get("key") == key:
            ownership.note_owned_key("ConnectorStaged", scope, key)
            return []
        if ownership.owned_key("ConnectorStaged", scope, key) or ownership.adoption_asked(inputs, key):
            return []
        if settings.missing_credentials():
            return []

        try:
            found = self.client(inputs).find_connector_staged(key=key)
        except ConnectError:
            return []  # not readable with this token (or now): `up`'s create still refuses a taken key
        return [] if found is None else [v.Problem("key", _takeover_refusal(found, key, scope))]

    def _connect_yaml_problems(self, inputs: Mapping[str, Any]) -> list[v.Problem]:
        """connect.yaml at the declared tag, as Connect will read it: its problems, or a warning when unread."""
        repository = inputs["repository"]
        at = declaration_at(self.runtime, repository["url"], repository["tag"], inputs.get("local_checkout"))
        label = _label(inputs)
        for note in at.source.notes:
            self.runtime.write(f"{label}: {note}")
        if at.source.definitely_unreadable:
            return [v.Problem(_UNREADABLE_PROPERTY.get(at.source.unreadable, "repository.tag"), at.source.message)]
        if at.unchecked is not None:
            warn(f"{label}: connect.yaml not checked: {at.unchecked}")
            return []
        return [v.Problem("repository", problem.message) for problem in at.problems]

    @user_facing
    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        new_inputs = model.normalize_inputs(news)
        changed = model.changed_inputs(olds, new_inputs)
        record_detailed_diff(model.detailed_changes(olds, new_inputs))
        self._certification_notes(_id, olds, new_inputs)
        replaces = ["key"] if "key" in changed else []
        return DiffResult(changes=bool(changed), replaces=replaces, delete_before_replace=False)

    @user_facing
    def create(self, props: dict[str, Any]) -> CreateResult:
        inputs = model.normalize_inputs(props)
        client = self.client(inputs)
        existing = client.find_connector_staged(key=inputs["key"])
        if existing is not None and not ownership.adoption_asked(inputs, inputs["key"]):
            raise ConnectResourceError(_takeover_refusal(existing, inputs["key"], self.settings(inputs).project_key))
        created = existing is None
        wanted = model.spec_of(inputs)
        if existing is None:
            draft = model.draft(wanted)
            existing = create_or_adopt(
                lambda: client.find_connector_staged(key=inputs["key"]),
                lambda: client.create_connector_staged(draft),
            )
        if not created:
            ownership.hold("ConnectorStaged", existing.id)  # adopted: the resource it was under must not delete it
        try:
            current = self._converge(client, existing, inputs, wanted, created=created)
        except ConnectResourceError as error:
            if not created:
                raise
            raise _unrecorded(client, existing.id, inputs, error) from None
        return CreateResult(current.id, model.outputs_of(current, inputs, _published(client, current)))

    @user_facing
    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        inputs = model.normalize_inputs(news)
        client = self.client(inputs)
        found = read_for_update(_label(inputs), id_, lambda: client.get_connector_staged(id=id_))
        mode_changed = olds.get("publish", "none") != inputs["publish"]
        current = self._converge(client, found, inputs, model.spec_of(inputs), created=False, mode_changed=mode_changed)
        return UpdateResult(model.outputs_of(current, inputs, _published(client, current)))

    @user_facing
    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        client = self.client(props)
        found = client.find_connector_staged(id=id_)
        if found is None:
            return ReadResult("", {})
        refreshed = model.inputs_from_api(found, model.declared_inputs(props))
        if found.status in CONNECTOR_CERTIFYING:
            self.runtime.write(f"{_label(props)}: certification: status {found.status} (the Connect team reviews it)")
        self._warn_unanswered(found, refreshed)
        return ReadResult(id_, model.outputs_of(found, refreshed, _published(client, found)), refreshed)

    @user_facing
    def delete(self, id_: str, _props: dict[str, Any]) -> None:

        if ownership.held_by_another("ConnectorStaged", id_):
            self.runtime.write(
                f"ConnectorStaged {_props.get('key', id_)}: not deleted: another resource of this stack took "
                f"connector {id_} over in this run (adopt=True under a new name); only this resource's entry goes"
            )
            return
        with contextlib.suppress(NotFoundError):  # already gone: what delete wants
            self.client(_props).delete_connector_staged(id=id_)

    # ----------------------------------------------------------------------------------- steps

    def _converge(
        self,
        client: ConnectClient,
        current: ApiConnectorStaged,
        inputs: Mapping[str, Any],
        wanted: model.ConnectorStagedSpec,
        *,
        created: bool,
        mode_changed: bool = False,
    ) -> ApiConnectorStaged:
        """Bring ``current`` to ``wanted``: update actions, previewable verdict, publication.

        ``inputs`` give the label and the timeouts of the waits. ``mode_changed``: ``publish`` changed since
        the last ``pulumi up``, which publishes in the new mode.
        """

        current = self._wait_while_processing(client, current, inputs)
        actions = model.update_actions(current, wanted)
        if actions:
            current = self._apply(client, current, inputs, actions, recompute=wanted)
        if model.needs_previewable_request(current, wanted, model.repository_changed(actions)):
            current = self._apply(client, current, inputs, [ConnectorUpdatePreviewableAction()])
        if wanted.previewable and current.is_previewable == IsPreviewable.PENDING:
            current = self._wait_previewable(client, current, inputs)
        if model.needs_publish(current, wanted, created or model.changes_content(actions), mode_changed):
            certification = wanted.publish == "certification"
            current = self._apply(client, current, inputs, [ConnectorPublishAction(certification=certification)])
            current = self._wait_published(client, current, inputs)
        return current

    def _apply(
        self,
        client: ConnectClient,
        current: ApiConnectorStaged,
        inputs: Mapping[str, Any],
        actions: Sequence[ConnectorUpdateAction],
        *,
        recompute: model.ConnectorStagedSpec | None = None,
    ) -> ApiConnectorStaged:
        """Post the actions with the current version; on a conflict, re-read once (and recompute them
        towards ``recompute``, when given)."""

        def write(obj: ApiConnectorStaged) -> ApiConnectorStaged:
            todo = model.update_actions(obj, recompute) if recompute is not None and obj is not current else actions
            if not todo:
                return obj
            return client.update_connector_staged(id=obj.id, version=obj.version, actions=todo)

        return write_with_one_reread(_label(inputs), write, lambda: client.get_connector_staged(id=current.id), current)

    def _watch(
        self,
        client: ConnectClient,
        current: ApiConnectorStaged,
        field_name: str,
        expect: Expectation,
        timeout: float,
        label: str,
        what: str,
    ) -> ApiConnectorStaged:

        note_wait_capacity()
        found = watch(
            lambda: client.find_connector_staged(id=current.id),
            lambda obj: str(getattr(obj, field_name)),
            expect,
            timeout=timeout,
            what=f"{label}: {what}",
            label=label,
            initial=current,
            clock=self.runtime.clock,
            backoff=self.runtime.backoff,
            write=self.runtime.write,
            field_name="isPreviewable" if field_name == "is_previewable" else field_name,
            outage=is_outage,
        )
        if found is None:
            raise ConnectResourceError(f"{label}: {what}: the ConnectorStaged was deleted while waiting")
        return found

    def _wait_while_processing(
        self, client: ConnectClient, current: ApiConnectorStaged, inputs: Mapping[str, Any]
    ) -> ApiConnectorStaged:
        if current.status != ConnectorStatus.PROCESSING:
            return current
        expect = Expectation(pending={ConnectorStatus.PROCESSING}, target=CONNECTOR_SETTLED)
        timeout = inputs["timeouts"]["publish"]
        return self._watch(client, current, "status", expect, timeout, _label(inputs), "publishing in progress")

    def _wait_previewable(
        self, client: ConnectClient, current: ApiConnectorStaged, inputs: Mapping[str, Any]
    ) -> ApiConnectorStaged:
        expect = Expectation(
            pending={IsPreviewable.PENDING},
            target={IsPreviewable.TRUE},
            failure={IsPreviewable.FALSE, IsPreviewable.NONE},
        )
        timeout = inputs["timeouts"]["previewable"]
        try:
            return self._watch(
                client, current, "is_previewable", expect, timeout, _label(inputs), "previewable verdict"
            )
        except WaitError as error:
            raise _with_report(error, "previewable_report", current.id, "previewable") from None

    def _wait_published(
        self, client: ConnectClient, current: ApiConnectorStaged, inputs: Mapping[str, Any]
    ) -> ApiConnectorStaged:
        targets = {ConnectorStatus.PUBLISHED}
        if inputs["publish"] == "certification":
            targets |= CONNECTOR_CERTIFYING
        expect = Expectation(
            pending={ConnectorStatus.PROCESSING, ConnectorStatus.DRAFT},
            target=targets,
            failure={ConnectorStatus.FAILED},
        )
        timeout = inputs["timeouts"]["publish"]
        try:
            return self._watch(client, current, "status", expect, timeout, _label(inputs), "publishing")
        except WaitError as error:
            raise _with_report(error, "publishing_report", current.id, "publish") from None


def _label(inputs: Mapping[str, Any]) -> str:
    return f"ConnectorStaged {inputs['key']}"


def _published(client: ConnectClient, current: ApiConnectorStaged) -> Connector | None:
    """The published Connector of ``current``, if there is one."""
    return client.find_connector(id=current.id) if model.is_listed(current) else None


def _with_report(error: WaitError, report_field: str, id_: str, timeout_name: str) -> ConnectResourceError:

    current = error.current if isinstance(error.current, ApiConnectorStaged) else None
    report: ConnectorReport | None = getattr(current, report_field, None)
    lines = report_lines(report.entries) if report else []
    if isinstance(error, WaitTimedOut):
        return WaitRanOut(with_lines(timed_out_message(error, f"ConnectorStaged id {id_}", timeout_name), lines))
    return ConnectResourceError(with_lines(str(error), lines))


def _takeover_refusal(found: ApiConnectorStaged, key: str, project_key: str | None) -> str:
    where = f"in project {project_key}" if project_key else "in the creator project"
    return ownership.takeover_refusal("ConnectorStaged", key, where, f"id {found.id}, {found.status}")


def _unrecorded(client: ConnectClient, id_: str, inputs: Mapping[str, Any], error: ConnectResourceError) -> Exception:
    """The error of a first create that failed after the connector was made: Pulumi records nothing of a
    failed create, so the connector is deleted (nothing is left that the stack does not hold)."""

    label = _label(inputs)
    if isinstance(error, WaitRanOut):
        return WaitRanOut(resume_unrecorded(str(error), f"{ownership.ADOPT_ENVIRONMENT}={inputs['key']}"))
    try:
        with contextlib.suppress(NotFoundError):
            client.delete_connector_staged(id=id_)
    except ConnectError as cleanup:
        return type(error)(
            f"{error}\n{label}: the connector {id_} could not be deleted ({cleanup}); the stack's state does not "
            f"hold it: delete it, or take it over with `{ownership.ADOPT_ENVIRONMENT}={inputs['key']} pulumi up`"
        )
    return type(error)(
        f"{error}\n{label}: the connector {id_} was deleted, since the stack's state cannot hold a failed create; "
        "the next `pulumi up` creates it again"
    )
