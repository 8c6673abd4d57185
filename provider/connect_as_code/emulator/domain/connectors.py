"""ConnectorStaged and Connector documents: creation, update actions and publishing (pure functions).

Documents are plain JSON dicts. Keys starting with ``_`` are the emulator's private bookkeeping
(creator project, application details from connect.yaml, the pending lifecycle) and are removed by
:func:`public_view` before anything leaves the emulator.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from connect_as_code.emulator.domain import errors
from connect_as_code.emulator.domain.connect_yaml import ConnectorSpec, configuration_block_problems
from connect_as_code.emulator.domain.errors import ApiError, bad_request
from connect_as_code.emulator.models import (
    ConnectorAddCertificationCommentAction,
    ConnectorAddPrivateProjectAction,
    ConnectorPublishAction,
    ConnectorRemovePrivateProjectAction,
    ConnectorSetConfigurationsAction,
    ConnectorSetCreatorCompanyAction,
    ConnectorSetCreatorEmailAction,
    ConnectorSetCreatorLogoAction,
    ConnectorSetCreatorNameAction,
    ConnectorSetCreatorNoOfContributorsAction,
    ConnectorSetCreatorSupportUrlAction,
    ConnectorSetCreatorTitleAction,
    ConnectorSetDescriptionAction,
    ConnectorSetDocumentationUrlAction,
    ConnectorSetIntegrationTypesAction,
    ConnectorSetNameAction,
    ConnectorSetRepositoryAction,
    ConnectorSetSupportedRegionsAction,
    ConnectorStagedDraft,
    ConnectorUnlistAction,
    ConnectorUpdateAction,
    ConnectorUpdatePreviewableAction,
)

JsonDict = dict[str, Any]

PUBLISHED_FIELDS = (
    "name",
    "description",
    "integrationTypes",
    "creator",
    "repository",
    "configurations",
    "apiClient",
    "globalConfiguration",
    "supportedRegions",
    "documentationUrl",
)
"""ConnectorStaged fields copied to the Connector on publish; ``hasChanges`` compares these."""

SUCCESSFUL_CHECKS = (
    "Image security analysis check succeeded",
    "SAST and SCA analysis check succeeded",
    "Connector specification file validation check succeeded",
)


def public_view(doc: JsonDict) -> JsonDict:
    """The document without the emulator's private ``_`` keys."""
    return {name: value for name, value in doc.items() if not name.startswith("_")}


def _spec_fields(spec: ConnectorSpec) -> JsonDict:
    fields: JsonDict = {"configurations": spec.configurations(), "_applications": spec.internal_applications()}
    fields["globalConfiguration"] = spec.global_configuration
    fields["apiClient"] = spec.api_client
    return fields


def _drop_none(doc: JsonDict) -> JsonDict:
    return {name: value for name, value in doc.items() if value is not None}


def new_staged(draft: ConnectorStagedDraft, spec: ConnectorSpec, staged_id: str, creator_project: str) -> JsonDict:
    """A fresh ConnectorStaged (version 1, Draft, not previewable), shaped like ``created-draft.json``."""
    creator = draft.creator.model_dump(exclude_none=True, by_alias=True)
    doc: JsonDict = {
        "id": staged_id,
        "key": draft.key,
        "version": 1,
        "name": draft.name,
        "description": draft.description if draft.description is not None else "",
        "integrationTypes": list(draft.integration_types or []),
        "creator": creator,
        "repository": draft.repository.model_dump(),
        **_spec_fields(spec),
        "private": True,
        "privateProjects": list(dict.fromkeys(draft.private_projects or [])),
        "supportedRegions": list(dict.fromkeys(draft.supported_regions or [])),
        "documentationUrl": draft.documentation_url,
        "hasChanges": False,
        "alreadyListed": False,
        "status": "Draft",
        "isPreviewable": "none",
        "_creatorProject": creator_project,
    }
    return _drop_none(doc)


@dataclass
class ActionContext:
    """What update actions need besides the document."""

    resolve_spec: Callable[[str, str], ConnectorSpec]
    published: JsonDict | None
    now_iso: str
    user_project: str | None
    processes: list[str] = field(default_factory=list)


