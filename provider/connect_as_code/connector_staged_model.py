"""The ConnectorStaged resource as pure functions: inputs in, API bodies and decisions out.

The life of a ConnectorStaged, top to bottom:

* :func:`normalize_inputs` / :func:`validate` check the declaration offline (at ``pulumi preview``);
* :func:`spec_of` parses the known inputs of a create or an update once into a frozen
  :class:`ConnectorStagedSpec`, which the next three read;
* :func:`draft` is the ConnectorStagedDraft of the declaration;
* :func:`update_actions` lists the update actions that bring a fresh API object to the declaration;
* :func:`needs_previewable_request` and :func:`needs_publish` decide the asynchronous steps;
* :func:`comments_to_send` and :func:`unanswered_comments` are the certification conversation;
* :func:`outputs_of` turns the API object into the resource's outputs.

Inputs and outputs are the plain dicts Pulumi hands over; everything facing the API is typed, and the
API's field names are written only in the client's models, but for the certification comments, which
:func:`comment_warnings` quotes as the server wrote them (``userId``, ``datetime``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from connect_as_code import connect as api
from connect_as_code import validation as v
from connect_as_code._runtime.timeouts import normalize_timeouts, timeout_problems
from connect_as_code._sdk_workarounds.host_diffs import leaf_changes
from connect_as_code.connection import connection_problems
from connect_as_code.vocabulary import (
    CONNECTOR_CERTIFYING,
    INTEGRATION_TYPES,
    PUBLISH_MODES,
    ConnectorStatus,
    IsPreviewable,
)

DEFAULT_TIMEOUTS = {"previewable": 1800.0, "publish": 1200.0}
CREATOR_FIELDS = {
    # input name -> field of the update action that sets it (the API's Creator field is the input name)
    "name": "creator_name",
    "title": "creator_title",
    "email": "creator_email",
    "company": "creator_company",
    "logo_url": "logo_url",
    "support_url": "creator_support_url",
    "no_of_contributors": "creator_no_of_contributors",
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
    "private_projects", "documentation_url", "previewable", "publish", "timeouts", "connection",
    "certification_comments",
)  # fmt: skip
LOCAL_INPUTS = ("local_checkout", "adopt")
"""Inputs about this machine or this run, not the connector (where connect.yaml is checked out; whether
``create`` may take over an existing connector): never compared, never kept in the outputs."""
OUTPUT_NAMES = (
    "connector_staged_id", "version", "status", "is_previewable", "configurations", "has_changes",
    "already_listed", "private", "optional_outputs",
)  # fmt: skip
OPTIONAL_OUTPUTS = (
    "previewable_report", "publishing_report", "global_configuration", "api_client", "connector_id",
    "connector_version", "certification_info",
)  # fmt: skip
"""Outputs that may have no value. They travel inside ``optional_outputs``: the engine drops a top-level
output whose value is None, and a preview then shows it as unknown although nothing changes."""

Inputs = dict[str, Any]


# --------------------------------------------------------------------------------- declaration


def normalize_creator(creator: Mapping[str, Any]) -> dict[str, Any]:
    """Creator with snake_case keys, the guide's ``noOfDevelopers`` folded in, counts as ints."""
    out: dict[str, Any] = {}
    for raw_name, value in creator.items():
        name = CREATOR_ALIASES.get(raw_name, raw_name)
        if value is None:
            continue
        out[name] = v.whole_number(value) if name == "no_of_contributors" else value
    return out


def normalize_inputs(news: Mapping[str, Any]) -> Inputs:
    """Inputs in canonical form: defaults filled, creator normalised, nothing else touched."""
    inputs = {name: news[name] for name in (*INPUT_NAMES, *LOCAL_INPUTS) if news.get(name) is not None}
    if isinstance(inputs.get("creator"), Mapping):
        inputs["creator"] = normalize_creator(inputs["creator"])
    inputs.setdefault("previewable", False)
    inputs.setdefault("publish", "none")
    inputs["timeouts"] = normalize_timeouts(inputs.get("timeouts"), DEFAULT_TIMEOUTS)
    return inputs


