"""A host that does not resolve: given up on after two attempts, named with the setting that chose it."""

from __future__ import annotations

import socket

import httpx
import pytest

from connect_as_code._runtime.provider import client_config
from connect_as_code.connect import ConnectClient, RetryPolicy, TransportError
from connect_as_code.connect._policy import Failure, host_unresolved, retry_delay, should_give_up
from connect_as_code.connection import settings_of
from connect_as_code.settings import resolve, url_origin

UNRESOLVABLE = "http://auth.nowhere.invalid"
"""``.invalid`` is reserved (RFC 2606): no resolver has an address for it."""


def name_error(errno: int) -> httpx.ConnectError:
    """An httpx error as httpx raises it: from httpcore's, from the resolver's ``gaierror``."""
    try:
        try:
            raise socket.gaierror(errno, "Name or service not known")
        except socket.gaierror as cause:
            raise httpx.ConnectError("[Errno -2] Name or service not known") from cause
    except httpx.ConnectError as error:
        return error


def test_only_a_name_without_address_counts_as_unresolved() -> None:
    assert host_unresolved(name_error(socket.EAI_NONAME))
    assert host_unresolved(name_error(socket.EAI_NODATA))
    assert not host_unresolved(name_error(socket.EAI_AGAIN))  # the resolver failed: retried as before
    assert not host_unresolved(httpx.ConnectError("[Errno 111] Connection refused"))


def test_an_unresolved_host_stops_after_two_attempts_with_a_short_delay() -> None:
    policy = RetryPolicy()
    unresolved = Failure.transport(name_error(socket.EAI_NONAME))
    refused = Failure.transport(httpx.ConnectError("refused"))
    assert unresolved.unresolved and not refused.unresolved
    assert not should_give_up(1, 0.0, 0.1, policy, unresolved)
    assert should_give_up(2, 0.2, 0.1, policy, unresolved)
    assert not should_give_up(2, 0.2, 0.1, policy, refused)  # the retry table is unchanged for other faults
    assert retry_delay(1, unresolved, policy, lambda: 0.999) <= 0.3
    assert retry_delay(1, refused, policy, lambda: 0.999) == pytest.approx(0.999)


def test_the_origin_of_each_host_is_the_setting_or_the_regions_default() -> None:
    by_region = resolve({}, {"CTP_REGION": "europe-west1.gcp"})
    assert url_origin(by_region, "authUrl", "the auth URL") == (
        "the auth URL is the default of region europe-west1.gcp (CTP_REGION); "
        "set connect:authUrl (CTP_AUTH_URL) for another host"
    )
    from_config = resolve({"connect:connectUrl": "http://localhost:8089", "connect:region": "europe-west1.gcp"}, {})
    assert url_origin(from_config, "connectUrl", "the Connect URL") == "the Connect URL is set by connect:connectUrl"
    from_api_url = resolve({}, {"CTP_API_URL": "https://api.us-central1.gcp.commercetools.com"})
    assert url_origin(from_api_url, "connectUrl", "the Connect URL") == (
        "the Connect URL is the default of region us-central1.gcp (CTP_API_URL); "
        "set connect:connectUrl (CTP_CONNECT_URL or CTP_CLI_CONNECT_API_URL) for another host"
    )
    connection = settings_of({"region": "europe-west1.gcp", "auth_url": UNRESOLVABLE})
    assert url_origin(connection, "authUrl", "the auth URL") == "the auth URL is set by connection.auth_url"
    assert url_origin(connection, "connectUrl", "the Connect URL") == (
        "the Connect URL is the default of region europe-west1.gcp (connection.region); "
        "set connection.connect_url for another host"
    )
    assert by_region == resolve({"connect:region": "europe-west1.gcp"}, {})  # the origins are not the identity


def test_an_unresolvable_auth_host_fails_after_two_attempts_naming_the_host_and_the_setting() -> None:
    settings = resolve({}, {"CTP_REGION": "europe-west1.gcp", "CTP_AUTH_URL": UNRESOLVABLE, "CTP_CLIENT_ID": "i",
                            "CTP_CLIENT_SECRET": "s", "CTP_PROJECT_KEY": "demo-project"})  # fmt: skip
    with ConnectClient(client_config(settings)) as client, pytest.raises(TransportError) as raised:
        client.token_source.token()
    assert str(raised.value).startswith(
        "POST /oauth/token to auth.nowhere.invalid failed: the host name 'auth.nowhere.invalid' does not resolve "
        "(the auth URL is set by CTP_AUTH_URL) [correlation id: "
    )
    assert raised.value.attempts == 2 and str(raised.value).endswith(" s)")
