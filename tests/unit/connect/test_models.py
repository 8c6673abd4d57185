"""Models: every official RAML example parses, request bodies round-trip, and parsing is lenient."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from connect_as_code.connect import (
    ApplicationDeployment,
    ApplicationType,
    CertificationInfoComment,
    ConfigurationValue,
    Connector,
    ConnectorAddCertificationCommentAction,
    ConnectorAddPrivateProjectAction,
    ConnectorConfigurationApplication,
    ConnectorPublishAction,
    ConnectorReference,
    ConnectorRemovePrivateProjectAction,
    ConnectorReportEntry,
    ConnectorReportEntryType,
    ConnectorSearchPagedQueryResponse,
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
    ConnectorStaged,
    ConnectorStagedDraft,
    ConnectorStagedPagedQueryResponse,
    ConnectorStatus,
    ConnectorUnlistAction,
    ConnectorUpdate,
    ConnectorUpdateAction,
    ConnectorUpdatePreviewableAction,
    Creator,
    Deployment,
    DeploymentConnector,
    DeploymentCreator,
    DeploymentDetailsBuild,
    DeploymentDetailsBuildApplication,
    DeploymentDraft,
    DeploymentGlobalConfiguration,
    DeploymentLog,
    DeploymentLogCursorPagedQueryResponse,
    DeploymentLogSeverity,
    DeploymentLogType,
    DeploymentPagedQueryResponse,
    DeploymentRedeployAction,
    DeploymentReportEntryType,
    DeploymentStatus,
    DeploymentType,
    DeploymentUpdate,
    ErrorResponse,
    IntegrationType,
    IsPreviewable,
    Region,
    Repository,
    SecuredConfigurationKey,
    StandardConfigurationKey,
    TokenResponse,
    to_wire,
)

from ._support import deployment_body, staged_body

EXAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "raml_examples"

_ACTIONS: TypeAdapter[Any] = TypeAdapter(ConnectorUpdateAction)


class _Parse:
    """How a table row parses its file: a model class, or the update-action union."""

    def __init__(self, target: type[BaseModel] | TypeAdapter[Any], expected_type: type[BaseModel]) -> None:
        self.target = target
        self.expected_type = expected_type

    def __call__(self, data: Any) -> BaseModel:
        if isinstance(self.target, TypeAdapter):
            parsed: BaseModel = self.target.validate_python(data)
        else:
            parsed = self.target.model_validate(data)
        assert type(parsed) is self.expected_type
        return parsed


def model(cls: type[BaseModel]) -> _Parse:
    return _Parse(cls, cls)


def action(cls: type[BaseModel]) -> _Parse:
    return _Parse(_ACTIONS, cls)


ROUND_TRIPS = True
"""A request body (or part of one): serialising the parsed model gives back the file's JSON."""
PARSES = False