def validate(inputs: Mapping[str, Any]) -> list[v.Problem]:
    """Every problem in the (normalised) inputs that can be found offline."""
    known = v.known_in(inputs)
    problems: list[v.Problem] = []
    if known("key"):
        problems += v.check_key("key", inputs["key"])
    elif "key" not in inputs:
        problems.append(v.Problem("key", "is required: it identifies the connector"))
    if known("adopt") and not isinstance(inputs["adopt"], bool):
        problems.append(v.Problem("adopt", f"{inputs['adopt']!r} must be true or false"))
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
        problems += v.check_choices("integration_types", inputs["integration_types"], INTEGRATION_TYPES)
    if known("private_projects"):
        problems += _validate_private_projects(inputs["private_projects"])
    if known("documentation_url"):
        problems += v.check_http_url("documentation_url", inputs["documentation_url"])
    if known("publish"):
        problems += v.check_choice("publish", inputs["publish"], PUBLISH_MODES)
    if known("previewable") and not isinstance(inputs["previewable"], bool):
        problems.append(v.Problem("previewable", "must be true or false"))
    if known("certification_comments"):
        problems += _validate_comments(inputs["certification_comments"])
    if known("local_checkout") and not isinstance(inputs["local_checkout"], str):
        problems.append(v.Problem("local_checkout", "must be the path of a checkout of the connector's repository"))
    problems += connection_problems(inputs.get("connection"))
    return problems + timeout_problems(inputs.get("timeouts"), DEFAULT_TIMEOUTS)


def _validate_private_projects(projects: Any) -> list[v.Problem]:
    if not isinstance(projects, list):
        return [v.Problem("private_projects", "must be a list of '<region>:<projectKey>'")]
    return [
        problem
        for i, project in enumerate(projects)
        if not v.is_unknown(project)
        for problem in v.check_project_identifier(f"private_projects[{i}]", project)
    ]


def _validate_comments(comments: Any) -> list[v.Problem]:
    if not isinstance(comments, list):
        return [v.Problem("certification_comments", "must be a list of comments (text) to the Connect team")]
    return [
        v.Problem(f"certification_comments[{i}]", "must be a non-empty text")
        for i, comment in enumerate(comments)
        if not v.is_unknown(comment) and (not isinstance(comment, str) or not comment.strip())
    ]


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


# ----------------------------------------------------------------------------------- API bodies


@dataclass(frozen=True)
class ConnectorStagedSpec:
    """A ConnectorStaged's declaration as typed values: what the drafts, the update actions and the
    previewable and publish decisions read. Fields left out (``None``) are left as they are on the server."""

    key: str
    name: str
    creator: tuple[tuple[str, Any], ...]
    """The declared creator fields, ``(input name, value)``, in the order given."""
    repository: api.Repository
    description: str | None = None
    supported_regions: tuple[str, ...] | None = None
    integration_types: tuple[str, ...] | None = None
    private_projects: tuple[str, ...] | None = None
    documentation_url: str | None = None
    certification_comments: tuple[str, ...] = ()
    previewable: bool = False
    publish: str = "none"


def _strings(values: Any) -> tuple[str, ...] | None:
    return None if values is None else tuple(str(value) for value in values)


def spec_of(inputs: Mapping[str, Any]) -> ConnectorStagedSpec:
    """The spec of normalised, known inputs (:func:`normalize_inputs`)."""
    repository = inputs["repository"]
    return ConnectorStagedSpec(
        key=inputs["key"],
        name=inputs["name"],
        creator=tuple(inputs["creator"].items()),
        repository=api.Repository(url=repository["url"], tag=repository["tag"]),
        description=inputs.get("description"),
        supported_regions=_strings(inputs.get("supported_regions")),
        integration_types=_strings(inputs.get("integration_types")),
        private_projects=_strings(inputs.get("private_projects")),
        documentation_url=inputs.get("documentation_url"),
        certification_comments=_strings(inputs.get("certification_comments")) or (),
        previewable=bool(inputs.get("previewable")),
        publish=str(inputs.get("publish", "none")),
    )


def _list(values: tuple[str, ...] | None) -> list[str] | None:
    return None if values is None else list(values)


def draft(spec: ConnectorStagedSpec) -> api.ConnectorStagedDraft:
    """The ConnectorStagedDraft of the declaration."""
    return api.ConnectorStagedDraft(
        key=spec.key,
        name=spec.name,
        creator=api.Creator(**dict(spec.creator)),
        repository=spec.repository,
        description=spec.description,
        integration_types=_list(spec.integration_types),
        supported_regions=_list(spec.supported_regions),
        private_projects=_list(spec.private_projects),
        documentation_url=spec.documentation_url,
    )


