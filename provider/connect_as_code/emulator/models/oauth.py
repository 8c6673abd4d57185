"""The OAuth bodies of ``/oauth/token`` and ``/oauth/introspect``: the token and introspection responses
and the AuthErrorResponse.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from connect_as_code.emulator.models.common import ErrorObject


class _OAuthResponse(BaseModel):
    # OAuth bodies use snake_case names (RFC 6749), except the ErrorResponse fields.
    model_config = ConfigDict(extra="forbid")


class AuthErrorResponse(_OAuthResponse):
    """AuthErrorResponse."""

    status_code: int = Field(alias="statusCode")
    message: str
    errors: list[ErrorObject] | None = None
    error: str
    error_description: str | None = None


class TokenResponse(_OAuthResponse):
    """TokenResponse of ``POST /oauth/token``."""

    access_token: str
    expires_in: int
    scope: str
    token_type: Literal["Bearer"]


class IntrospectionResponse(_OAuthResponse):
    """Response of ``POST /oauth/introspect``."""

    active: bool
    scope: str | None = None
    exp: int | None = None
    client_id: str | None = None
