"""The guide's creator path under the real engine: publishing as declared, the certification conversation,
no build without new code, and previews whose counts are what the next `pulumi up` does.

Every assertion reads the emulator: its objects, its status transitions (a publish is a ConnectorStaged
entering ``Processing``, a build a Deployment entering ``Queued``) and its request counters.
"""

from __future__ import annotations

import json
from typing import Any

from pulumi import automation as auto

from tests.e2e.conftest import PROGRAMS, Emulator, Program, ProgramFactory

KEY = "abc-first-connector"
DEPLOYMENTS = ("abc-first-connector-preview", "abc-first-connector-sandbox")
QUESTION = "Which scopes does the cart extension need?"
ANSWER = "manage_orders only: it reads carts and writes nothing else"


def creator(programs: ProgramFactory, **config: str) -> Program:
    return programs(source=PROGRAMS / "creator", extra_config={k: auto.ConfigValue(v) for k, v in config.items()})


def staged_connector(emulator: Emulator) -> Any:
    """The ConnectorStaged as the API returns it."""
    return emulator.api(f"/connectors/drafts/key={KEY}")


def publishes(emulator: Emulator) -> int:
    """Publish actions Connect accepted so far (each starts with the status ``Processing``)."""
    return sum(1 for e in emulator.events(resource="ConnectorStaged", key=KEY) if e["to"] == "Processing")


def builds(emulator: Emulator) -> int:
    """Deployment builds started so far (each create or redeploy starts ``Queued``)."""
    return sum(1 for e in emulator.events(resource="Deployment") if e["to"] == "Queued")


def deployment_versions(emulator: Emulator) -> dict[str, Any]:
    found = {key: emulator.deployment(key) for key in DEPLOYMENTS}
    return {key: (d["version"], d["connector"]["version"]) for key, d in found.items() if d is not None}


def connector_outputs(target: Program) -> Any:
    """The ConnectorStaged's outputs in the stack's state."""
    resources: list[Any] = (target.stack.export_stack().deployment or {})["resources"]
    return next(r["outputs"] for r in resources if r["type"].endswith("connect:ConnectorStaged"))


def configure(target: Program, **config: str) -> None:
    target.stack.set_all_config({name: auto.ConfigValue(value) for name, value in config.items()})


def preview_then_up(target: Program) -> tuple[dict[str, int], dict[str, int], str]:
    """The preview's counts, the up's counts and what the preview showed (with its diff)."""
    target.lines.clear()
    preview = target.run("preview", diff=True)
    shown = "\n".join(target.lines)
    up = target.run("up")
    return dict(preview.change_summary), dict(up.summary.resource_changes or {}), shown


def test_each_change_of_publish_alone_publishes_once(programs: ProgramFactory, emulator: Emulator) -> None:
    target = creator(programs)
    target.run("up")
    assert publishes(emulator) == 0
    for mode, statuses in (
        ("private", {"Published"}),
        ("certification", {"ReadyForCertification", "InCertification"}),
        ("private", {"Published"}),
        ("certification", {"ReadyForCertification", "InCertification"}),
    ):
        before = publishes(emulator)
        configure(target, publish=mode)
        preview, up, _ = preview_then_up(target)
        assert preview == up == {"same": 2, "update": 1}, mode
        assert publishes(emulator) == before + 1, f"publish={mode} did not publish"
        staged = staged_connector(emulator)
        assert staged["status"] in statuses, (mode, staged["status"])
        assert target.stack.outputs()["status"].value in statuses
        mutations = emulator.stats()["mutatingRequests"]
        again = target.run("up")  # nothing changed: no second publish
        assert again.summary.resource_changes == {"same": 3}
        assert publishes(emulator) == before + 1
        assert emulator.stats()["mutatingRequests"] == mutations
        if mode == "certification":
            emulator.advance_clock(60)  # the submission reaches InCertification
            target.lines.clear()
            target.run("refresh")
            assert f"ConnectorStaged {KEY}: certification: status InCertification" in "\n".join(target.lines)
            # refresh updates the resource's state (stack outputs are the program's, computed at up)
            assert connector_outputs(target)["status"] == "InCertification"
    assert builds(emulator) == 1, "publishing rebuilt the preview deployment"


