"""Configuration, and the promise that the client secret and tokens never leak into text."""

from __future__ import annotations

import logging

import httpx
import pytest
from pydantic import ValidationError

from connect_as_code.connect import ClientConfig, ConnectError, Region

from ._support import SECRET, Server, config, error_body, json_response


def test_default_hosts_follow_the_region() -> None:
    cfg = config(region="us-east-2.aws")
    assert cfg.region is Region.US_EAST_2_AWS
    assert cfg.connect_base_url == "https://connect.us-east-2.aws.commercetools.com"
    assert cfg.auth_base_url == "https://auth.us-east-2.aws.commercetools.com"
    assert cfg.token_url == "https://auth.us-east-2.aws.commercetools.com/oauth/token"


def test_overrides_lose_their_trailing_slash() -> None:
    cfg = config(connect_url="http://127.0.0.1:8080/", auth_url="http://127.0.0.1:8080/auth/")
    assert cfg.connect_base_url == "http://127.0.0.1:8080"
    assert cfg.token_url == "http://127.0.0.1:8080/auth/oauth/token"


def test_unknown_regions_are_accepted_but_must_look_like_a_host_label() -> None:
    assert config(region="westeurope.azure").connect_base_url == "https://connect.westeurope.azure.commercetools.com"
    for bad in ("evil.com/x", "", "a b"):
        with pytest.raises(ValidationError):
            config(region=bad)


def test_scopes_and_defaults() -> None:
    cfg = config(scopes=["manage_project:p"])
    assert cfg.scopes == ("manage_project:p",)
    assert config().scopes is None
    assert config().timeout == 30.0
    with pytest.raises(ValidationError):
        config(timeout=0)
    with pytest.raises(ValidationError):
        config(unknown_setting=1)


def test_config_is_frozen_and_hashable() -> None:
    cfg = config()
    with pytest.raises(ValidationError):
        cfg.project_key = "other"
    assert hash(cfg) == hash(config())


def test_secret_is_not_in_repr_str_or_json() -> None:
    cfg = config()
    assert cfg.client_secret.get_secret_value() == SECRET
    for text in (repr(cfg), str(cfg), cfg.model_dump_json(), str(cfg.model_dump())):
        assert SECRET not in text


def test_secret_is_not_in_validation_errors() -> None:
    with pytest.raises(ValidationError) as caught:
        ClientConfig(region="europe-west1.gcp", project_key="p", client_id="c", client_secret=SECRET, timeout=-1)
    assert SECRET not in str(caught.value)


def test_no_error_or_log_line_contains_a_secret_or_token(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    answers: list[httpx.Response | Exception] = [
        httpx.Response(502, text=f"proxy saw Authorization: Bearer access-token-1 and {SECRET}"),
        json_response(400, error_body(400, "InvalidJsonInput", f"echo {SECRET} access-token-1")),
        json_response(401, error_body(401, "invalid_token", "invalid_token")),
        json_response(401, error_body(401, "invalid_token", "access-token-2 is invalid")),
        httpx.ConnectError("refused"),
    ]
    texts: list[str] = []
    for answer in answers:
        server = Server(script=[answer] * 10)
        with server.client() as client:
            try:
                client.get_connector_staged(id="x")
            except ConnectError as exc:
                chain: BaseException | None = exc
                while chain is not None:
                    texts += [str(chain), repr(chain)]
                    chain = chain.__cause__
        texts.append(repr(client))
    texts += [record.getMessage() for record in caplog.records]
    assert texts
    for text in texts:
        assert SECRET not in text
        assert "access-token-1" not in text and "access-token-2" not in text


MERCHANT_CENTER_EXPORT = {
    "CTP_PROJECT_KEY": "shop",
    "CTP_CLIENT_SECRET": "s3cr3t",
    "CTP_CLIENT_ID": "id",
    "CTP_AUTH_URL": "https://auth.us-central1.gcp.commercetools.com",
    "CTP_API_URL": "https://api.us-central1.gcp.commercetools.com",
    "CTP_SCOPES": "manage_connectors:shop manage_connectors_deployments:shop",
}


def test_the_merchant_centers_environment_export_works_as_it_is() -> None:
    from connect_as_code.settings import resolve

    settings = resolve({}, MERCHANT_CENTER_EXPORT)
    assert (settings.region, settings.project_key, settings.missing_credentials()) == ("us-central1.gcp", "shop", [])
    assert settings.scopes == ("manage_connectors:shop", "manage_connectors_deployments:shop")


def test_urls_of_different_regions_are_an_error_that_names_them() -> None:
    from connect_as_code.settings import SettingsError, resolve

    mixed = {**MERCHANT_CENTER_EXPORT, "CTP_API_URL": "https://api.europe-west1.gcp.commercetools.com"}
    with pytest.raises(SettingsError) as caught:
        resolve({}, mixed)
    assert str(caught.value) == (
        "the settings name different regions (connect:apiUrl (CTP_API_URL) says europe-west1.gcp, "
        "connect:authUrl (CTP_AUTH_URL) says us-central1.gcp): make them agree"
    )
    with pytest.raises(SettingsError) as contradicted:
        resolve({"connect:region": "europe-west1.gcp"}, MERCHANT_CENTER_EXPORT)
    assert "connect:region (CTP_REGION) says europe-west1.gcp" in str(contradicted.value)