# (file, how to parse it, attribute path -> expected value, ROUND_TRIPS or PARSES)
EXAMPLE_TABLE: list[tuple[str, _Parse, dict[str, Any], bool]] = [
    (
        "connector/CertificationInfoComment.json",
        model(CertificationInfoComment),
        {"user_id": "project-key", "comment": "An example comment.", "datetime.year": 2023},
        PARSES,
    ),
    (
        "connector/ConfigurationKey.json",
        model(StandardConfigurationKey),
        {"key": "CONFIG_KEY", "required": True, "default": "config default value"},
        ROUND_TRIPS,
    ),
    (
        "connector/ConfigurationKey.json",
        model(SecuredConfigurationKey),
        {"key": "CONFIG_KEY", "required": True, "model_extra.default": "config default value"},
        ROUND_TRIPS,
    ),
    (
        "connector/ConfigurationKeySecured.json",
        model(SecuredConfigurationKey),
        {"key": "SECURED_CONFIG_KEY", "required": True},
        ROUND_TRIPS,
    ),
    (
        "connector/ConfigurationKeyStandard.json",
        model(StandardConfigurationKey),
        {"default": "this is the default value", "required": None},
        ROUND_TRIPS,
    ),
    (
        "connector/ConnectorConfigurationApplication.json",
        model(ConnectorConfigurationApplication),
        {
            "application_name": "app-1",
            "application_type": ApplicationType.SERVICE,
            "standard_configuration.0.default": "config key default value",
            "secured_configuration.0.key": "CONFIG_SECRET_KEY",
        },
        ROUND_TRIPS,
    ),
    (
        "connector/ConnectorReference.json",
        model(ConnectorReference),
        {"key": "connector-key", "version": 1, "id": None, "staged": None},
        ROUND_TRIPS,
    ),
    (
        "connector/ConnectorReportEntry.json",
        model(ConnectorReportEntry),
        {
            "type": ConnectorReportEntryType.ERROR,
            "title": "Connector specification file not found",
            "message": None,
            "created_at.month": 8,
        },
        PARSES,
    ),
    (
        "connector/Creator.json",
        model(Creator),
        {"no_of_contributors": 200, "logo_url": "https://www.example.com/logo.png", "title": "Mr"},
        ROUND_TRIPS,
    ),
    (
        "connector/Repository.json",
        model(Repository),
        {"url": "git@github.com:commercetools/connect-application-kit.git", "tag": "0.0.0"},
        ROUND_TRIPS,
    ),
    (
        "connector/created-draft.json",
        model(ConnectorStaged),
        {
            "version": 1,
            "status": ConnectorStatus.DRAFT,
            "is_previewable": IsPreviewable.NONE,
            "private": True,
            "private_projects": [],
            "has_changes": False,
            "already_listed": False,
            "supported_regions": [Region.US_CENTRAL1_GCP, Region.EUROPE_WEST1_GCP],
            "configurations.0.secured_configuration.0.required": None,
        },
        PARSES,
    ),
    (
        "connector/draft.json",
        model(ConnectorStaged),
        {
            "is_previewable": IsPreviewable.TRUE,
            "integration_types": [],
            "configurations": [],
            "publishing_report": None,
            "already_listed": True,
            "previewable_report.entries.2.message": None,
            "previewable_report.entries.0.title": "Image security analysis check succeeded",
            "previewable_report.entries.0.application": None,
        },
        PARSES,
    ),
    (
        "connector/minimal.json",
        model(Connector),
        {
            "certified": True,
            "private": False,
            "integration_types": [IntegrationType.OTHER],
            "configurations.0.standard_configuration.0.default": None,
            "api_client": None,
        },
        PARSES,
    ),
    (
        "connector/paged.json",
        model(ConnectorSearchPagedQueryResponse),
        {
            "total": 1,
            "count": 1,
            "limit": 20,
            "offset": 0,
            "results.0.key": "connector-key",
            "results.0.certified": True,
        },
        PARSES,
    ),
    (
        "connector/staged-paged.json",
        model(ConnectorStagedPagedQueryResponse),
        {
            "total": 1,
            "results.0.status": ConnectorStatus.DRAFT,
            "results.0.model_extra.certified": True,
            "results.0.previewable_report": None,
        },
        PARSES,
    ),
    (
        "connector/staged.json",
        model(ConnectorStaged),
        {
            "status": ConnectorStatus.FAILED,
            "is_previewable": IsPreviewable.FALSE,
            "publishing_report.entries.0.type": ConnectorReportEntryType.ERROR,
            "previewable_report.entries.0.created_at.hour": 12,
        },
        PARSES,
    ),
    (
        "connector/update.json",
        model(ConnectorUpdate),
        {"version": 1, "actions.0.name": "New Connector name", "actions.0.action": "setName"},
        ROUND_TRIPS,
    ),
    (
        "connector/updated-draft.json",
        model(ConnectorStaged),
        {"version": 2, "name": "New Connector name"},
        PARSES,
    ),
    (
        "connector/updates/ConnectorAddCertificationCommentAction.json",
        action(ConnectorAddCertificationCommentAction),
        {"comment": "The comment to add."},
        ROUND_TRIPS,
    ),
    (
        "connector/updates/ConnectorAddPrivateProjectAction.json",
        action(ConnectorAddPrivateProjectAction),
        {"private_project": "europe-west1.gcp:example-project-key"},
        ROUND_TRIPS,
    ),
    (
        "connector/updates/ConnectorPublishAction.json",
        action(ConnectorPublishAction),
        {"certification": False},
        ROUND_TRIPS,
    ),
    (
        "connector/updates/ConnectorRemovePrivateProjectAction.json",
        action(ConnectorRemovePrivateProjectAction),
        {"private_project": "europe-west1.gcp:example-project-key"},
        ROUND_TRIPS,
    ),
    (
        "connector/updates/ConnectorSetConfigurationsAction.json",
        action(ConnectorSetConfigurationsAction),
        {
            "configurations.0.application_name": "app-1",
            "configurations.0.application_type": None,
            "configurations.0.secured_configuration.0.key": "CONFIG_SECRET_KEY",
        },
        ROUND_TRIPS,
    ),
    (
        "connector/updates/ConnectorSetCreatorCompanyAction.json",
        action(ConnectorSetCreatorCompanyAction),
        {"creator_company": "New name of company"},
        ROUND_TRIPS,
    ),
    (
        "connector/updates/ConnectorSetCreatorEmailAction.json",
        action(ConnectorSetCreatorEmailAction),
        {"creator_email": "new-email-address@example.com"},
        ROUND_TRIPS,
    ),
    (
        "connector/updates/ConnectorSetCreatorLogoAction.json",
        action(ConnectorSetCreatorLogoAction),
        {"logo_url": "https://www.example.com/logo.png"},
        ROUND_TRIPS,
    ),
    (
        "connector/updates/ConnectorSetCreatorNameAction.json",
        action(ConnectorSetCreatorNameAction),
        {"creator_name": "Jane Doe"},
        ROUND_TRIPS,
    ),
    (
        "connector/updates/ConnectorSetCreatorNoOfContributorsAction.json",
        action(ConnectorSetCreatorNoOfContributorsAction),
        {"creator_no_of_contributors": 123},
        ROUND_TRIPS,
    ),
    (
        "connector/updates/ConnectorSetCreatorSupportUrlAction.json",
        action(ConnectorSetCreatorSupportUrlAction),
        {"creator_support_url": "https://www.example.com/support"},
        ROUND_TRIPS,
    ),
    (
        "connector/updates/ConnectorSetCreatorTitleAction.json",
        action(ConnectorSetCreatorTitleAction),
        {"creator_title": "Ms"},
        ROUND_TRIPS,
    ),
    (
        "connector/updates/ConnectorSetDescriptionAction.json",
        action(ConnectorSetDescriptionAction),
        {"description": "New description of the Connector."},
        ROUND_TRIPS,
    ),
    (
        "connector/updates/ConnectorSetDocumentationUrlAction.json",
        action(ConnectorSetDocumentationUrlAction),
        {"documentation_url": "https://www.example.com/my-connector/documentation"},
        ROUND_TRIPS,
    ),
    (
        "connector/updates/ConnectorSetIntegrationTypesAction.json",
        action(ConnectorSetIntegrationTypesAction),
        {"integration_types": [IntegrationType.PROMOTION, IntegrationType.OTHER]},
        ROUND_TRIPS,
    ),
    (
        "connector/updates/ConnectorSetNameAction.json",
        action(ConnectorSetNameAction),
        {"name": "The new name of the Connector"},
        ROUND_TRIPS,
    ),
    (
        "connector/updates/ConnectorSetRepositoryAction.json",
        action(ConnectorSetRepositoryAction),
        {"url": "git@github.com:commercetools/connect-application-kit.git", "tag": "0.0.0"},
        ROUND_TRIPS,
    ),
    (
        "connector/updates/ConnectorSetSupportedRegionsAction.json",
        action(ConnectorSetSupportedRegionsAction),
        {"regions.2": Region.AUSTRALIA_SOUTHEAST1_GCP},
        ROUND_TRIPS,
    ),
    (
        "connector/updates/ConnectorUnlistAction.json",
        action(ConnectorUnlistAction),
        {"action": "unlist"},
        ROUND_TRIPS,
    ),
    (
        "connector/updates/ConnectorUpdatePreviewableAction.json",
        action(ConnectorUpdatePreviewableAction),
        {"action": "updatePreviewable"},
        ROUND_TRIPS,
    ),
    (
        "deployment-log/cursor-paged.json",
        model(DeploymentLogCursorPagedQueryResponse),
        {
            "data.0.type": DeploymentLogType.APPLICATION_TEXT,
            "data.0.severity": DeploymentLogSeverity.DEFAULT,
            "data.0.application_name": "cartExtension",
            "data.0.details": {"message": "Listening on port: 8080"},
            "next": "EAE4tNC3g73ogeEpSr4GIioiGgoYNjQxMWE2NmMwMDA4NDI2OTc1MDQ4YWIyKgwI7MzGoAYQq",
        },
        PARSES,
    ),
    (
        "deployment/ApplicationDeployment.json",
        model(ApplicationDeployment),
        {
            "id": "e478afb6-dd35-4f3d-a460-6f5f97988ebb",
            "schedule": "* * * * 5",
            "url": None,
            "secured_configuration.0.value": "config secret value",
        },
        PARSES,
    ),
    (
        "deployment/ConfigurationValue.json",
        model(ConfigurationValue),
        {"key": "CONFIG_KEY", "value": "config key value"},
        ROUND_TRIPS,
    ),
    (
        "deployment/DeploymentConnector.json",
        model(DeploymentConnector),
        {
            "certified": True,
            "version": 1,
            "creator.no_of_contributors": 200,
            "configurations": None,
            "supported_regions": None,
        },
        PARSES,
    ),
    ("deployment/DeploymentCreator.json", model(DeploymentCreator), {"email": "john.doe@example.com"}, True),
    (
        "deployment/DeploymentDetailsBuild.json",
        model(DeploymentDetailsBuild),
        {
            "id": "a317ce94-5149-45ec-8717-d1c05b49005a",
            "report.entries.0.type": DeploymentReportEntryType.WARNING,
            "report.entries.0.application": "service",
        },
        PARSES,
    ),
    (
        "deployment/DeploymentDetailsBuildApplication.json",
        model(DeploymentDetailsBuildApplication),
        {"name": "app-3", "schedule": "* * * * 5"},
        ROUND_TRIPS,
    ),
    (
        "deployment/DeploymentDraft.json",
        model(DeploymentDraft),
        {
            "key": "key-for-my-deployment",
            "connector.key": "connector-key",
            "region": Region.EUROPE_WEST1_GCP,
            "type": None,
            "configurations.0.secured_configuration.0.key": "CONFIG_SECRET_KEY",
        },
        ROUND_TRIPS,
    ),
    (
        "deployment/DeploymentLog.json",
        model(DeploymentLog),
        {"deployment_id": "ae4b0e53-c6b0-4d5d-9ba7-3e60496c17a1", "timestamp.year": 2023},
        PARSES,
    ),
    (
        "deployment/draft.json",
        model(DeploymentDraft),
        {"connector.id": "a49aa2c5-15b6-41c4-88af-4b7afdcc07a5", "connector.version": 1},
        ROUND_TRIPS,
    ),
    (
        "deployment/minimal.json",
        model(Deployment),
        {
            "status": DeploymentStatus.DEPLOYED,
            "type": DeploymentType.PREVIEW,
            "preview": True,
            "deployed_region": Region.EUROPE_WEST1_GCP,
            "applications.0.url": "app1.commercetools.app",
            "details.build.report.entries.0.type": DeploymentReportEntryType.WARNING,
            "api_client": None,
        },
        PARSES,
    ),
    (
        "deployment/paged.json",
        model(DeploymentPagedQueryResponse),
        {"total": 1, "results.0.applications.0.schedule": "* * * * 5"},
        PARSES,
    ),
    (
        "deployment/update.json",
        model(DeploymentUpdate),
        {"version": 1, "actions.0.action": "redeploy", "actions.0.skip_scripts": None},
        ROUND_TRIPS,
    ),
    (
        "deployment/updates/DeploymentRedeployUpdateAction.json",
        model(DeploymentRedeployAction),
        {"skip_scripts": True, "update_connector": True, "configuration_values.0.application_name": "app-1"},
        ROUND_TRIPS,
    ),
    (
        "deployment/updates/DeploymentUpdateAction.json",
        model(DeploymentRedeployAction),
        {"skip_scripts": None, "global_configuration": None},
        ROUND_TRIPS,
    ),
    (
        "error.example.json",
        model(ErrorResponse),
        {"status_code": 409, "errors.0.code": "ConcurrentModification", "errors.0.expected_version": None},
        PARSES,
    ),
    (
        "error/auth-error-response.json",
        model(ErrorResponse),
        {"status_code": 401, "error": "invalid_token", "errors.0.code": "invalid_token"},
        PARSES,
    ),
    (
        "error/error-response.json",
        model(ErrorResponse),
        {
            "status_code": 400,
            "message": "First error message.",
            "errors.1.message": "Second error message.",
            "errors.1.detailed_error_message": "",
        },
        PARSES,
    ),
    (
        "error/not-found.json",
        model(ErrorResponse),
        {"status_code": 404, "errors.0.code": "ResourceNotFound"},
        PARSES,
    ),
]


