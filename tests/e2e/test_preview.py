"""What `pulumi preview` says on a pull request, under the real engine: the whole truth, and no write.

connect.yaml is read at the declared tag (from the emulator's GitHub-like routes, or from a local
checkout) and validated; each deployment's configuration is checked against it; the credentials are
verified even when nothing changes; and the diff shows the real reasons of each change.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto

from tests.e2e.conftest import PROGRAMS, Emulator, Program, ProgramFactory

REPOSITORY = "https://github.com/abc/first-connect-application.git"
GOOD = {"cartExtension": {"standard": {"CTP_PROJECT_KEY": "demo-project", "CTP_REGION": "europe-west1.gcp"},
                          "secured": {"CTP_CLIENT_ID": "cart-client"}}}  # fmt: skip
GUIDE = {"cartExtension": {"standard": {"CT_PROJECT_KEY": "demo-project", "CT_REGION": "europe-west1.gcp"},
                           "secured": {"CT_CLIENT_ID": "cart-client"}}}  # fmt: skip
"""The Getting-started guide's DeploymentDraft: ``CT_*`` keys where its connect.yaml declares ``CTP_*``."""
TYPO = (
    "configurations.cartExtension.standard.CT_PROJECT_KEY: application 'cartExtension' declares no standard "
    "configuration key CT_PROJECT_KEY; did you mean 'CTP_PROJECT_KEY'?"
)


def program(programs: ProgramFactory, *, tag: str = "0.0.0", configurations: Any = GOOD, **config: str) -> Program:
    values = {"tag": tag, "configurations": json.dumps(configurations), **config}
    extra = {name: auto.ConfigValue(value) for name, value in values.items()}
    extra["appClientSecret"] = auto.ConfigValue("app-secret-value", secret=True)
    return programs(source=PROGRAMS / "preview", extra_config=extra)


@contextmanager
def no_writes(emulator: Emulator) -> Iterator[None]:
    """The body makes no mutating call to Connect."""
    before = emulator.stats()["mutatingRequests"]
    yield
    assert emulator.stats()["mutatingRequests"] == before, "a preview wrote to Connect"


def failed_preview(target: Program) -> str:
    with pytest.raises(auto.errors.CommandError) as failed:
        target.run("preview")
    return str(failed.value)


def check_failures(message: str) -> list[str]:
    """The check failures the engine printed, as ``property: reason`` (each once; the engine repeats them)."""
    found = re.findall(r"property (\S+) value \{.*?\} has a problem: (.*?)(?:\n|$)", message)
    assert "{<nil>}" not in message
    # A path below a top-level input leads the reason (the engine would print {<nil>} for it as the property).
    lines = (reason if reason.startswith((f"{prop}.", f"{prop}[")) else f"{prop}: {reason}" for prop, reason in found)
    return list(dict.fromkeys(lines))


def test_the_guides_ct_keys_fail_the_preview_of_a_new_stack(programs: ProgramFactory, emulator: Emulator) -> None:
    target = program(programs, configurations=GUIDE)
    with no_writes(emulator):
        message = failed_preview(target)
    assert TYPO in check_failures(message)
    assert emulator.connector_staged("abc-first-connector") is None


def test_the_guides_ct_keys_fail_the_preview_of_a_new_tag(programs: ProgramFactory, emulator: Emulator) -> None:
    target = program(programs)
    target.run("up")
    target.stack.set_all_config(
        {"tag": auto.ConfigValue("0.0.1"), "configurations": auto.ConfigValue(json.dumps(GUIDE))}
    )
    reads_before = emulator.stats()["githubRequests"]["byRoute"]
    with no_writes(emulator):
        message = failed_preview(target)
    assert TYPO in check_failures(message)
    reads = emulator.stats()["githubRequests"]["byRoute"]
    # connect.yaml at the new tag read once for the connector and its deployment: the tag, then the file
    assert {route: reads[route] - reads_before.get(route, 0) for route in reads} == {
        "GET /github/repos/{owner}/{repo}/git/ref/tags/{tag:path}": 1,
        "GET /github/repos/{owner}/{repo}/contents/{path:path}": 1,
    }