def _set_creator(doc: JsonDict, name: str, value: Any) -> None:
    doc["creator"] = {**doc["creator"], name: value}


def _set_optional(doc: JsonDict, name: str, value: Any) -> None:
    if value is None:
        doc.pop(name, None)
    else:
        doc[name] = value


def apply_action(doc: JsonDict, action: ConnectorUpdateAction, context: ActionContext) -> None:
    """Apply one update action to ``doc`` in place; processes to start go to ``context.processes``."""
    match action:
        case ConnectorSetNameAction():
            doc["name"] = action.name
        case ConnectorSetDescriptionAction():
            doc["description"] = action.description
        case ConnectorSetCreatorNameAction():
            _set_creator(doc, "name", action.creator_name)
        case ConnectorSetCreatorTitleAction():
            _set_creator(doc, "title", action.creator_title)
        case ConnectorSetCreatorEmailAction():
            _set_creator(doc, "email", action.creator_email)
        case ConnectorSetCreatorCompanyAction():
            _set_creator(doc, "company", action.creator_company)
        case ConnectorSetCreatorLogoAction():
            _set_creator(doc, "logoUrl", action.logo_url)
        case ConnectorSetCreatorSupportUrlAction():
            _set_creator(doc, "supportUrl", action.creator_support_url)
        case ConnectorSetCreatorNoOfContributorsAction():
            _set_creator(doc, "noOfContributors", action.creator_no_of_contributors)
        case ConnectorSetRepositoryAction():
            _set_repository(doc, action, context)
        case ConnectorSetSupportedRegionsAction():
            doc["supportedRegions"] = list(dict.fromkeys(action.regions))
        case ConnectorSetIntegrationTypesAction():
            doc["integrationTypes"] = list(dict.fromkeys(action.integration_types))
        case ConnectorSetDocumentationUrlAction():
            doc["documentationUrl"] = action.documentation_url
        case ConnectorAddPrivateProjectAction() | ConnectorRemovePrivateProjectAction():
            _change_private_projects(doc, action)
        case ConnectorUnlistAction():
            doc["alreadyListed"] = False
            doc["_unlisted"] = True
        case ConnectorAddCertificationCommentAction():
            comments = list(doc.get("certificationInfo", {}).get("comments", []))
            comments.append(
                {"userId": context.user_project or "", "datetime": context.now_iso, "comment": action.comment}
            )
            doc["certificationInfo"] = {"comments": comments}
        case ConnectorUpdatePreviewableAction():
            if doc["isPreviewable"] == "pending":
                raise bad_request(errors.connector_staged_preview_request_under_process())
            context.processes.append("previewable")
        case ConnectorPublishAction():
            _request_publish(doc, action, context)
        case ConnectorSetConfigurationsAction():
            _set_configurations(doc, action)


def _set_repository(doc: JsonDict, action: ConnectorSetRepositoryAction, context: ActionContext) -> None:
    url = action.url if action.url is not None else doc["repository"]["url"]
    spec = context.resolve_spec(url, action.tag)
    doc["repository"] = {"url": url, "tag": action.tag}
    for name, value in _spec_fields(spec).items():
        _set_optional(doc, name, value)
    # The previewable verdict was about the old code; the new tag has to be validated again.
    if doc["isPreviewable"] != "pending":
        doc["isPreviewable"] = "none"
        doc.pop("previewableReport", None)


def _change_private_projects(
    doc: JsonDict, action: ConnectorAddPrivateProjectAction | ConnectorRemovePrivateProjectAction
) -> None:
    if not doc["private"]:
        raise bad_request(errors.connector_staged_not_private(doc["id"], doc.get("key")))
    projects: list[str] = list(doc["privateProjects"])
    if isinstance(action, ConnectorAddPrivateProjectAction) and action.private_project not in projects:
        projects.append(action.private_project)
    if isinstance(action, ConnectorRemovePrivateProjectAction) and action.private_project in projects:
        projects.remove(action.private_project)
    doc["privateProjects"] = projects


