"""ErrorResponse bodies of the Connect API and the exception that carries them.

Messages follow the templates of the RAML error types (``api-specs/connect/types/error``) with the real values filled
in. Where a template slot has no value (for example the key of an object created without one) it is
rendered as ``null``, as the Java backend's string interpolation would.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

JsonDict = dict[str, Any]


class ApiError(Exception):
    """An error answered with an ``ErrorResponse`` body; all errors share one HTTP status."""

    def __init__(
        self,
        status_code: int,
        errors: Sequence[JsonDict],
        headers: dict[str, str] | None = None,
        body_extra: JsonDict | None = None,
    ) -> None:
        if not errors:
            raise ValueError("an ApiError needs at least one error object")
        super().__init__(errors[0]["message"])
        self.status_code = status_code
        self.errors = list(errors)
        self.headers = headers or {}
        self.body_extra = body_extra or {}

    def body(self) -> JsonDict:
        """The ``ErrorResponse`` JSON body (plus ``error``/``error_description`` for OAuth errors)."""
        return error_response(self.status_code, self.errors) | self.body_extra


def error_object(code: str, message: str, **extra: Any) -> JsonDict:
    """One ``ErrorObject``: ``code``, ``message`` and the code's extra fields."""
    return {"code": code, "message": message, **extra}


def error_response(status_code: int, errors: Sequence[JsonDict]) -> JsonDict:
    """An ``ErrorResponse``: ``message`` repeats the first error's message."""
    return {"statusCode": status_code, "message": errors[0]["message"], "errors": list(errors)}


def auth_error_response(status_code: int, error: str, description: str | None = None) -> JsonDict:
    """An ``AuthErrorResponse`` (ErrorResponse plus the OAuth2 ``error`` code)."""
    message = description or error
    body: JsonDict = {
        "statusCode": status_code,
        "message": message,
        "errors": [{"code": error, "message": message}],
        "error": error,
    }
    if description is not None:
        body["error_description"] = description
    return body


def auth_error(status_code: int, error: str, description: str | None = None) -> ApiError:
    """An ApiError whose body is an ``AuthErrorResponse``."""
    body = auth_error_response(status_code, error, description)
    extra = {k: v for k, v in body.items() if k in {"error", "error_description"}}
    headers = {"WWW-Authenticate": f'Bearer error="{error}"'} if status_code == 401 else None
    return ApiError(status_code, body["errors"], headers=headers, body_extra=extra)


def invalid_token() -> ApiError:
    """401 ``invalid_token``, exactly the RAML example ``auth-error-response.json``."""
    return auth_error(401, "invalid_token")


def slot(value: object) -> str:
    """Render a template slot: missing values print as ``null``."""
    return "null" if value is None else str(value)


def ref(resource_id: object, resource_key: object) -> str:
    """The ``id=$resourceId or key=$resourceKey`` fragment shared by several templates."""
    return f"id={slot(resource_id)} or key={slot(resource_key)}"


# --- 400: request shape -------------------------------------------------------------------------


def invalid_json_input(detail: str) -> JsonDict:
    """InvalidJsonInput: syntactically wrong JSON or a body of the wrong shape."""
    return error_object("InvalidJsonInput", "Request body does not contain valid JSON.", detailedErrorMessage=detail)


def invalid_query_param(detail: str) -> JsonDict:
    """InvalidQueryParam."""
    return error_object("InvalidQueryParam", "Request query param is not valid", detailedErrorMessage=detail)


def invalid_path_param(detail: str) -> JsonDict:
    """InvalidPathParam."""
    return error_object("InvalidPathParam", "Request path param is not valid", detailedErrorMessage=detail)


def duplicate_field(field: str, value: Any) -> JsonDict:
    """DuplicateField."""
    return error_object(
        "DuplicateField",
        f"A duplicate value {slot(value)} exists for field {field}.",
        field=field,
        duplicateValue=value,
    )


def field_value_not_found(field: str, value: Any) -> JsonDict:
    """FieldValueNotFound."""
    return error_object(
        "FieldValueNotFound",
        f"The value {slot(value)} for the {field} field was not found",
        field=field,
        value=value,
    )


# --- 401 / 403 / 404 / 409 / 5xx ----------------------------------------------------------------


def authorization_error() -> JsonDict:
    """AuthorizationError (403); names no scope or project."""
    return error_object("AuthorizationError", "Access denied")


