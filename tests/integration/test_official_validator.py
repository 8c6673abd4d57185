"""The validator the Connect CLI runs on connect.yaml is the oracle of both of ours.

``@commercetools-connect/specification`` (pinned in tests/oracle/package.json and its lock file; ``make
test`` installs it with ``npm ci``) judges a generated corpus of a few thousand connect.yaml texts (see
tests/connect_yaml_corpus.py) in one node process. The library's validator
(:func:`connect_as_code.connect_yaml.document.parse_connect_yaml`) and the emulator's
(:func:`connect_as_code.emulator.domain.connect_yaml.parse_connect_yaml`) must give the same verdict on every
text, and every refusal of theirs must be a problem report (where, and what to do), never an exception.

The only differences allowed are :data:`KNOWN_DIFFERENCES`: rules where Connect is stricter than the
CLI's validator, which ours keep. A difference is allowed only when the official validator accepts the
text and every problem ours report is at a path of that rule.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from connect_as_code.connect_yaml.document import ConnectYamlInvalid, parse_connect_yaml
from connect_as_code.emulator.domain.connect_yaml import SpecificationInvalid
from connect_as_code.emulator.domain.connect_yaml import parse_connect_yaml as emulator_parse
from tests.connect_yaml_corpus import BASE_DOCUMENTS, HAND_WRITTEN, as_yaml, corpus

PINNED_VERSION = "0.0.16"
# `make oracle-check SPEC_VERSION=<version>` points these at another version, installed apart.
ORACLE = Path(os.environ.get("CONNECT_YAML_ORACLE_DIR") or Path(__file__).resolve().parents[1] / "oracle")
OFFICIAL_VERSION = os.environ.get("CONNECT_YAML_ORACLE_VERSION") or PINNED_VERSION
PINNED = Path(__file__).resolve().parents[1] / "oracle"
FILE = "connect.yaml"


@dataclass(frozen=True)
class Verdict:
    """What a validator says of one text: valid or not, the paths of its problems, or the exception."""

    valid: bool
    paths: tuple[str, ...] = ()
    crash: str | None = None


@dataclass(frozen=True)
class KnownDifference:
    """A rule where ours are stricter than the official validator, with the source that says Connect is."""

    rule: str
    paths: re.Pattern[str]
    source: str


KNOWN_DIFFERENCES = (
    KnownDifference(
        rule="a job's schedule must be a whole cron schedule",
        paths=re.compile(r"deployAs[\[.]\d+\]?(\.job)?\.properties\.schedule"),
        source=(
            "The specification's cron pattern (dist/schemas/specification-v1.schema.js, cronZodSchema) is not "
            "anchored, so it accepts any text that contains a run of five numbers or stars, or a macro: "
            "'12345', '@daily please', '0 0 * * * * * *', '61 25 * * *'. The API says the schedule is a 'Cron "
            "expression' (RAML DeploymentConfigurationApplication.schedule, ApplicationDeployment.schedule) and "
            "the pattern's own message asks for 'a valid cron schedule string following the specified format'; "
            "Connect refuses a schedule its scheduler cannot run. Ours accept only what the pattern matches "
            "and is a schedule of 5 to 7 fields, a macro or @every."
        ),
    ),
)


def official_verdicts(texts: list[str]) -> list[Verdict]:
    """The official parser's verdict on every text, from one node process."""
    if shutil.which("node") is None:
        pytest.fail("node is not installed: the official connect.yaml validator runs on node 20 (see README)")
    if not (ORACLE / "node_modules" / "@commercetools-connect" / "specification").is_dir():
        pytest.fail("the official validator is not installed: run `npm ci --prefix tests/oracle` (make test does)")
    done = subprocess.run(
        ["node", str(ORACLE.resolve() / "verdicts.mjs")],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    answers = json.loads(done.stdout)
    return [Verdict(answer["valid"], crash=answer.get("crash")) for answer in answers]


def library_verdict(text: str) -> Verdict:
    """The library's verdict; a refusal must name the file, a path and a reason for every problem."""
    try:
        parse_connect_yaml(text, file=FILE)
    except ConnectYamlInvalid as error:
        reports = [p for p in error.problems if p.file == FILE and p.path and p.reason]
        if not error.problems or len(reports) != len(error.problems):
            return Verdict(False, crash=f"a problem without file, path or reason: {error.problems}")
        return Verdict(False, tuple(problem.path for problem in error.problems))
    except Exception as error:  # any other exception is what this test exists to find
        return Verdict(False, crash=repr(error))
    return Verdict(True)


def emulator_verdict(text: str) -> Verdict:
    """The emulator's verdict; a refusal must be ``<path>: <reason>`` lines."""
    try:
        emulator_parse(text)
    except SpecificationInvalid as error:
        parts = [problem.split(": ", 1) for problem in error.problems]
        if not parts or any(len(part) != 2 or not all(p.strip() for p in part) for part in parts):
            return Verdict(False, crash=f"a problem without path or reason: {error.problems}")
        return Verdict(False, tuple(part[0] for part in parts))
    except Exception as error:  # any other exception is what this test exists to find
        return Verdict(False, crash=repr(error))
    return Verdict(True)


def is_known_difference(official: Verdict, ours: Verdict) -> bool:
    """Whether ``ours`` refuses, by a rule of :data:`KNOWN_DIFFERENCES` only, what the official accepts."""
    return (
        official.valid
        and not ours.valid
        and ours.crash is None
        and any(all(known.paths.fullmatch(path) for path in ours.paths) for known in KNOWN_DIFFERENCES)
    )


def disagreements(
    texts: list[str], official: list[Verdict], judge: Callable[[str], Verdict]
) -> tuple[list[str], list[str], int]:
    """(texts judged differently, texts that made ``judge`` crash, number of known differences)."""
    different, crashed, known = [], [], 0
    for text, verdict in zip(texts, official, strict=True):
        ours = judge(text)
        if ours.crash is not None:
            crashed.append(f"{text!r}\n    -> {ours.crash}")
        elif is_known_difference(verdict, ours):
            known += 1
        elif ours.valid != verdict.valid:
            said = "accepts" if ours.valid else f"refuses ({', '.join(ours.paths)})"
            different.append(f"{text!r}\n    -> official {'accepts' if verdict.valid else 'refuses'}, ours {said}")
    return different, crashed, known


@dataclass(frozen=True)
class Judged:
    """The corpus and every verdict on it: the official one and each of ours, in corpus order."""

    texts: list[str]
    official: list[Verdict]
    ours: dict[str, dict[str, Verdict]]


JUDGES = {"library": library_verdict, "emulator": emulator_verdict}


@pytest.fixture(scope="module")
def judged() -> Judged:
    texts = corpus()
    with ThreadPoolExecutor(max_workers=1) as pool:  # node judges while Python does
        official = pool.submit(official_verdicts, texts)
        ours = {name: {text: judge(text) for text in texts} for name, judge in JUDGES.items()}
        return Judged(texts, official.result(), ours)


def test_the_oracle_is_the_pinned_version() -> None:
    lock = json.loads((PINNED / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/@commercetools-connect/specification"]["version"] == PINNED_VERSION
    installed = ORACLE / "node_modules" / "@commercetools-connect" / "specification" / "package.json"
    assert json.loads(installed.read_text())["version"] == OFFICIAL_VERSION


def test_the_corpus_is_large_and_judged_both_ways(judged: Judged) -> None:
    texts, official = judged.texts, judged.official
    assert len(texts) >= 2000
    assert [verdict.crash for verdict in official if verdict.crash] == []
    by_text = dict(zip(texts, official, strict=True))
    assert all(by_text[as_yaml(document, 0)].valid for document in BASE_DOCUMENTS.values())
    valid = sum(verdict.valid for verdict in official)
    assert 200 < valid < len(texts) - 200  # both verdicts are well represented
    assert all(text in by_text for text in HAND_WRITTEN)


@pytest.mark.parametrize("validator", JUDGES)
def test_ours_agree_with_the_official_validator(judged: Judged, validator: str) -> None:
    different, crashed, known = disagreements(judged.texts, judged.official, judged.ours[validator].__getitem__)
    assert crashed == [], f"{len(crashed)} texts raised instead of reporting problems:\n" + "\n".join(crashed[:20])
    assert different == [], f"{len(different)} verdicts differ from the official one:\n" + "\n".join(different[:20])
    assert known > 0  # the known differences are exercised, so a change of them shows up here


def test_a_planted_divergence_fails(judged: Judged) -> None:
    """A validator that accepted ``healthCheck: null`` would be caught (and so would one that crashed)."""
    texts, official, library = judged.texts, judged.official, judged.ours["library"]

    def accepts_null_health_checks(text: str) -> Verdict:
        return Verdict(True) if re.search(r"healthCheck\"?: null", text) else library[text]

    different, _, _ = disagreements(texts, official, accepts_null_health_checks)
    assert len(different) >= 3
    assert all("healthCheck" in line for line in different)

    def crashes_on_scopes(text: str) -> Verdict:
        return Verdict(False, crash="TypeError") if "scopes" in text else library[text]

    _, crashed, _ = disagreements(texts, official, crashes_on_scopes)
    assert crashed
