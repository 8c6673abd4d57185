"""The library's connect.yaml rules and the emulator's, written independently, accept and reject the same files.

Both read the YAML the same way (YAML 1.2, like the JavaScript tools: ``yes`` and ``2024-01-01`` are
strings; a key given twice is an error), with the library's reader; the cases where YAML 1.1 would differ
are listed, so a change of either side shows up here. tests/integration/test_official_validator.py holds
both against the validator of the Connect CLI.
"""

from __future__ import annotations

import pytest

from connect_as_code.connect_yaml.document import ConnectYamlInvalid, parse_connect_yaml
from connect_as_code.emulator.domain.connect_yaml import SpecificationInvalid
from connect_as_code.emulator.domain.connect_yaml import parse_connect_yaml as emulator_parse
from connect_as_code.emulator.domain.repositories import FIXTURES_DIR
from tests.unit.test_connect_yaml import INVALID, SEED_CONNECT_YAML, keys, service


def library_accepts(text: str) -> bool:
    try:
        parse_connect_yaml(text)
    except ConnectYamlInvalid:
        return False
    return True


def emulator_accepts(text: str) -> bool:
    try:
        emulator_parse(text)
    except SpecificationInvalid:
        return False
    return True


YAML_DIALECT = {
    "required: yes": keys("standard", "{key: A_KEY, description: p, required: yes}"),
    "a date": keys("standard", "{key: A_DATE, description: d, default: 2024-01-01}"),
    "a key twice": service().replace("    endpoint: /api\n", "    endpoint: /api\n    endpoint: /b\n"),
}


@pytest.mark.parametrize("text", [text for text, _, _ in INVALID if text not in YAML_DIALECT.values()])
def test_both_reject(text: str) -> None:
    assert not library_accepts(text)
    assert not emulator_accepts(text)


@pytest.mark.parametrize(
    "text", [SEED_CONNECT_YAML, *(p.read_text() for p in sorted(FIXTURES_DIR.glob("*/*/*/connect.yaml")))]
)
def test_both_agree_on_the_fixtures(text: str) -> None:
    assert library_accepts(text) == emulator_accepts(text)


@pytest.mark.parametrize(
    ("case", "accepted"),
    [("required: yes", False), ("a date", True), ("a key twice", False)],
)
def test_both_read_yaml_1_2(case: str, accepted: bool) -> None:
    assert library_accepts(YAML_DIALECT[case]) is accepted
    assert emulator_accepts(YAML_DIALECT[case]) is accepted