def update_actions(current: api.ConnectorStaged, spec: ConnectorStagedSpec) -> list[api.ConnectorUpdateAction]:
    """The minimal update actions that bring ``current`` to the declaration.

    Fields the declaration leaves out are left as they are on the server.
    """
    actions: list[api.ConnectorUpdateAction] = []
    if spec.name != current.name:
        actions.append(api.ConnectorSetNameAction(name=spec.name))
    if spec.description is not None and spec.description != current.description:
        actions.append(api.ConnectorSetDescriptionAction(description=spec.description))
    actions += [_creator_action(name, value) for name, value in spec.creator if value != getattr(current.creator, name)]
    wanted = spec.repository
    if (wanted.url, wanted.tag) != (current.repository.url, current.repository.tag):
        actions.append(api.ConnectorSetRepositoryAction(url=wanted.url, tag=wanted.tag))
    regions = spec.supported_regions
    if regions is not None and set(regions) != set(current.supported_regions):
        actions.append(api.ConnectorSetSupportedRegionsAction(regions=list(regions)))
    kinds = spec.integration_types
    if kinds is not None and set(kinds) != set(current.integration_types):
        actions.append(api.ConnectorSetIntegrationTypesAction(integration_types=list(kinds)))
    documentation_url = spec.documentation_url
    if documentation_url is not None and documentation_url != current.documentation_url:
        actions.append(api.ConnectorSetDocumentationUrlAction(documentation_url=documentation_url))
    wanted_projects = spec.private_projects
    if wanted_projects is not None:
        have = current.private_projects
        actions += [api.ConnectorAddPrivateProjectAction(private_project=p) for p in wanted_projects if p not in have]
        actions += [
            api.ConnectorRemovePrivateProjectAction(private_project=p) for p in have if p not in wanted_projects
        ]
    return actions + comment_actions(current, spec)


def comment_actions(current: api.ConnectorStaged, spec: ConnectorStagedSpec) -> list[api.ConnectorUpdateAction]:
    """``addCertificationComment`` for each declared comment the connector does not have yet."""
    have = [comment.comment for comment in current.certification_info.comments] if current.certification_info else []
    return [
        api.ConnectorAddCertificationCommentAction(comment=text)
        for text in comments_to_send(have, spec.certification_comments)
    ]


def comments_to_send(have: Sequence[str], declared: Sequence[str]) -> list[str]:
    """The declared comments that are not on the connector yet, in order (each text counted as often as
    it is declared): a comment is sent once, and one removed from the declaration is left as it is."""
    remaining = list(have)
    todo = []
    for text in declared:
        if text in remaining:
            remaining.remove(text)
        else:
            todo.append(text)
    return todo


def unanswered_comments(comments: Sequence[Mapping[str, Any]], declared: Sequence[str]) -> list[Mapping[str, Any]]:
    """The comments (API JSON) written after the last one of the declaration: the Connect team's
    questions that have no answer yet (every comment, when the declaration has none on the connector)."""
    last_own = max((i for i, comment in enumerate(comments) if comment.get("comment") in declared), default=-1)
    return [comment for comment in comments[last_own + 1 :] if comment.get("comment") not in declared]


def comment_warnings(label: str, comments: Sequence[Mapping[str, Any]], declared: Sequence[str]) -> list[str]:
    """One warning per unanswered comment of the Connect team, saying how to answer."""
    return [
        f"{label}: the Connect team commented on the certification "
        f"({comment.get('userId') or 'unknown author'}, {comment.get('datetime')}): {comment.get('comment')!r}; "
        "answer by adding a comment to certification_comments"
        for comment in unanswered_comments(comments, declared)
    ]


def removed_comments(olds: Mapping[str, Any], inputs: Mapping[str, Any]) -> list[str]:
    """Comments sent before that the declaration no longer lists (nothing is withdrawn from Connect)."""
    old = list(olds.get("certification_comments") or [])
    for text in inputs.get("certification_comments") or []:
        if text in old:
            old.remove(text)
    return old


def changes_content(actions: Sequence[api.ConnectorUpdateAction]) -> bool:
    """Whether the actions change what a publish makes public (a certification comment does not)."""
    return any(action.action != "addCertificationComment" for action in actions)


def _creator_action(name: str, value: Any) -> api.ConnectorUpdateAction:
    """The ``setCreator...`` action that sets creator field ``name``."""
    action_classes: dict[str, Callable[..., api.ConnectorUpdateAction]] = {
        "name": api.ConnectorSetCreatorNameAction,
        "title": api.ConnectorSetCreatorTitleAction,
        "email": api.ConnectorSetCreatorEmailAction,
        "company": api.ConnectorSetCreatorCompanyAction,
        "logo_url": api.ConnectorSetCreatorLogoAction,
        "support_url": api.ConnectorSetCreatorSupportUrlAction,
        "no_of_contributors": api.ConnectorSetCreatorNoOfContributorsAction,
    }
    return action_classes[name](**{CREATOR_FIELDS[name]: value})


def repository_changed(actions: Sequence[api.ConnectorUpdateAction]) -> bool:
    """Whether the actions point the connector at other code (which needs a new previewable verdict)."""
    return any(action.action == "setRepository" for action in actions)