def test_a_local_checkout_is_checked_before_its_tag_exists(programs: ProgramFactory, emulator: Emulator) -> None:
    target = program(programs, tag="0.1.0", configurations=GUIDE)
    checkout = make_checkout(target.directory, (Path(__file__).parents[1] / "fixtures" / "seed").resolve())
    with no_writes(emulator):
        message = failed_preview(target)
    assert TYPO in check_failures(message)
    work_tree_file = checkout / "connect.yaml"
    assert (
        "ConnectorStaged abc-first-connector: tag '0.1.0' does not exist in github.com/abc/first-connect-application "
        f"yet: checked the work tree's {work_tree_file}" in message
    )


def make_checkout(folder: Path, seed: Path) -> Path:
    """``folder`` as a git work tree of the connector's repository, its connect.yaml the guide's."""
    (folder / "connect.yaml").write_text((seed / "first-connect-application.connect.yaml").read_text())
    for command in (
        ["init", "-q"],
        ["remote", "add", "origin", "git@github.com:abc/first-connect-application.git"],
        ["add", "connect.yaml"],
        ["-c", "user.email=dev@example.com", "-c", "user.name=Dev", "commit", "-q", "-m", "connect.yaml"],
    ):
        subprocess.run(["git", *command], cwd=folder, check=True, capture_output=True)
    return folder


def test_a_tag_that_does_not_exist_fails_the_preview(programs: ProgramFactory, emulator: Emulator) -> None:
    target = program(programs, tag="9.9.9")
    with no_writes(emulator):
        message = failed_preview(target)
    assert check_failures(message) == [
        "repository.tag: tag '9.9.9' does not exist in github.com/abc/first-connect-application: push it "
        "(git tag 9.9.9 && git push origin 9.9.9) or correct repository.tag"
    ]


def test_an_invalid_connect_yaml_fails_the_preview_with_the_file_the_path_and_the_fix(
    programs: ProgramFactory, emulator: Emulator
) -> None:
    target = program(programs, repository="https://github.com/abc/invalid-connector.git", tag="1.0.0")
    with no_writes(emulator):
        message = failed_preview(target)
    failures = check_failures(message)
    assert failures, message
    assert all(line.startswith("repository: connect.yaml at tag '1.0.0' of github.com/abc/invalid-connector: ")
               for line in failures)  # fmt: skip
    assert any("deployAs[0].name" in line for line in failures), failures


def test_a_wrong_client_secret_fails_the_preview_when_nothing_changes(
    programs: ProgramFactory, emulator: Emulator
) -> None:
    target = program(programs)
    target.run("up")
    target.stack.set_config("connect:clientSecret", auto.ConfigValue("not-the-secret", secret=True))
    with no_writes(emulator):
        message = failed_preview(target)
    assert (
        "the auth server rejected the credentials of API client 'connect-emulator': POST /oauth/token returned 401"
        in message
    )
    assert "not-the-secret" not in message


def test_a_changed_secured_value_shows_as_a_change_of_that_key(programs: ProgramFactory, emulator: Emulator) -> None:
    target = program(programs)
    target.run("up")
    target.stack.set_config("appClientSecret", auto.ConfigValue("rotated-secret-value", secret=True))
    target.lines.clear()
    with no_writes(emulator):
        result = target.run("preview", diff=True)
    assert result.change_summary == {"same": 2, "update": 1}
    shown = "\n".join(target.lines)
    assert "~ CTP_CLIENT_SECRET: [secret] => [secret]" in shown
    assert "CTP_CLIENT_ID" not in shown and "connector_repository" not in shown and "status" not in shown
    assert "rotated-secret-value" not in shown


def test_a_deployment_found_failed_by_refresh_shows_its_status_as_the_reason(
    programs: ProgramFactory, emulator: Emulator
) -> None:
    target = program(programs)
    target.run("up")
    emulator.script("deploy", "abc-first-connector-preview", ["Failed"])
    with emulator.client() as client:
        deployed = client.get_deployment(key="abc-first-connector-preview")
        client.update_deployment(id=deployed.id, version=deployed.version, actions=[{"action": "redeploy"}])
    emulator.advance_clock(60)
    target.run("refresh")
    target.lines.clear()
    result = target.run("preview", diff=True)
    assert result.change_summary == {"same": 2, "update": 1}
    shown = "\n".join(target.lines)
    assert '~ status: "Failed" => "Deployed"' in shown
    assert "configurations" not in shown.split("Deployment")[-1]
