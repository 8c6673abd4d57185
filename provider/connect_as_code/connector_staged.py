"""ConnectorStaged: a connector draft, its previewable verdict and its publication, as one resource.

The life of a ConnectorStaged, top to bottom:

* :func:`check_inputs` normalises and validates the declaration offline (runs at ``pulumi preview``);
* :func:`draft_body` turns it into a ConnectorStagedDraft;
* :func:`update_actions` lists the update actions that bring a fresh API object to the declaration;
* :func:`outputs_of` turns the API object into the resource's outputs;
* :class:`ConnectorStagedProvider` does the I/O around them: adopt by key or create, apply the actions,
  request previewable status and wait for the verdict, publish and wait, delete.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypedDict

import pulumi
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    CreateResult,
    DiffResult,
    ReadResult,
    Resource,
    UpdateResult,
)

from connect_as_code import validation as v
from connect_as_code._pickle_guard import restoring_pickler
from connect_as_code._runtime import (
    ConnectProvider,
    ConnectResourceError,
    ProgressReporter,
    create_or_adopt,
    read_for_update,
    user_facing,
    write_with_one_reread,
)
from connect_as_code._shards import with_provider
from connect_as_code.waiting import Expectation, WaitError, wait_until

if TYPE_CHECKING:
    from connect_as_code.connect import ConnectClient
    from connect_as_code.connect import ConnectorStaged as ApiConnectorStaged

PUBLISH_MODES = ("none", "private", "certification")
DEFAULT_TIMEOUTS = {"previewable": 1800.0, "publish": 1200.0}

CREATOR_FIELDS = {
    # input name -> (API field, update action, action field)
    "name": ("name", "setCreatorName", "creatorName"),
    "title": ("title", "setCreatorTitle", "creatorTitle"),
    "email": ("email", "setCreatorEmail", "creatorEmail"),
    "company": ("company", "setCreatorCompany", "creatorCompany"),
    "logo_url": ("logoUrl", "setCreatorLogo", "logoUrl"),
    "support_url": ("supportUrl", "setCreatorSupportUrl", "creatorSupportUrl"),
    "no_of_contributors": ("noOfContributors", "setCreatorNoOfContributors", "creatorNoOfContributors"),
}
CREATOR_ALIASES = {
    "logoUrl": "logo_url",
    "supportUrl": "support_url",
    "noOfContributors": "no_of_contributors",
    "noOfDevelopers": "no_of_contributors",  # the name the Connect "Getting started" guide uses
    "no_of_developers": "no_of_contributors",
}
INPUT_NAMES = (
    "key", "name", "description", "integration_types", "creator", "repository", "supported_regions",
    "private_projects", "documentation_url", "previewable", "publish", "timeouts",
)  # fmt: skip
OUTPUT_NAMES = (
    "connector_staged_id", "version", "status", "is_previewable", "previewable_report", "publishing_report",
    "configurations", "global_configuration", "api_client", "has_changes", "already_listed", "private",
    "connector_id", "connector_version",
)  # fmt: skip


class CreatorArgs(TypedDict, total=False):
    """The connector's creator. ``email`` is required; ``no_of_developers`` is read as ``no_of_contributors``."""

    email: pulumi.Input[str]
    name: pulumi.Input[str]
    title: pulumi.Input[str]
    company: pulumi.Input[str]
    logo_url: pulumi.Input[str]
    support_url: pulumi.Input[str]
    no_of_contributors: pulumi.Input[int]
    no_of_developers: pulumi.Input[int]


class RepositoryArgs(TypedDict):
    """Where the connector's code lives: a GitHub URL and a git tag."""

    url: pulumi.Input[str]
    tag: pulumi.Input[str]


class TimeoutsArgs(TypedDict, total=False):
    """Seconds to wait for the previewable verdict and for publishing (defaults 1800 and 1200)."""

    previewable: pulumi.Input[float]
    publish: pulumi.Input[float]


# ---------------------------------------------------------------------------------------------------
# Pure functions