def _resolve(obj: Any, path: str) -> Any:
    for part in path.split("."):
        if part.isdigit():
            obj = obj[int(part)]
        elif isinstance(obj, dict):
            obj = obj[part]
        else:
            obj = getattr(obj, part)
    return obj


@pytest.mark.parametrize(
    ("relative", "parse", "expected", "round_trips"),
    EXAMPLE_TABLE,
    ids=[f"{row[0]}->{row[1].expected_type.__name__}" for row in EXAMPLE_TABLE],
)
def test_official_example_parses(relative: str, parse: _Parse, expected: dict[str, Any], round_trips: bool) -> None:
    data = json.loads((EXAMPLES / relative).read_text())
    parsed = parse(data)
    for path, value in expected.items():
        actual = _resolve(parsed, path)
        assert actual == value, f"{path}: {actual!r} != {value!r}"
        if isinstance(value, Region | IsPreviewable | ConnectorStatus | DeploymentStatus):
            assert type(actual) is type(value)
    if round_trips:
        assert to_wire(parsed) == data


def test_every_official_example_is_in_the_table() -> None:
    assert EXAMPLES.is_dir(), f"the official RAML examples are missing: {EXAMPLES}"
    on_disk = {str(path.relative_to(EXAMPLES)) for path in EXAMPLES.rglob("*.json")}
    assert on_disk == {row[0] for row in EXAMPLE_TABLE}


