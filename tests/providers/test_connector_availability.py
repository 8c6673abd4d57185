"""Where a connector may be deployed, checked at preview (and hinted at at ``up``): region and project."""

from __future__ import annotations

import pytest

from connect_as_code import DeploymentProvider
from connect_as_code._runtime.provider import ConnectResourceError

from .conftest import Harness
from .test_connections import client_of, connection
from .test_deployment_provider import KEY, declaration, staged_connector

DECLARED = {
    "supported_regions": ["europe-west1.gcp"],
    "private_projects": ["europe-west1.gcp:demo-project"],
    "publish": "none",
    "project_key": None,
}
PROJECT_FIX = (
    "project 'shop-b' may not deploy connector 'abc-first-connector': a staged connector goes only to its "
    "private_projects ('demo-project') and its creator's project 'demo-project'. Add 'europe-west1.gcp:shop-b' to "
    "the connector's private_projects, or set this deployment's project_key to one of them"
)


def test_a_connector_of_the_program_refuses_a_project_it_does_not_list_at_preview(harness: Harness) -> None:
    connector = staged_connector(harness)
    mutations = harness.admin("GET", "/stats")["mutatingRequests"]
    checked = harness.configure(DeploymentProvider()).check(
        {}, declaration(connector, project_key="shop-b", connector_availability=DECLARED)
    )
    assert [(f.property, f.reason) for f in checked.failures] == [("project_key", PROJECT_FIX)]
    assert harness.admin("GET", "/stats")["mutatingRequests"] == mutations


def test_a_connector_of_the_program_refuses_a_region_it_does_not_support_at_preview(harness: Harness) -> None:
    connector = staged_connector(harness)
    checked = harness.configure(DeploymentProvider()).check(
        {}, declaration(connector, region="us-central1.gcp", connector_availability=DECLARED)
    )
    assert [(f.property, f.reason) for f in checked.failures] == [
        (
            "region",
            "connector 'abc-first-connector' does not support region 'us-central1.gcp' (its supported_regions: "
            "'europe-west1.gcp'). Set region to one of them, or add 'us-central1.gcp' to the connector's "
            "supported_regions",
        )
    ]


def test_a_connector_found_by_key_is_checked_as_the_server_has_it(harness: Harness) -> None:
    connector = staged_connector(harness)
    provider = harness.configure(DeploymentProvider())
    checked = provider.check({}, declaration(connector, region="us-central1.gcp"))
    assert [f.property for f in checked.failures] == ["region"]
    assert "its supported_regions: 'europe-west1.gcp'" in checked.failures[0].reason
    checked = provider.check({}, declaration(connector, project_key="shop-b"))
    assert [(f.property, f.reason) for f in checked.failures] == [("project_key", PROJECT_FIX)]
    assert provider.check({}, declaration(connector)).failures == []


def test_a_connector_not_found_yet_is_a_warning(harness: Harness) -> None:
    checked = harness.configure(DeploymentProvider()).check(
        {}, declaration({"key": "abc-not-yet", "version": 1}, connector_repository=None)
    )
    assert checked.failures == []
    assert harness.lines == [
        f"warning: Deployment {KEY}: staged connector 'abc-not-yet' not found yet: its configuration, region and "
        "project are not checked before create (pass connector= a ConnectorStaged of this program to check them "
        "at preview)"
    ]


def test_connector_reference_not_found_at_up_names_the_private_projects(harness: Harness) -> None:
    connector = staged_connector(harness)
    client_id, secret = client_of(harness, "shop-b-client", "shop-b")
    inputs = declaration(connector, connection=connection(client_id, secret, "shop-b"), connector_availability=DECLARED)
    with pytest.raises(ConnectResourceError) as raised:
        harness.configure(DeploymentProvider()).create(inputs)
    message = str(raised.value)
    assert message.startswith(
        f"Deployment {KEY}: POST /shop-b/deployments returned 400 ConnectorReferenceNotFound: Connector "
        f"'abc-first-connector' with version {connector['version']} not found [correlation id: "
    )
    assert message.endswith("]. P" + PROJECT_FIX[1:])


def test_connector_reference_not_found_without_the_connectors_data_says_what_to_check(harness: Harness) -> None:
    connector = staged_connector(harness)
    with pytest.raises(ConnectResourceError) as raised:
        harness.configure(DeploymentProvider()).create(declaration(connector, connector_version=7))
    assert str(raised.value).endswith(
        ". Check that the connector version exists and that project 'demo-project' is among the connector's "
        "private_projects (a staged or private connector deploys only there and in its creator's project)"
    )
