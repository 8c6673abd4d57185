"""The providers' messages as the native face tells them: camelCase names, advice that exists there."""

from __future__ import annotations

import pytest

from connect_as_code._runtime.ownership import takeover_refusal
from connect_as_code.native.words import native_words


@pytest.mark.parametrize(
    ("python", "native"),
    [
        ("set connector_key or connector_id (or pass connector=)", "set connectorKey or connectorId"),
        ("creator.logo_url: 'x' is not a URL", "creator.logoUrl: 'x' is not a URL"),
        ("take it over deliberately: set adopt=True on this", "take it over deliberately: set adopt: true on this"),
        (
            "no project to deploy to: set project_key, or connect:projectKey (CTP_PROJECT_KEY)",
            "no project to deploy to: set projectKey, or commercetools-connect:projectKey (CTP_PROJECT_KEY)",
        ),
        ("find_connector: no connector matches", "findConnector: no connector matches"),
        (
            "checked before create (pass connector= a ConnectorStaged of this program to check them at preview)",
            "checked before create (a preview checks them once the connector exists, after the up that creates it)",
        ),
    ],
)
def test_python_words_become_the_native_face_words(python: str, native: str) -> None:
    assert native_words(python) == native


@pytest.mark.parametrize(
    "text",
    [
        "commercetools-connect:region is not set",
        "CTP_CLIENT_SECRET of application cart_service is missing",  # user names that are no property
        "Deployment abc-first-connector-preview: Deploying (40 s)",
    ],
)
def test_everything_else_is_left_as_it_is(text: str) -> None:
    assert native_words(text) == text


def test_the_takeover_refusal_gives_the_native_ways_out() -> None:
    said = native_words(takeover_refusal("Deployment", "cart", "in project demo", "Deployed"))
    assert "set adopt: true on this Deployment" in said
    assert "aliases with the old resource's URN" in said and "`pulumi import` also takes it over" in said
    assert "pulumi.ResourceOptions" not in said and "Python" not in said