# ------------------------------------------------------------------------------------ leniency


def test_unknown_fields_are_kept_at_every_level() -> None:
    body = staged_body()
    body["brandNewField"] = {"x": 1}
    body["creator"]["noOfDevelopers"] = 3
    staged = ConnectorStaged.model_validate(body)
    assert staged.model_extra == {"brandNewField": {"x": 1}}
    assert staged.creator.model_extra == {"noOfDevelopers": 3}


def test_unknown_enum_values_parse_as_plain_strings_and_known_ones_as_members() -> None:
    body = deployment_body(status="Hibernating")
    body["deployedRegion"] = "mars-north1.gcp"
    body["type"] = "sandbox"
    body["connector"]["integrationTypes"] = ["other", "quantum"]
    deployment = Deployment.model_validate(body)
    assert deployment.status == "Hibernating" and not isinstance(deployment.status, DeploymentStatus)
    assert deployment.deployed_region == "mars-north1.gcp"
    assert deployment.type is DeploymentType.SANDBOX
    assert deployment.connector.integration_types == [IntegrationType.OTHER, "quantum"]
    assert type(deployment.connector.integration_types[0]) is IntegrationType


def test_is_previewable_accepts_json_booleans() -> None:
    assert ConnectorStaged.model_validate({**staged_body(), "isPreviewable": True}).is_previewable is IsPreviewable.TRUE
    assert (
        ConnectorStaged.model_validate({**staged_body(), "isPreviewable": False}).is_previewable is IsPreviewable.FALSE
    )
    assert ConnectorStaged.model_validate({**staged_body(), "isPreviewable": "maybe"}).is_previewable == "maybe"


