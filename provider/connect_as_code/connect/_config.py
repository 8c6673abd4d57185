"""Client configuration: where Connect and its auth server are, and who we are."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, SecretStr, field_validator

from connect_as_code.connect import _constants
from connect_as_code.connect._models import RegionValue
from connect_as_code.vocabulary import Region

_HOST_LABELS = re.compile(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$")


class ClientConfig(BaseModel):
    """Settings of a :class:`ConnectClient`. Immutable; ``client_secret`` never shows in repr or str.

    ``region`` selects the default hosts ``https://connect.{region}.commercetools.com`` and
    ``https://auth.{region}.commercetools.com``; ``connect_url`` and ``auth_url`` override them (for
    example to point at a local emulator). ``scopes=None`` (or empty) sends no ``scope``, so the
    token gets all of the API client's scopes. ``project_key`` is the default for Deployment calls.
    ``connect_url_origin`` and ``auth_url_origin`` say what chose each host (a setting, or the region's
    default), for the message of a connection that fails.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    region: RegionValue
    project_key: str
    client_id: str
    client_secret: SecretStr
    scopes: tuple[str, ...] | None = None
    connect_url: str | None = None
    auth_url: str | None = None
    timeout: float = _constants.DEFAULT_TIMEOUT
    user_agent: str = _constants.DEFAULT_USER_AGENT
    correlation_id_prefix: str = _constants.DEFAULT_CORRELATION_ID_PREFIX
    connect_url_origin: str | None = None
    auth_url_origin: str | None = None

    def __init__(
        self,
        *,
        region: Region | str,
        project_key: str,
        client_id: str,
        client_secret: SecretStr | str,
        scopes: Sequence[str] | None = None,
        connect_url: str | None = None,
        auth_url: str | None = None,
        timeout: float = _constants.DEFAULT_TIMEOUT,
        user_agent: str = _constants.DEFAULT_USER_AGENT,
        correlation_id_prefix: str = _constants.DEFAULT_CORRELATION_ID_PREFIX,
        connect_url_origin: str | None = None,
        auth_url_origin: str | None = None,
        **unknown: Any,
    ) -> None:
        # Spelled out so that type checkers accept a plain str secret and any sequence of scopes,
        # which pydantic converts; unknown names still fail validation (extra="forbid").
        if isinstance(scopes, str):
            scopes = scopes.split()
        super().__init__(
            region=region,
            project_key=project_key,
            client_id=client_id,
            client_secret=client_secret,
            scopes=tuple(scopes) if scopes else None,
            connect_url=connect_url,
            auth_url=auth_url,
            timeout=timeout,
            user_agent=user_agent,
            correlation_id_prefix=correlation_id_prefix,
            connect_url_origin=connect_url_origin,
            auth_url_origin=auth_url_origin,
            **unknown,
        )

    @field_validator("region")
    @classmethod
    def _region_is_a_host_label(cls, value: str) -> str:
        if not _HOST_LABELS.match(value):
            raise ValueError(f"{value!r} is not a region such as 'europe-west1.gcp'")
        return value

    @field_validator("timeout")
    @classmethod
    def _timeout_is_positive(cls, value: float) -> float:
        if value <= 0:
            raise ValueError("timeout must be a positive number of seconds")
        return value

    @property
    def connect_base_url(self) -> str:
        """Base URL of the Connect API, without a trailing slash."""
        return (self.connect_url or _constants.CONNECT_URL_TEMPLATE.format(region=self.region)).rstrip("/")

    @property
    def auth_base_url(self) -> str:
        """Base URL of the auth server, without a trailing slash."""
        return (self.auth_url or _constants.AUTH_URL_TEMPLATE.format(region=self.region)).rstrip("/")

    @property
    def token_url(self) -> str:
        """The OAuth token endpoint."""
        return self.auth_base_url + _constants.TOKEN_PATH