def normalize_creator(creator: Mapping[str, Any]) -> dict[str, Any]:
    """Creator with snake_case keys, the guide's ``noOfDevelopers`` folded in, counts as ints."""
    out: dict[str, Any] = {}
    for raw_name, value in creator.items():
        name = CREATOR_ALIASES.get(raw_name, raw_name)
        if value is None:
            continue
        out[name] = int(value) if name == "no_of_contributors" and isinstance(value, float) else value
    return out


def normalize_inputs(news: Mapping[str, Any]) -> dict[str, Any]:
    """Inputs in canonical form: defaults filled, creator normalised, nothing else touched."""
    inputs = {name: news[name] for name in INPUT_NAMES if news.get(name) is not None}
    if isinstance(inputs.get("creator"), Mapping):
        inputs["creator"] = normalize_creator(inputs["creator"])
    inputs.setdefault("previewable", False)
    inputs.setdefault("publish", "none")
    if isinstance(inputs.get("timeouts"), Mapping):
        inputs["timeouts"] = {**DEFAULT_TIMEOUTS, **{k: val for k, val in inputs["timeouts"].items() if val}}
    else:
        inputs["timeouts"] = dict(DEFAULT_TIMEOUTS)
    return inputs


def validate(inputs: Mapping[str, Any]) -> list[v.Problem]:
    """Every problem in the (normalised) inputs that can be found offline."""

    def known(name: str) -> bool:
        return name in inputs and not v.is_unknown(inputs[name])

    problems: list[v.Problem] = []
    if known("key"):
        problems += v.check_key("key", inputs["key"])
    elif "key" not in inputs:
        problems.append(v.Problem("key", "is required: it identifies the connector and lets create adopt it"))
    if known("name"):
        problems += v.check_required_text("name", inputs["name"])
    elif "name" not in inputs:
        problems.append(v.Problem("name", "is required"))
    creator = inputs.get("creator")
    if creator is None:
        problems.append(v.Problem("creator", "is required, with at least an email"))
    elif isinstance(creator, Mapping):
        problems += _validate_creator(creator)
    repository = inputs.get("repository")
    if repository is None:
        problems.append(v.Problem("repository", "is required: {url: 'https://github.com/<owner>/<repo>.git', tag}"))
    elif isinstance(repository, Mapping):
        if not v.is_unknown(repository.get("url")):
            problems += v.check_repository_url("repository.url", repository.get("url"))
        if not v.is_unknown(repository.get("tag")):
            problems += v.check_required_text("repository.tag", repository.get("tag"))
    if known("supported_regions"):
        problems += v.check_regions("supported_regions", inputs["supported_regions"])
    if known("integration_types"):
        problems += v.check_choices("integration_types", inputs["integration_types"], v.INTEGRATION_TYPES)
    if known("private_projects"):
        projects = inputs["private_projects"]
        if isinstance(projects, list):
            for i, project in enumerate(projects):
                problems += v.check_project_identifier(f"private_projects[{i}]", project)
        else:
            problems.append(v.Problem("private_projects", "must be a list of '<region>:<projectKey>'"))
    if known("documentation_url"):
        problems += v.check_http_url("documentation_url", inputs["documentation_url"])
    if known("publish"):
        problems += v.check_choice("publish", inputs["publish"], PUBLISH_MODES)
    if known("previewable") and not isinstance(inputs["previewable"], bool):
        problems.append(v.Problem("previewable", "must be true or false"))
    for name, seconds in inputs.get("timeouts", {}).items():
        if name not in DEFAULT_TIMEOUTS:
            problems.append(v.Problem(f"timeouts.{name}", f"unknown timeout; use {', '.join(DEFAULT_TIMEOUTS)}"))
        elif not v.is_unknown(seconds):
            problems += v.check_positive_number(f"timeouts.{name}", seconds)
    return problems


def _validate_creator(creator: Mapping[str, Any]) -> list[v.Problem]:
    problems: list[v.Problem] = []
    for name, value in creator.items():
        if name not in CREATOR_FIELDS:
            problems.append(v.Problem(f"creator.{name}", f"unknown creator field{v.suggest(name, CREATOR_FIELDS)}"))
        elif v.is_unknown(value):
            continue
        elif name == "email":
            problems += v.check_email("creator.email", value)
        elif name in ("logo_url", "support_url"):
            problems += v.check_http_url(f"creator.{name}", value)
        elif name == "no_of_contributors" and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            problems.append(v.Problem("creator.no_of_contributors", f"{value!r} must be a whole number of at least 1"))
    if "email" not in creator:
        problems.append(v.Problem("creator.email", "is required"))
    return problems