def test_explicit_nulls_are_accepted_for_optional_fields_and_required_lists() -> None:
    body = {
        **staged_body(),
        "key": None,
        "description": None,
        "publishingReport": None,
        "certificationInfo": None,
        "apiClient": None,
        "documentationUrl": None,
        "integrationTypes": None,
        "privateProjects": None,
    }
    staged = ConnectorStaged.model_validate(body)
    assert staged.key is None and staged.description is None
    assert staged.integration_types == [] and staged.private_projects == []


def test_integers_arriving_as_floats_are_accepted_but_fractions_are_not() -> None:
    page = DeploymentPagedQueryResponse.model_validate(
        {"limit": 20.0, "offset": 0.0, "count": 1.0, "total": 3.0, "results": [deployment_body(version=3.0)]}  # type: ignore[arg-type]
    )
    assert page.total == 3 and type(page.total) is int
    assert page.results[0].version == 3 and type(page.results[0].version) is int
    with pytest.raises(ValidationError):
        ConnectorStaged.model_validate({**staged_body(), "version": 3.5})


def test_absent_defaults_follow_the_raml() -> None:
    minimal = {k: v for k, v in staged_body().items() if k not in {"status", "isPreviewable", "configurations"}}
    staged = ConnectorStaged.model_validate(minimal)
    assert staged.status is ConnectorStatus.DRAFT
    assert staged.is_previewable is IsPreviewable.NONE
    assert staged.configurations == []
    log = DeploymentLog.model_validate(
        {
            "type": "HTTP_REQUEST",
            "deploymentId": "d",
            "applicationName": "a",
            "timestamp": "2024-01-01T00:00:00Z",
        }
    )
    assert log.severity is DeploymentLogSeverity.DEFAULT