def test_the_certification_conversation(programs: ProgramFactory, emulator: Emulator) -> None:
    target = creator(programs, publish="certification")
    target.run("up")
    emulator.comment_as_connect_team(KEY, QUESTION)
    warning = "the Connect team commented on the certification (connect-team@commercetools.com, "

    target.lines.clear()
    target.run("preview")
    assert warning in "\n".join(target.lines) and QUESTION in "\n".join(target.lines)
    target.lines.clear()
    target.run("refresh")
    assert warning in "\n".join(target.lines)
    info = connector_outputs(target)["optional_outputs"]["certification_info"]  # as refresh recorded it
    assert [(c["userId"], c["comment"]) for c in info["comments"]] == [("connect-team@commercetools.com", QUESTION)]

    versions, started = deployment_versions(emulator), builds(emulator)
    configure(target, comments=json.dumps([ANSWER]))
    preview, up, _ = preview_then_up(target)
    assert preview == up == {"same": 2, "update": 1}
    comments = staged_connector(emulator)["certificationInfo"]["comments"]
    assert [c["comment"] for c in comments] == [QUESTION, ANSWER]
    assert publishes(emulator) == 1, "a comment resubmitted the connector"
    assert (deployment_versions(emulator), builds(emulator)) == (versions, started)

    target.lines.clear()
    mutations = emulator.stats()["mutatingRequests"]
    assert target.run("up").summary.resource_changes == {"same": 3}
    assert emulator.stats()["mutatingRequests"] == mutations, "the comment was sent again"
    assert warning not in "\n".join(target.lines), "an answered question is still reported"

    configure(target, comments=json.dumps([]))
    target.lines.clear()
    preview, up, _ = preview_then_up(target)
    assert "1 comment(s) no longer declared stay on Connect" in "\n".join(target.lines)
    assert preview == up == {"same": 2, "update": 1}
    assert emulator.stats()["mutatingRequests"] == mutations, "removing a comment wrote to Connect"
    assert len(staged_connector(emulator)["certificationInfo"]["comments"]) == 2


def test_metadata_and_certification_rebuild_no_deployment(programs: ProgramFactory, emulator: Emulator) -> None:
    target = creator(programs, publish="private", sandbox="true")
    target.run("up")
    for change in ({"description": "Carts checked at the edge"}, {"publish": "certification"}):
        staged_version = staged_connector(emulator)["version"]
        versions, started = deployment_versions(emulator), builds(emulator)
        configure(target, **change)
        preview, up, shown = preview_then_up(target)
        assert preview == up == {"same": 3, "update": 1}, change
        assert "[unknown]" not in shown and "connector_version" not in shown, shown
        assert staged_connector(emulator)["version"] > staged_version
        assert (deployment_versions(emulator), builds(emulator)) == (versions, started), change
        assert target.run("preview").change_summary == {"same": 4}


def test_a_release_redeploys_both_deployments_on_the_new_code(programs: ProgramFactory, emulator: Emulator) -> None:
    target = creator(programs, publish="private", sandbox="true")
    target.run("up")
    configure(target, description="Carts checked at the edge")  # a metadata version first: no rebuild
    target.run("up")
    started = builds(emulator)
    configure(target, tag="0.0.1")
    preview, up, shown = preview_then_up(target)
    assert preview == up == {"same": 1, "update": 3}
    assert "[unknown]" not in shown
    assert builds(emulator) == started + 2
    staged = staged_connector(emulator)
    preview_deployment, sandbox = (emulator.api(f"/demo-project/deployments/key={key}") for key in DEPLOYMENTS)
    assert preview_deployment["connector"]["version"] == staged["version"]
    assert {preview_deployment["connector"]["repository"]["tag"], sandbox["connector"]["repository"]["tag"]} == {
        "0.0.1"
    }
    assert sandbox["connector"]["version"] == emulator.api(f"/connectors/key={KEY}")["version"]
    assert target.run("preview").change_summary == {"same": 4}


def test_a_stack_written_when_connector_pinned_the_version_sees_no_change(
    programs: ProgramFactory, emulator: Emulator
) -> None:
    target = creator(programs, publish="private", pinVersion="true")
    target.run("up")
    target.stack.remove_config("pinVersion")
    mutations = emulator.stats()["mutatingRequests"]
    assert target.run("preview", expect_no_changes=True).change_summary == {"same": 3}
    assert target.run("up").summary.resource_changes == {"same": 3}
    assert emulator.stats()["mutatingRequests"] == mutations
    versions, started = deployment_versions(emulator), builds(emulator)
    configure(target, description="Carts checked at the edge")
    preview, up, _ = preview_then_up(target)
    assert preview == up == {"same": 2, "update": 1}
    assert (deployment_versions(emulator), builds(emulator)) == (versions, started)


def test_a_deployment_of_the_published_connector_waits_for_its_certified_release(
    programs: ProgramFactory, emulator: Emulator
) -> None:
    target = creator(programs, publish="private", sandbox="true")
    target.run("up")
    configure(target, publish="certification")
    target.run("up")
    emulator.advance_clock(60)
    emulator.certify(KEY)  # the Connect team's part: the first version is public
    started = builds(emulator)
    configure(target, tag="0.0.1")
    preview, up, _ = preview_then_up(target)
    assert preview == up == {"same": 1, "update": 3}
    assert builds(emulator) == started + 1, "the sandbox deployment was rebuilt on the code it already runs"
    sandbox = f"/demo-project/deployments/key={DEPLOYMENTS[1]}"
    assert emulator.api(sandbox)["connector"]["repository"]["tag"] == "0.0.0"
    assert "not tag '0.0.1' yet" in "\n".join(target.lines)
    assert target.run("preview").change_summary == {"same": 3, "update": 1}  # still to do, and said so

    emulator.advance_clock(60)
    emulator.certify(KEY)  # the release is certified: the published Connector runs 0.0.1
    preview, up, _ = preview_then_up(target)
    assert preview == up == {"same": 3, "update": 1}
    assert builds(emulator) == started + 2
    assert emulator.api(sandbox)["connector"]["repository"]["tag"] == "0.0.1"
    assert target.run("preview").change_summary == {"same": 4}
