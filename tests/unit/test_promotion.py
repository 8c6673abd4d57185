"""The promotion gate: a version is deployed only where the environment before runs it."""

from __future__ import annotations

from pulumi.output import Unknown

from connect_as_code.promotion import promotion_problems
from connect_as_code.validation import Problem

STAGING = {"environment": "staging", "connector_version": 3.0, "status": "Deployed"}


def test_the_version_staging_runs_may_be_promoted() -> None:
    assert promotion_problems(3, STAGING) == []


def test_a_version_staging_has_not_run_is_refused_with_what_staging_runs() -> None:
    assert promotion_problems(4, STAGING) == [
        Problem(
            "connector_version",
            "version 4 has not run in staging: staging runs version 3 (Deployed). Promote the version staging "
            "runs, or deploy version 4 to staging first",
        )
    ]


def test_a_version_that_failed_in_staging_is_refused() -> None:
    failed = {**STAGING, "status": "Failed"}
    assert "staging runs version 3 (Failed)" in promotion_problems(3, failed)[0].reason


def test_unknown_values_wait_for_up() -> None:
    assert promotion_problems(Unknown(), STAGING) == []  # type: ignore[no-untyped-call]
    assert promotion_problems(3, {**STAGING, "connector_version": Unknown()}) == []  # type: ignore[no-untyped-call]


def test_a_version_already_deployed_stays_whatever_the_environment_before_moved_on_to() -> None:
    from connect_as_code.deployment_model import promotion_gate_problems

    pinned = {"connector_version": 3, "promoted_from": {**STAGING, "connector_version": 4.0}}
    assert promotion_gate_problems({"connector_version": 3}, pinned) == []
    assert promotion_gate_problems({}, pinned)[0].property == "connector_version"