def resource_not_found(by: str, value: str) -> JsonDict:
    """ResourceNotFound, worded like the RAML example ``not-found.json``."""
    label = "ID" if by == "id" else "key"
    return error_object("ResourceNotFound", f"The Resource with {label} '{value}' was not found.")


def concurrent_modification(
    resource_id: str, resource_key: str | None, expected: int, current: int, message: str | None = None
) -> JsonDict:
    """ConcurrentModification with ``expectedVersion`` and ``currentVersion``."""
    text = message or (
        f"Object {ref(resource_id, resource_key)} has a different version than expected. "
        f"Expected: {expected} - Actual: {current})"
    )
    return error_object("ConcurrentModification", text, expectedVersion=expected, currentVersion=current)


def general(message: str = "Write operations are temporarily unavailable") -> JsonDict:
    """General (server-side problem)."""
    return error_object("General", message)


def resource_size_limit_exceeded() -> JsonDict:
    """ResourceSizeLimitExceeded, with the message of the commercetools API's RAML."""
    return error_object("ResourceSizeLimitExceeded", "The resource size exceeds the maximal allowed size of 16 MB.")


def bad_gateway() -> JsonDict:
    """BadGateway."""
    return error_object("BadGateway", "Bad Gateway: the upstream service is scaling, retry with backoff.")


# --- Connector errors -----------------------------------------------------------------------------


def connector_already_certified() -> JsonDict:
    """ConnectorAlreadyCertified."""
    return error_object("ConnectorAlreadyCertified", "The ConnectorStaged is already certified")


def connector_staged_in_certification() -> JsonDict:
    """ConnectorStagedInCertification."""
    return error_object("ConnectorStagedInCertification", "The ConnectorStaged is already in certification")


def connector_staged_not_previewable(resource_id: str, resource_key: str | None, version: int) -> JsonDict:
    """ConnectorStagedNotPreviewable."""
    return error_object(
        "ConnectorStagedNotPreviewable",
        f"Connector {ref(resource_id, resource_key)} with version {version} is not previewable",
    )


def connector_staged_not_private(resource_id: str, resource_key: str | None) -> JsonDict:
    """ConnectorStagedNotPrivate."""
    return error_object(
        "ConnectorStagedNotPrivate",
        f"The operation is not valid because ConnectorStaged with {ref(resource_id, resource_key)} is not private",
    )


def connector_staged_preview_request_under_process() -> JsonDict:
    """ConnectorStagedPreviewRequestUnderProcess."""
    return error_object(
        "ConnectorStagedPreviewRequestUnderProcess",
        "The ConnectorStaged preview request is already in progress",
    )


def git_repository_not_reachable(url: str, tag: str) -> JsonDict:
    """GitRepositoryNotReachable (the template names neither url nor tag; extra fields do)."""
    return error_object("GitRepositoryNotReachable", "Repository with the tag is not reachable", url=url, tag=tag)


def connector_specification_file_not_found(url: str, tag: str) -> JsonDict:
    """ConnectorSpecificationFileNotFound."""
    return error_object(
        "ConnectorSpecificationFileNotFound", f"The file connect.yaml at {url} with the tag {tag} was not found"
    )


def connector_specification_file_not_valid(url: str, tag: str, problems: Sequence[str]) -> JsonDict:
    """ConnectorSpecificationFileNotValid; the validation problems go to ``detailedErrorMessage``."""
    return error_object(
        "ConnectorSpecificationFileNotValid",
        f"The file connect.yaml at {url} with the tag {tag} is not valid",
        detailedErrorMessage="; ".join(problems),
    )


def connector_reference_not_found(identifier: str, version: int | None) -> JsonDict:
    """ConnectorReferenceNotFound; a reference without a version reads ``with version latest``."""
    shown = "latest" if version is None else str(version)
    return error_object("ConnectorReferenceNotFound", f"Connector '{identifier}' with version {shown} not found")


# --- Deployment errors ----------------------------------------------------------------------------


def deployment_unsupported_region(region: str) -> JsonDict:
    """DeploymentUnsupportedRegion."""
    return error_object("DeploymentUnsupportedRegion", f"Deployment unsupported region {region}")


