"""Bad input under the real engine: a sample of the corpus (``tests/bad_input_corpus.py``), as a user sees it.

``phase`` is where it must fail: at ``pulumi preview`` where the mistake can be known there, else at the
start of ``pulumi up``. Either way nothing is created.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from pulumi import automation as auto

from tests.bad_input_corpus import CASES
from tests.e2e.conftest import PROGRAMS, Emulator, ProgramFactory, emulator_config

ENGINE_SAMPLE = (
    "key-too-short",
    "key-missing",
    "creator-typo",
    "timeout-negative",
    "deployment-type",
    "unknown-key",
    "missing-required-key",
    "settings-region",
    "wrong-client-secret",
    "settings-unresolvable-host",
    "missing-credentials",
)
"""One case of each kind (a field, the program itself, a timeout, the configuration against the connector,
the settings, the credentials, a host that does not resolve, a failure at ``up``): the rest runs in
``tests/providers/test_bad_input.py``."""
SAMPLE = [case for case in CASES if case[0] in ENGINE_SAMPLE]


@pytest.mark.parametrize(
    ("declaration", "settings", "phase", "texts"), [case[1:] for case in SAMPLE], ids=[case[0] for case in SAMPLE]
)
def test_bad_input_fails_early_with_the_property_and_the_fix(
    programs: ProgramFactory,
    emulator: Emulator,
    declaration: dict[str, Any],
    settings: dict[str, str],
    phase: str,
    texts: list[str],
) -> None:
    needs_connector = declaration["kind"] == "Deployment"
    if needs_connector:
        emulator.staged_connector("abc-first-connector")
    objects = emulator.stats()["objects"]
    mutations = emulator.stats()["mutatingRequests"]
    config = {
        "connect:region": auto.ConfigValue("europe-west1.gcp"),
        "connect:projectKey": auto.ConfigValue("demo-project"),
        **emulator_config(emulator),
        "declaration": auto.ConfigValue(json.dumps(declaration)),
    }
    config.update({name: auto.ConfigValue(value, secret="Secret" in name) for name, value in settings.items()})
    program = programs(
        source=PROGRAMS / "declaration",
        config=config,
        env={"CTP_CLIENT_ID": "", "CTP_CLIENT_SECRET": "", "CTP_PROJECT_KEY": ""},
    )
    if phase == "up":
        program.run("preview")
    with pytest.raises(auto.errors.CommandError) as failed:
        program.run(phase)
    message = str(failed.value)
    assert "{<nil>}" not in message
    for text in texts:
        for shown in as_the_engine_shows(text):
            assert shown in message
    assert emulator.stats()["objects"] == objects, "something was created"
    assert emulator.stats()["mutatingRequests"] == mutations


def as_the_engine_shows(text: str) -> list[str]:
    """``property creator.email`` as the engine prints it: the top-level input, the path leading the reason."""
    if not text.startswith("property "):
        return [text]
    path = text.split()[1]
    top = re.split(r"[.\[]", path, maxsplit=1)[0]
    return [text] if top == path else [f"property {top} value ", f"has a problem: {path}: "]


def test_the_sample_covers_every_kind_of_mistake() -> None:
    assert len(SAMPLE) == len(ENGINE_SAMPLE)
    assert {case[3] for case in SAMPLE} == {"preview", "up"}
