"""The providers' checks at preview: connect.yaml at the tag, the configuration against it, what is read when."""

from __future__ import annotations

from typing import Any

import httpx

from connect_as_code import ConnectorStagedProvider, DeploymentProvider
from connect_as_code._runtime.provider import Runtime, use_runtime
from connect_as_code.connector_staged_model import normalize_inputs as connector_inputs
from connect_as_code.deployment_model import normalize_inputs as deployment_inputs

from .conftest import Harness

REPOSITORY = {"url": "https://github.com/abc/first-connect-application.git", "tag": "0.0.0"}
GUIDE_KEYS = {"cartExtension": {"standard": {"CT_PROJECT_KEY": "p", "CT_REGION": "europe-west1.gcp"}}}


def connector(**overrides: Any) -> dict[str, Any]:
    props = {
        "key": "abc-first-connector",
        "name": "Abc",
        "creator": {"email": "john.doe@example.com"},
        "repository": REPOSITORY,
        **overrides,
    }
    return connector_inputs(props)


def deployment(**overrides: Any) -> dict[str, Any]:
    props = {
        "key": "preview-1",
        "connector_key": "abc-first-connector",
        "staged": True,
        "region": "europe-west1.gcp",
        "connector_repository": REPOSITORY,
        "configurations": GUIDE_KEYS,
        **overrides,
    }
    return deployment_inputs(props)


class CountingTransport(httpx.BaseTransport):
    """Counts the requests to the Git host."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.paths: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        return self.inner.handle_request(request)


def test_a_deployment_of_a_connector_not_created_yet_is_checked_against_connect_yaml_at_its_tag(
    harness: Harness,
) -> None:
    checked = harness.configure(DeploymentProvider()).check({}, deployment())
    assert (checked.failures[0].property, checked.failures[0].reason) == (
        "configurations",
        "configurations.cartExtension.standard.CT_PROJECT_KEY: application 'cartExtension' declares no standard "
        "configuration key CT_PROJECT_KEY; did you mean 'CTP_PROJECT_KEY'?",
    )
    assert harness.api("/connectors/drafts/key=abc-first-connector") is None  # read from the repository, not Connect


def test_each_repository_and_tag_is_read_once_and_unchanged_declarations_not_at_all(harness: Harness) -> None:
    counting = CountingTransport(harness.transport)
    runtime = Runtime(
        make_client=harness.make_client,
        clock=harness.time,
        write=harness.lines.append,
        github_client=lambda: httpx.Client(transport=counting),
    )
    with use_runtime(runtime):
        staged = harness.configure(ConnectorStagedProvider())
        deployed = harness.configure(DeploymentProvider())
        assert not staged.check({}, connector()).failures
        reads = len(counting.paths)
        assert reads >= 2  # the tag, then the file
        assert deployed.check({}, deployment()).failures  # the same (repository, tag): no new read
        assert len(counting.paths) == reads
        assert not staged.check(connector(), connector()).failures  # nothing changed: nothing read
        good = deployment(configurations={"cartExtension": {"standard": {"CTP_REGION": "r"}}})
        assert deployed.check(good, good).failures == []  # checked last time: not again
        assert len(counting.paths) == reads


def test_an_unreachable_git_host_is_a_visible_warning_not_a_silent_pass(harness: Harness) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("no route to host", request=request)

    runtime = Runtime(
        make_client=harness.make_client,
        clock=harness.time,
        write=harness.lines.append,
        github_client=lambda: httpx.Client(transport=httpx.MockTransport(refuse)),
    )
    with use_runtime(runtime):
        checked = harness.configure(ConnectorStagedProvider()).check({}, connector())
    assert checked.failures == []
    warnings = [line for line in harness.lines if "connect.yaml not checked" in line]
    assert len(warnings) == 1
    assert warnings[0].startswith(
        "warning: ConnectorStaged abc-first-connector: connect.yaml not checked: could not read connect.yaml of "
        "github.com/abc/first-connect-application at tag '0.0.0' from GitHub"
    )


def test_a_checkout_without_connect_yaml_names_local_checkout(harness: Harness, tmp_path: Any) -> None:
    checked = harness.configure(ConnectorStagedProvider()).check({}, connector(local_checkout=str(tmp_path)))
    assert [(failure.property, failure.reason) for failure in checked.failures] == [
        (
            "local_checkout",
            f"{tmp_path} has no connect.yaml: give the repository's root folder, which holds connect.yaml",
        )
    ]