def deployment_unknown_application_configuration(application: str) -> JsonDict:
    """DeploymentUnknownApplicationConfiguration."""
    return error_object(
        "DeploymentUnknownApplicationConfiguration",
        f"Deployment does not require configuration for application named '{application}'.",
    )


def deployment_unknown_application_configuration_key(kind: str, key: str, application: str) -> JsonDict:
    """DeploymentUnknownApplicationConfigurationKey; ``kind`` is ``secret`` or ``standard``."""
    return error_object(
        "DeploymentUnknownApplicationConfigurationKey",
        f"Deployment does not require {kind} configuration with key {key} for application named {application}.",
    )


def deployment_invalid_type(
    resource_id: str, resource_key: str | None, requested: str, allowed: Sequence[str]
) -> JsonDict:
    """DeploymentInvalidType."""
    return error_object(
        "DeploymentInvalidType",
        f"The Connector {ref(resource_id, resource_key)} cannot be deployed as a '{requested}' type. "
        f"Only '{', '.join(allowed)}' types are allowed.",
    )


def deployment_production_deactivated() -> JsonDict:
    """DeploymentProductionDeactivated."""
    return error_object(
        "DeploymentProductionDeactivated",
        "Deployments to production are disabled for this Project. Please contact support to enable "
        "production deployments.",
    )


def deployment_invalid_status_transition(reason: str) -> JsonDict:
    """DeploymentInvalidStatusTransition (``reason`` like ``Already deploying``)."""
    return error_object("DeploymentInvalidStatusTransition", f"Invalid status change: {reason}")


def deployment_application_do_not_belong(resource_id: str, resource_key: str | None, application: str) -> JsonDict:
    """DeploymentApplicationDoNotBelong."""
    return error_object(
        "DeploymentApplicationDoNotBelong",
        f"Deployment with {ref(resource_id, resource_key)} does not include application: {application}",
    )


def deployment_application_required() -> JsonDict:
    """DeploymentApplicationRequired."""
    return error_object("DeploymentApplicationRequired", "A Deployment requires at least one application")


def deployment_connector_update_failure(
    resource_id: str,
    resource_key: str | None,
    connector_id: str,
    connector_key: str | None,
    cause: str,
) -> JsonDict:
    """DeploymentConnectorUpdateFailure."""
    return error_object(
        "DeploymentConnectorUpdateFailure",
        f"Deployment with {ref(resource_id, resource_key)} failed while trying to update Connector "
        f"{ref(connector_id, connector_key)} (cause: {cause})",
    )


def deployment_unknown_global_configuration_key(kind: str, key: str) -> JsonDict:
    """DeploymentUnknownGlobalConfigurationKey."""
    return error_object(
        "DeploymentUnknownGlobalConfigurationKey",
        f"Deployment global configuration does not require {kind} with key {key}.",
    )


def deployment_missing_global_configuration_key(kind: str, key: str) -> JsonDict:
    """DeploymentMissingGlobalConfigurationKey."""
    return error_object(
        "DeploymentMissingGlobalConfigurationKey",
        f"Deployment global configuration requires {kind} with key {key}.",
    )


def deployment_empty_required_global_configuration_key(kind: str, key: str) -> JsonDict:
    """DeploymentEmptyRequiredGlobalConfigurationKey."""
    return error_object(
        "DeploymentEmptyRequiredGlobalConfigurationKey",
        f"Deployment requires a non empty value for {kind} global configuration with key {key}.",
    )


def deployment_application_does_not_exist(name: str) -> JsonDict:
    """DeploymentApplicationDoesNotExist (logs)."""
    return error_object("DeploymentApplicationDoesNotExist", f"Deployment does not have an application named {name}.")


def deployment_log_invalid_date() -> JsonDict:
    """DeploymentLogInvalidDate (logs)."""
    return error_object("DeploymentLogInvalidDate", "Invalid start/end date")


def deployment_log_invalid_page_token(token: str) -> JsonDict:
    """DeploymentLogInvalidPageToken (logs)."""
    return error_object("DeploymentLogInvalidPageToken", f"Invalid page token: {token}")


def deployment_log_missing_application_name() -> JsonDict:
    """DeploymentLogMissingApplicationName (logs of AWS deployments)."""
    return error_object("DeploymentLogMissingApplicationName", "Missing application name when fetching deployment logs")


def bad_request(*errors: JsonDict) -> ApiError:
    """Shorthand for a 400 ApiError."""
    return ApiError(400, errors)