def _request_publish(doc: JsonDict, action: ConnectorPublishAction, context: ActionContext) -> None:
    if action.certification:
        published = context.published
        if doc["status"] in {"ReadyForCertification", "InCertification"}:
            raise bad_request(errors.connector_staged_in_certification())
        if published is not None and published.get("certified") and not has_changes(doc, published):
            raise bad_request(errors.connector_already_certified())
    doc["_certification"] = action.certification
    context.processes.append("certification" if action.certification else "publish")


def _set_configurations(doc: JsonDict, action: ConnectorSetConfigurationsAction) -> None:
    by_name = {c["applicationName"]: c for c in doc["configurations"]}
    problems: list[JsonDict] = []
    for application in action.configurations:
        current = by_name.get(application.application_name)
        if current is None:
            problems.append(errors.field_value_not_found("applicationName", application.application_name))
            continue
        block = {
            "standardConfiguration": [
                k.model_dump(exclude_none=True, by_alias=True) for k in application.standard_configuration
            ],
            "securedConfiguration": [
                k.model_dump(exclude_none=True, exclude={"default"}, by_alias=True)
                for k in application.secured_configuration
            ],
        }
        issues = configuration_block_problems(block)
        if issues:
            prefix = f"configurations.{application.application_name}."
            problems.append(errors.invalid_json_input("; ".join(prefix + issue for issue in issues)))
            continue
        by_name[application.application_name] = {**current, **block}
    if problems:
        raise ApiError(400, problems)
    doc["configurations"] = [by_name[c["applicationName"]] for c in doc["configurations"]]


def published_content(doc: JsonDict) -> JsonDict:
    """The publishable fields of a ConnectorStaged or Connector."""
    return {name: copy.deepcopy(doc.get(name)) for name in PUBLISHED_FIELDS}


def has_changes(staged: JsonDict, published: JsonDict | None) -> bool:
    """Whether the staged content differs from the published Connector (False before any publish)."""
    return published is not None and published_content(staged) != published_content(published)


def report(entries: list[JsonDict], created_at: str) -> JsonDict:
    """A ConnectorReport whose entries carry ``createdAt``."""
    return {"entries": [{**entry, "createdAt": created_at} for entry in entries]}


def success_entries() -> list[JsonDict]:
    """The three Information checks of the RAML example ``draft.json``."""
    return [{"type": "Information", "title": title} for title in SUCCESSFUL_CHECKS]


def failure_entries() -> list[JsonDict]:
    """One Error entry, shaped like the RAML example ``staged.json`` (rejections are about security)."""
    return [
        {
            "type": "Error",
            "title": "Image security analysis check failed",
            "message": "Critical security issues were found in the repository",
        }
    ]


def connector_from_staged(staged: JsonDict, previous: JsonDict | None, certified: bool) -> JsonDict:
    """The published Connector after a successful publish (same id and key, next version)."""
    doc: JsonDict = {
        "id": staged["id"],
        "key": staged.get("key"),
        "version": (previous["version"] + 1) if previous else 1,
        **published_content(staged),
        "private": not certified,
        "certified": certified,
        "_creatorProject": staged["_creatorProject"],
        "_applications": copy.deepcopy(staged.get("_applications", [])),
    }
    return _drop_none(doc)


def is_listed(connector: JsonDict, staged: JsonDict | None) -> bool:
    """Whether a Connector appears in search (``unlist`` hides it)."""
    return not (staged or {}).get("_unlisted", False)


def may_use(connector_or_staged: JsonDict, staged: JsonDict | None, project_key: str) -> bool:
    """Whether ``project_key`` may see and deploy a Connector (or ConnectorStaged).

    Public (certified) Connectors are open to every project; private ones to the creator's
    project and the ConnectorStaged's ``privateProjects`` (compared by project key).
    """
    if connector_or_staged.get("certified") and not connector_or_staged.get("private", True):
        return True
    source = staged if staged is not None else connector_or_staged
    allowed = {source.get("_creatorProject")} | {p.partition(":")[2] for p in source.get("privateProjects", [])}
    return project_key in allowed