def test_models_accept_python_names_and_enum_members_and_serialise_camel_case() -> None:
    draft = ConnectorStagedDraft(
        key="k",
        name="n",
        creator=Creator(email="e@example.com", no_of_contributors=2),
        repository=Repository(url="git@github.com:a/b.git", tag="v1"),
        supported_regions=[Region.EU_CENTRAL_1_AWS, "new-region.gcp"],
        integration_types=[IntegrationType.PSP],
    )
    assert to_wire(draft) == {
        "key": "k",
        "name": "n",
        "creator": {"email": "e@example.com", "noOfContributors": 2},
        "repository": {"url": "git@github.com:a/b.git", "tag": "v1"},
        "supportedRegions": ["eu-central-1.aws", "new-region.gcp"],
        "integrationTypes": ["psp"],
    }


def test_redeploy_global_configuration_is_key_value_and_absent_fields_are_not_sent() -> None:
    redeploy = DeploymentRedeployAction(
        update_connector=True,
        global_configuration=DeploymentGlobalConfiguration(
            standard_configuration=[ConfigurationValue(key="CTP_REGION", value="europe-west1.gcp")]
        ),
    )
    assert to_wire(redeploy) == {
        "action": "redeploy",
        "updateConnector": True,
        "globalConfiguration": {"standardConfiguration": [{"key": "CTP_REGION", "value": "europe-west1.gcp"}]},
    }


def test_deployment_draft_always_sends_configurations() -> None:
    draft = DeploymentDraft(connector=ConnectorReference(key="c", staged=True), region=Region.EUROPE_WEST1_GCP)
    assert to_wire(draft) == {
        "connector": {"key": "c", "staged": True},
        "configurations": [],
        "region": "europe-west1.gcp",
    }


def test_enum_values_match_the_raml() -> None:
    assert [r.value for r in Region] == [
        "europe-west1.gcp",
        "us-central1.gcp",
        "australia-southeast1.gcp",
        "us-east-2.aws",
        "eu-central-1.aws",
    ]
    assert [v.value for v in IsPreviewable] == ["true", "false", "pending", "none"]
    assert len(IntegrationType) == 14
    assert [s.value for s in DeploymentStatus] == [
        "Draft",
        "Queued",
        "Deploying",
        "Deployed",
        "Failed",
        "Undeploying",
        "UndeployFailed",
    ]
    assert ApplicationType.MERCHANT_CENTER_CUSTOM_VIEW.value == "merchant-center-custom-view"


def test_token_response_repr_hides_the_token() -> None:
    token = TokenResponse.model_validate(
        {"access_token": "very-secret-token", "expires_in": 3600, "token_type": "Bearer"}
    )
    assert "very-secret-token" not in repr(token) and "very-secret-token" not in str(token)