def needs_previewable_request(current: api.ConnectorStaged, spec: ConnectorStagedSpec, repo_changed: bool) -> bool:
    """Whether to send ``updatePreviewable``: asked for, and no verdict for the current code yet."""
    if not spec.previewable:
        return False
    return repo_changed or current.is_previewable not in (IsPreviewable.TRUE, IsPreviewable.PENDING)


def needs_publish(
    current: api.ConnectorStaged, spec: ConnectorStagedSpec, changed: bool, mode_changed: bool = False
) -> bool:
    """Whether to send ``publish``: asked for, and not done yet for this content and this mode.

    ``changed``: the content changed (or the connector is new); ``mode_changed``: ``publish`` itself
    changed since the last ``pulumi up`` (private after certification, certification after private).
    A connector already in certification is not submitted again (Connect refuses it) unless its content
    changed; a change to ``"none"`` unpublishes nothing.
    """
    mode = spec.publish
    if mode == "none":
        return False
    if mode == "certification" and current.status in CONNECTOR_CERTIFYING:
        return changed
    return changed or mode_changed or current.status != ConnectorStatus.PUBLISHED or current.has_changes


def is_listed(current: api.ConnectorStaged) -> bool:
    """Whether a published Connector exists for this ConnectorStaged."""
    return current.status == ConnectorStatus.PUBLISHED or current.already_listed


# --------------------------------------------------------------------------------------- outputs


def outputs_of(current: api.ConnectorStaged, inputs: Mapping[str, Any], connector: api.Connector | None) -> Inputs:
    """The resource's outputs: the declaration as given, then what the API says about it."""
    return {
        **{name: value for name, value in inputs.items() if name not in LOCAL_INPUTS},
        "connector_staged_id": current.id,
        "version": current.version,
        "status": str(current.status),
        "is_previewable": str(current.is_previewable),
        "configurations": [api.to_json(application) for application in current.configurations],
        "has_changes": current.has_changes,
        "already_listed": current.already_listed,
        "private": current.private,
        "optional_outputs": {
            "previewable_report": _json_or_none(current.previewable_report),
            "publishing_report": _json_or_none(current.publishing_report),
            "global_configuration": _json_or_none(current.global_configuration),
            "api_client": _json_or_none(current.api_client),
            "connector_id": connector.id if connector else None,
            "connector_version": connector.version if connector else None,
            "certification_info": _json_or_none(current.certification_info),
        },
    }


def _json_or_none(value: BaseModel | None) -> dict[str, Any] | None:
    return None if value is None else api.to_json(value)


def changed_inputs(olds: Mapping[str, Any], inputs: Mapping[str, Any]) -> list[str]:
    """The declared inputs that differ between the stored outputs and the new inputs."""
    old_inputs = declared_inputs(olds)
    return [name for name in INPUT_NAMES if old_inputs.get(name) != inputs.get(name)]


def detailed_changes(olds: Mapping[str, Any], inputs: Mapping[str, Any]) -> dict[str, str]:
    """What a preview shows as the reasons of the change: each property path that changes, and how."""
    old_inputs = declared_inputs(olds)
    detailed: dict[str, str] = {}
    for name in changed_inputs(olds, inputs):
        if name == "key":
            detailed["key"] = "update-replace"
        else:
            detailed.update(leaf_changes(old_inputs.get(name), inputs.get(name), name))
    return detailed


def repository_changed_since(olds: Mapping[str, Any], inputs: Mapping[str, Any]) -> bool:
    """Whether the declared repository (URL or tag) is new or differs from the one last checked."""
    return olds.get("repository") != inputs.get("repository") or olds.get("local_checkout") != inputs.get(
        "local_checkout"
    )


def declared_inputs(outputs: Mapping[str, Any]) -> Inputs:
    """The inputs part of stored outputs."""
    return {name: outputs[name] for name in INPUT_NAMES if outputs.get(name) is not None}


def inputs_from_api(current: api.ConnectorStaged, declared: Mapping[str, Any]) -> Inputs:
    """The declaration as the server has it now, for ``pulumi refresh`` to show drift.

    Only fields the declaration manages are reported; provider-side settings are kept.
    """
    inputs = dict(declared)
    inputs["name"] = current.name
    if "description" in declared:
        inputs["description"] = current.description
    inputs["creator"] = {name: getattr(current.creator, name) for name in declared.get("creator", {})}
    inputs["repository"] = {"url": current.repository.url, "tag": current.repository.tag}
    for name in ("supported_regions", "integration_types", "private_projects"):
        if name in declared:
            inputs[name] = [str(value) for value in getattr(current, name)]
    if "documentation_url" in declared:
        inputs["documentation_url"] = current.documentation_url
    return inputs
