"""The root program under the real engine: up, no-op preview, destroy, against the emulator."""

from __future__ import annotations

from tests.e2e.conftest import Emulator, Program


def test_up_creates_previewable_connector_and_deployed_preview_then_destroy_removes_both(
    root_program: Program, emulator: Emulator
) -> None:
    result = root_program.run("up")

    outputs = {name: value.value for name, value in result.outputs.items()}
    assert outputs["isPreviewable"] == "true"
    assert outputs["deploymentStatus"] == "Deployed"
    assert outputs["cartExtensionUrl"].startswith("https://")
    assert result.summary.resource_changes == {"create": 3}

    staged = emulator.api("/connectors/drafts/key=abc-first-connector")
    assert staged["id"] == outputs["connectorStagedId"]
    assert staged["isPreviewable"] == "true"
    assert staged["creator"]["noOfContributors"] == 10  # the guide's noOfDevelopers, renamed
    assert [app["applicationName"] for app in staged["configurations"]] == ["cartExtension"]
    deployment = emulator.api("/demo-project/deployments/key=abc-first-connector-preview")
    assert deployment["id"] == outputs["deploymentId"]
    assert deployment["status"] == "Deployed"
    assert deployment["type"] == "preview"
    assert deployment["connector"]["key"] == "abc-first-connector"
    standard = deployment["applications"][0]["standardConfiguration"]
    assert {item["key"]: item["value"] for item in standard} == {
        "CTP_PROJECT_KEY": "demo-project",
        "CTP_REGION": "europe-west1.gcp",
    }

    preview = root_program.run("preview")
    assert preview.change_summary == {"same": 3}

    exported = root_program.cli("stack", "export")
    assert '"secure"' in exported or '"ciphertext"' in exported  # the secrets are there, encrypted
    assert "cart-client-secret-e2e-value" not in exported
    assert "connect-emulator-secret" not in exported
    assert "cart-client-secret-e2e-value" not in "\n".join(root_program.lines)

    root_program.run("destroy")
    stats = emulator.stats()
    assert all(not by_status for by_status in stats["objects"].values()), stats["objects"]
    assert root_program.stack.outputs() == {}
