"""Adoption only when asked, under the real engine, asserted from the emulator's objects and requests.

A stack never takes over, redeploys or deletes a deployment it did not create or was not told to adopt:
a second stack that declares an existing key fails with the ways to take it over and changes nothing; a
rename without an alias fails the same way and leaves the deployment; with the alias it keeps it.
"""

from __future__ import annotations

import pytest
from pulumi import automation as auto

from tests.e2e.conftest import PROGRAMS, Emulator, Program, ProgramFactory
from tests.e2e.test_preview import no_writes

KEY = "shared-key"
HINT = (
    f"Deployment key '{KEY}' already exists in project demo-project (id {{id}}, Deployed, connector "
    "abc-first-connector), and this resource did not create it"
)


def single(programs: ProgramFactory, **config: str) -> Program:
    values = {"deploymentKey": KEY, "connectorKey": "abc-first-connector", "staged": "true", **config}
    return programs(
        source=PROGRAMS / "single_deployment", extra_config={k: auto.ConfigValue(v) for k, v in values.items()}
    )


def failure(target: Program, command: str) -> str:
    with pytest.raises(auto.errors.CommandError) as failed:
        target.run(command)
    return str(failed.value)


def live(emulator: Emulator) -> dict[str, object]:
    found = emulator.deployment(KEY)
    assert found is not None, "the deployment is gone"
    return dict(found)


def test_a_second_stack_declaring_an_existing_key_fails_with_the_takeover_hint_and_changes_nothing(
    programs: ProgramFactory, emulator: Emulator
) -> None:
    emulator.staged_connector("abc-first-connector")
    first = single(programs)
    first.run("up")
    before = live(emulator)
    second = single(programs)  # a copied stack: the same program, another state
    with no_writes(emulator):
        preview = failure(second, "preview")
        up = failure(second, "up")
    for text in (preview, up):
        assert HINT.format(id=before["id"]) in text
        assert "set adopt=True on this Deployment, or for one run `CONNECT_AS_CODE_ADOPT=shared-key pulumi up`" in text
        assert 'aliases=[pulumi.Alias(name="<old name>")]' in text
    assert live(emulator) == before
    assert first.run("preview", expect_no_changes=True).change_summary == {"same": 2}
    second.run("destroy")  # holds nothing: deletes nothing
    assert live(emulator) == before


def test_a_rename_without_alias_fails_safely_and_with_an_alias_keeps_the_deployment(
    programs: ProgramFactory, emulator: Emulator
) -> None:
    emulator.staged_connector("abc-first-connector")
    target = single(programs)
    target.run("up")
    before = live(emulator)
    target.stack.set_config("resourceName", auto.ConfigValue("renamed"))
    with no_writes(emulator):
        assert HINT.format(id=before["id"]) in failure(target, "preview")
        assert HINT.format(id=before["id"]) in failure(target, "up")
    assert live(emulator) == before  # neither adopted under the new name nor deleted under the old one
    target.stack.set_config("aliasOf", auto.ConfigValue("deployment"))
    with no_writes(emulator):
        assert target.run("up").summary.resource_changes == {"same": 2}
    assert live(emulator) == before
    target.run("preview", expect_no_changes=True)


def test_a_rename_with_adopt_and_no_alias_keeps_the_deployment(programs: ProgramFactory, emulator: Emulator) -> None:
    emulator.staged_connector("abc-first-connector")
    target = single(programs)
    target.run("up")
    before = live(emulator)
    target.stack.set_all_config({"resourceName": auto.ConfigValue("renamed"), "adopt": auto.ConfigValue("true")})
    result = target.run("up")
    assert result.summary.resource_changes == {"create": 1, "delete": 1, "same": 1}
    after = live(emulator)
    assert (after["id"], after["version"], after["status"]) == (before["id"], before["version"], "Deployed")
    assert "not deleted: another resource of this stack took deployment" in "\n".join(target.lines)
    target.run("destroy")  # the renamed resource holds it now, and its destroy removes it
    assert emulator.deployment(KEY) is None