def draft_body(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The ConnectorStagedDraft JSON for the declaration."""
    creator = {CREATOR_FIELDS[name][0]: value for name, value in inputs["creator"].items()}
    body: dict[str, Any] = {
        "key": inputs["key"],
        "name": inputs["name"],
        "creator": creator,
        "repository": {"url": inputs["repository"]["url"], "tag": inputs["repository"]["tag"]},
    }
    optional = {
        "description": "description",
        "integration_types": "integrationTypes",
        "supported_regions": "supportedRegions",
        "private_projects": "privateProjects",
        "documentation_url": "documentationUrl",
    }
    body.update({api: inputs[name] for name, api in optional.items() if inputs.get(name) is not None})
    return body


def update_actions(current: Mapping[str, Any], inputs: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The minimal update actions that bring ``current`` (API JSON) to the declaration.

    Fields the declaration leaves out are left as they are on the server.
    """
    actions: list[dict[str, Any]] = []
    if inputs["name"] != current.get("name"):
        actions.append({"action": "setName", "name": inputs["name"]})
    if inputs.get("description") is not None and inputs["description"] != current.get("description"):
        actions.append({"action": "setDescription", "description": inputs["description"]})
    current_creator = current.get("creator") or {}
    for name, value in inputs["creator"].items():
        api_field, action, action_field = CREATOR_FIELDS[name]
        if value != current_creator.get(api_field):
            actions.append({"action": action, action_field: value})
    repository = current.get("repository") or {}
    wanted_repository = inputs["repository"]
    if (wanted_repository["url"], wanted_repository["tag"]) != (repository.get("url"), repository.get("tag")):
        actions.append({"action": "setRepository", "url": wanted_repository["url"], "tag": wanted_repository["tag"]})
    if inputs.get("supported_regions") is not None and set(inputs["supported_regions"]) != set(
        current.get("supportedRegions") or []
    ):
        actions.append({"action": "setSupportedRegions", "regions": inputs["supported_regions"]})
    if inputs.get("integration_types") is not None and set(inputs["integration_types"]) != set(
        current.get("integrationTypes") or []
    ):
        actions.append({"action": "setIntegrationTypes", "integrationTypes": inputs["integration_types"]})
    if inputs.get("documentation_url") is not None and inputs["documentation_url"] != current.get("documentationUrl"):
        actions.append({"action": "setDocumentationUrl", "documentationUrl": inputs["documentation_url"]})
    if inputs.get("private_projects") is not None:
        have = current.get("privateProjects") or []
        want = inputs["private_projects"]
        actions += [{"action": "addPrivateProject", "privateProject": p} for p in want if p not in have]
        actions += [{"action": "removePrivateProject", "privateProject": p} for p in have if p not in want]
    return actions


def repository_changed(actions: Sequence[Mapping[str, Any]]) -> bool:
    """Whether the actions point the connector at other code (which needs a new previewable verdict)."""
    return any(action["action"] == "setRepository" for action in actions)


def needs_previewable_request(current: Mapping[str, Any], inputs: Mapping[str, Any], repo_changed: bool) -> bool:
    """Whether to send ``updatePreviewable``: asked for, and no verdict for the current code yet."""
    if not inputs.get("previewable"):
        return False
    status = current.get("isPreviewable")
    return repo_changed or status not in ("true", "pending")


def needs_publish(current: Mapping[str, Any], inputs: Mapping[str, Any], changed: bool) -> bool:
    """Whether to send ``publish``: asked for, and the staged state is not the published one yet."""
    mode = inputs.get("publish", "none")
    if mode == "none":
        return False
    status = current.get("status")
    if mode == "certification" and status in ("ReadyForCertification", "InCertification"):
        return changed
    return changed or status != "Published" or bool(current.get("hasChanges"))


def report_lines(report: Mapping[str, Any] | None) -> list[str]:
    """A ConnectorReport as one line per entry: ``Error: title: message``."""
    lines = []
    for entry in (report or {}).get("entries") or []:
        message = f": {entry['message']}" if entry.get("message") else ""
        lines.append(f"{entry.get('type', 'Entry')}: {entry.get('title', '')}{message}")
    return lines


def outputs_of(
    current: Mapping[str, Any], inputs: Mapping[str, Any], connector: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The resource's outputs: the declaration as given, then what the API says about it."""
    return {
        **inputs,
        "connector_staged_id": current["id"],
        "version": current["version"],
        "status": current.get("status"),
        "is_previewable": current.get("isPreviewable"),
        "previewable_report": current.get("previewableReport"),
        "publishing_report": current.get("publishingReport"),
        "configurations": current.get("configurations") or [],
        "global_configuration": current.get("globalConfiguration"),
        "api_client": current.get("apiClient"),
        "has_changes": current.get("hasChanges"),
        "already_listed": current.get("alreadyListed"),
        "private": current.get("private"),
        "connector_id": connector.get("id") if connector else None,
        "connector_version": connector.get("version") if connector else None,
    }


def declared_inputs(outputs: Mapping[str, Any]) -> dict[str, Any]:
    """The inputs part of stored outputs."""
    return {name: outputs[name] for name in INPUT_NAMES if outputs.get(name) is not None}


def inputs_from_api(current: Mapping[str, Any], declared: Mapping[str, Any]) -> dict[str, Any]:
    """The declaration as the server has it now, for ``pulumi refresh`` to show drift.

    Only fields the declaration manages are reported; provider-side settings are kept.
    """
    inputs = dict(declared)
    inputs["name"] = current.get("name")
    if "description" in declared:
        inputs["description"] = current.get("description")
    creator = current.get("creator") or {}
    inputs["creator"] = {name: creator.get(CREATOR_FIELDS[name][0]) for name in declared.get("creator", {})}
    repository = current.get("repository") or {}
    inputs["repository"] = {"url": repository.get("url"), "tag": repository.get("tag")}
    for name, api in (
        ("supported_regions", "supportedRegions"),
        ("integration_types", "integrationTypes"),
        ("private_projects", "privateProjects"),
        ("documentation_url", "documentationUrl"),
    ):
        if name in declared:
            inputs[name] = current.get(api)
    return inputs


# ---------------------------------------------------------------------------------------------------
# I/O


def _as_json(obj: ApiConnectorStaged) -> dict[str, Any]:
    return obj.model_dump(by_alias=True, mode="json")


class ConnectorStagedProvider(ConnectProvider):
    """Dynamic provider for :class:`ConnectorStaged`. Holds nothing but settings read in ``configure``."""

    @user_facing
    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs = normalize_inputs(news)
        failures = [CheckFailure(p.property, p.reason) for p in validate(inputs)]
        if not failures and not _olds:
            self.check_credentials()  # something will be created: the credentials must work
        return CheckResult(inputs, failures)

    @user_facing
    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        old_inputs = declared_inputs(olds)
        new_inputs = normalize_inputs(news)
        changed = [name for name in INPUT_NAMES if old_inputs.get(name) != new_inputs.get(name)]
        if changed:
            self.check_credentials()  # something will change: the credentials must work
        replaces = ["key"] if "key" in changed else []
        return DiffResult(changes=bool(changed), replaces=replaces, delete_before_replace=False)

    @user_facing
    def create(self, props: dict[str, Any]) -> CreateResult:
        inputs = normalize_inputs(props)
        client = self.client()
        existing = client.find_connector_staged(key=inputs["key"])
        if existing is None:
            from connect_as_code.connect import ConnectorStagedDraft

            draft = ConnectorStagedDraft.model_validate(draft_body(inputs))
            existing = create_or_adopt(
                lambda: client.find_connector_staged(key=inputs["key"]),
                lambda: client.create_connector_staged(draft),
            )
            created = True
        else:
            created = False
        current = _as_json(existing)
        actions = update_actions(current, inputs)
        current = self._converge(client, current, inputs, actions, created=created)
        return CreateResult(current["id"], outputs_of(current, inputs, self._connector(client, current)))

    @user_facing
    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        inputs = normalize_inputs(news)
        client = self.client()
        label = f"ConnectorStaged {inputs['key']}"
        current = _as_json(read_for_update(label, id_, lambda: client.get_connector_staged(id=id_)))
        actions = update_actions(current, inputs)
        current = self._converge(client, current, inputs, actions, created=False)
        return UpdateResult(outputs_of(current, inputs, self._connector(client, current)))

    @user_facing
    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        client = self.client()
        found = client.find_connector_staged(id=id_)
        if found is None:
            return ReadResult("", {})
        current = _as_json(found)
        refreshed = inputs_from_api(current, declared_inputs(props))
        return ReadResult(id_, outputs_of(current, refreshed, self._connector(client, current)), refreshed)

    @user_facing
    def delete(self, id_: str, _props: dict[str, Any]) -> None:
        from connect_as_code.connect import NotFoundError

        with contextlib.suppress(NotFoundError):
            self.client().delete_connector_staged(id=id_)

    # -- steps

    def _converge(
        self,
        client: ConnectClient,
        current: dict[str, Any],
        inputs: Mapping[str, Any],
        actions: list[dict[str, Any]],
        *,
        created: bool,
    ) -> dict[str, Any]:
        label = f"ConnectorStaged {inputs['key']}"
        current = self._wait_while_processing(client, current, inputs, label)
        if actions:
            current = self._apply(client, current, inputs, actions)
        changed = created or bool(actions)
        if needs_previewable_request(current, inputs, repository_changed(actions)):
            current = self._apply(client, current, inputs, [{"action": "updatePreviewable"}])
        if inputs.get("previewable") and current.get("isPreviewable") == "pending":
            current = self._wait_previewable(client, current, inputs, label)
        if needs_publish(current, inputs, changed):
            certification = inputs["publish"] == "certification"
            current = self._apply(client, current, inputs, [{"action": "publish", "certification": certification}])
            current = self._wait_published(client, current, inputs, label)
        return current

    def _apply(
        self,
        client: ConnectClient,
        current: dict[str, Any],
        inputs: Mapping[str, Any],
        actions: list[dict[str, Any]],
    ) -> dict[str, Any]:
        """Post the actions with the current version; on a conflict, re-read and recompute once."""
        recompute = actions[0]["action"] not in ("updatePreviewable", "publish")

        def write(obj: dict[str, Any]) -> dict[str, Any]:
            todo = update_actions(obj, inputs) if recompute and obj is not current else actions
            if not todo:
                return obj
            return _as_json(client.update_connector_staged(id=obj["id"], version=obj["version"], actions=todo))

        return write_with_one_reread(
            f"ConnectorStaged {inputs['key']}",
            write,
            lambda: _as_json(client.get_connector_staged(id=current["id"])),
            current,
        )

    def _wait(
        self,
        client: ConnectClient,
        current: dict[str, Any],
        field: str,
        expect: Expectation,
        timeout: float,
        what: str,
        label: str,
    ) -> dict[str, Any]:
        progress = ProgressReporter(label)

        def refresh() -> dict[str, Any] | None:
            found = client.find_connector_staged(id=current["id"])
            return None if found is None else _as_json(found)

        result = wait_until(
            refresh,
            lambda obj: str(obj.get(field)),
            expect,
            timeout=timeout,
            what=what,
            initial=current,
            on_progress=lambda p: progress(f"{field} {p.status}", p.elapsed),
        )
        if result is None:
            raise ConnectResourceError(f"{what}: the ConnectorStaged was deleted while waiting")
        return result

    def _wait_while_processing(
        self, client: ConnectClient, current: dict[str, Any], inputs: Mapping[str, Any], label: str
    ) -> dict[str, Any]:
        if current.get("status") != "Processing":
            return current
        expect = Expectation(
            pending={"Processing"},
            target={"Draft", "Published", "Failed", "ReadyForCertification", "InCertification"},
        )
        return self._wait(
            client,
            current,
            "status",
            expect,
            inputs["timeouts"]["publish"],
            f"{label}: publishing in progress",
            label,
        )

    def _wait_previewable(
        self, client: ConnectClient, current: dict[str, Any], inputs: Mapping[str, Any], label: str
    ) -> dict[str, Any]:
        what = f"{label}: previewable verdict"
        expect = Expectation(pending={"pending"}, target={"true"}, failure={"false", "none"})
        try:
            return self._wait(client, current, "isPreviewable", expect, inputs["timeouts"]["previewable"], what, label)
        except WaitError as error:
            raise _with_report(error, "previewableReport", current["id"], label, "previewable") from None

    def _wait_published(
        self, client: ConnectClient, current: dict[str, Any], inputs: Mapping[str, Any], label: str
    ) -> dict[str, Any]:
        what = f"{label}: publishing"
        targets = {"Published"}
        if inputs["publish"] == "certification":
            targets |= {"ReadyForCertification", "InCertification"}
        expect = Expectation(pending={"Processing", "Draft"}, target=targets, failure={"Failed"})
        try:
            return self._wait(client, current, "status", expect, inputs["timeouts"]["publish"], what, label)
        except WaitError as error:
            raise _with_report(error, "publishingReport", current["id"], label, "publish") from None

    def _connector(self, client: ConnectClient, current: Mapping[str, Any]) -> dict[str, Any] | None:
        if current.get("status") != "Published" and not current.get("alreadyListed"):
            return None
        found = client.find_connector(id=current["id"])
        return None if found is None else found.model_dump(by_alias=True, mode="json")


def _with_report(error: WaitError, report_field: str, id_: str, label: str, timeout_name: str) -> Exception:
    current = error.current if isinstance(error.current, Mapping) else {}
    lines = report_lines(current.get(report_field))
    detail = "".join(f"\n  {line}" for line in lines)
    if error.__class__.__name__ == "WaitTimedOut":
        return ConnectResourceError(
            f"{error} (ConnectorStaged id {id_}). It is still running on the server: run `pulumi up` again "
            f"to resume waiting, or raise timeouts.{timeout_name}.{detail}"
        )
    return ConnectResourceError(f"{error}{detail}")


class ConnectorStaged(Resource, module="connect", name="ConnectorStaged"):
    """A commercetools Connect ConnectorStaged, optionally made previewable and published.

    ``key`` identifies it: changing it replaces the connector, and ``pulumi up`` adopts an existing
    ConnectorStaged with the same key instead of failing. Deleting the resource also deletes the
    published Connector; protect connectors others deploy with ``protect=True`` or
    ``retain_on_delete=True``.
    """

    connector_staged_id: pulumi.Output[str]
    version: pulumi.Output[int]
    status: pulumi.Output[str]
    is_previewable: pulumi.Output[str]
    previewable_report: pulumi.Output[Any]
    publishing_report: pulumi.Output[Any]
    configurations: pulumi.Output[list[Any]]
    global_configuration: pulumi.Output[Any]
    api_client: pulumi.Output[Any]
    has_changes: pulumi.Output[bool]
    already_listed: pulumi.Output[bool]
    private: pulumi.Output[bool]
    connector_id: pulumi.Output[str | None]
    connector_version: pulumi.Output[int | None]
    key: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        key: pulumi.Input[str],
        name: pulumi.Input[str],
        creator: pulumi.Input[CreatorArgs],
        repository: pulumi.Input[RepositoryArgs],
        description: pulumi.Input[str] | None = None,
        integration_types: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        supported_regions: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        private_projects: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        documentation_url: pulumi.Input[str] | None = None,
        previewable: pulumi.Input[bool] = False,
        publish: pulumi.Input[str] = "none",
        timeouts: pulumi.Input[TimeoutsArgs] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Declare a ConnectorStaged.

        ``previewable=True`` requests previewable status whenever the repository changes and waits for
        the verdict; ``publish`` is ``"none"``, ``"private"`` (publish after every change and wait until
        Published) or ``"certification"`` (submit for certification and wait until submitted).
        """
        props: dict[str, Any] = {
            "key": key,
            "name": name,
            "creator": creator,
            "repository": repository,
            "description": description,
            "integration_types": integration_types,
            "supported_regions": supported_regions,
            "private_projects": private_projects,
            "documentation_url": documentation_url,
            "previewable": previewable,
            "publish": publish,
            "timeouts": timeouts,
        }
        props.update({name: None for name in OUTPUT_NAMES})
        with restoring_pickler():
            super().__init__(ConnectorStagedProvider(), resource_name, props, with_provider(opts))
