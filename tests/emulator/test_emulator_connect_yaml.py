"""connect.yaml specification v1: validation cases (table-driven) and derivation."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from connect_as_code.emulator.domain.connect_yaml import (
    SpecificationInvalid,
    is_valid_cron,
    load_document,
    parse_connect_yaml,
)
from connect_as_code.emulator.domain.repositories import FIXTURES_DIR

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed" / "first-connect-application.connect.yaml"
SEED_FIXTURE = FIXTURES_DIR / "abc/first-connect-application/0.0.0/connect.yaml"


def spec(body: str) -> str:
    return textwrap.dedent(body).strip() + "\n"


SERVICE = """
deployAs:
  - name: app
    applicationType: service
    endpoint: /app
{extra}
"""


def service(extra: str = "") -> str:
    return spec(SERVICE.format(extra=textwrap.indent(textwrap.dedent(extra).strip("\n"), "    ")))


def test_seed_fixture_is_the_seed_file() -> None:
    assert SEED.is_file(), f"the seed's connect.yaml is missing: {SEED}"
    assert SEED_FIXTURE.read_text() == SEED.read_text()
    assert "cartExtension" in SEED_FIXTURE.read_text()


def test_seed_derivation() -> None:
    derived = parse_connect_yaml(SEED_FIXTURE.read_text())
    assert derived.global_configuration is None
    assert derived.api_client is None
    [configuration] = derived.configurations()
    assert configuration["applicationName"] == "cartExtension"
    assert configuration["applicationType"] == "service"
    assert configuration["standardConfiguration"] == [
        {
            "key": "CTP_PROJECT_KEY",
            "description": "Project key of the commercetools Composable Commerce Project",
            "required": True,
            "default": "default-key",
        },
        {
            "key": "CTP_REGION",
            "description": "Region where the commercetools Composable Commerce Project is hosted",
            "required": True,
        },
    ]
    assert [k["key"] for k in configuration["securedConfiguration"]] == [
        "CTP_CLIENT_ID",
        "CTP_CLIENT_SECRET",
        "CTP_SCOPE",
    ]
    assert "required" not in configuration["securedConfiguration"][2]
    [application] = derived.applications
    assert application.post_deploy == "npm install && npm run connector:post-deploy"
    assert application.endpoint == "/service"


@pytest.mark.parametrize(
    "path", sorted(p for p in FIXTURES_DIR.glob("*/*/*/connect.yaml") if "invalid" not in str(p)), ids=str
)
def test_valid_fixtures_parse(path: Path) -> None:
    assert parse_connect_yaml(path.read_text()).applications


def test_invalid_fixture_lists_every_problem() -> None:
    with pytest.raises(SpecificationInvalid) as caught:
        parse_connect_yaml((FIXTURES_DIR / "abc/invalid-connector/1.0.0/connect.yaml").read_text())
    text = " | ".join(caught.value.problems)
    assert "name" in text and "'PORT' is a reserved key" in text and "replicas" in text


def test_inherit_as_and_api_client() -> None:
    derived = parse_connect_yaml((FIXTURES_DIR / "abc/inherit-connector/1.0.0/connect.yaml").read_text())
    assert derived.api_client == {"scopes": ["manage_orders", "view_products"]}
    assert derived.global_configuration is not None
    assert [k["key"] for k in derived.global_configuration["securedConfiguration"]] == ["SHARED_SECRET"]


def test_mc_app_alias_maps_to_api_type_and_unknown_is_dropped() -> None:
    derived = parse_connect_yaml(
        spec(
            """
            deployAs:
              - name: mc
                applicationType: mc-app
                configuration:
                  standardConfiguration:
                    - {key: CUSTOM_APPLICATION_ID, description: id, required: true}
                    - {key: ENTRY_POINT_URI_PATH, description: path, required: true}
                    - {key: CLOUD_IDENTIFIER, description: cloud, default: gcp-eu}
              - name: other
                applicationType: unknown
                endpoint: /x
            """
        )
    )
    assert [(a.name, a.application_type) for a in derived.applications] == [
        ("mc", "merchant-center-custom-application")
    ]


def test_job_schedule_and_event_app() -> None:
    derived = parse_connect_yaml((FIXTURES_DIR / "abc/multi-app-connector/1.0.0/connect.yaml").read_text())
    by_name = {a.name: a for a in derived.applications}
    assert by_name["cleanup"].schedule == "@daily"
    assert by_name["listener"].application_type == "event"
    assert by_name["static"].configuration == {
        "applicationName": "static",
        "applicationType": "assets",
        "standardConfiguration": [],
        "securedConfiguration": [],
    }


INVALID_CASES: list[tuple[str, str, str]] = [
    ("no deployAs", "inheritAs: {}\n", "deployAs: Field required"),
    ("unknown top-level key", service() + "extra: 1\n", "extra: Extra inputs are not permitted"),
    ("snake_case name is not an alias", "deploy_as: []\n", "deploy_as: Extra inputs are not permitted"),
    ("top level not a mapping", "- a\n- b\n", "must be a mapping"),
    ("yaml syntax", "deployAs: [\n", "not valid YAML"),
    (
        "yaml alias expanding too much",
        "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\ndeployAs: []\n",
        "excessive aliasing",
    ),
    ("a key given twice", "deployAs: []\ndeployAs: []\n", "appears twice"),
    (
        "yaml 1.2: yes is a string",
        service("configuration: {standardConfiguration: [{key: AB, description: d, required: yes}]}"),
        "required",
    ),
    ("an optional block written empty", service("healthCheck:"), "healthCheck must not be empty (null)"),
    (
        "unknown applicationType",
        "deployAs:\n  - {name: app, applicationType: lambda, endpoint: /x}\n",
        "applicationType",
    ),
    (
        "name too short",
        "deployAs:\n  - {name: a, applicationType: service, endpoint: /x}\n",
        "name: String should match",
    ),
    (
        "name with space",
        "deployAs:\n  - {name: 'a b', applicationType: service, endpoint: /x}\n",
        "name: String should match",
    ),
    ("missing endpoint", "deployAs:\n  - {name: app, applicationType: service}\n", "endpoint: Field required"),
    ("empty endpoint", "deployAs:\n  - {name: app, applicationType: service, endpoint: ''}\n", "endpoint"),
    (
        "endpoint with //",
        "deployAs:\n  - {name: app, applicationType: service, endpoint: /a//b}\n",
        "must not contain '//'",
    ),
    (
        "endpoint with space",
        "deployAs:\n  - {name: app, applicationType: service, endpoint: '/a b'}\n",
        "non-empty path",
    ),
    (
        "reserved key",
        service("configuration:\n  standardConfiguration:\n    - {key: PORT, description: port}"),
        "'PORT' is a reserved key",
    ),
    (
        "reserved key, case-insensitive",
        service("configuration:\n  securedConfiguration:\n    - {key: k_service, description: x}"),
        "'k_service' is a reserved key",
    ),
    (
        "key pattern",
        service("configuration:\n  standardConfiguration:\n    - {key: BAD-KEY, description: x}"),
        "key: String should match",
    ),
    (
        "key too short",
        service("configuration:\n  standardConfiguration:\n    - {key: A, description: x}"),
        "key: String should match",
    ),
    (
        "blank description",
        service("configuration:\n  standardConfiguration:\n    - {key: AB, description: '  '}"),
        "description: Value error, must not be empty",
    ),
    (
        "missing description",
        service("configuration:\n  standardConfiguration:\n    - {key: AB}"),
        "description: Field required",
    ),
    (
        "blank default",
        service("configuration:\n  standardConfiguration:\n    - {key: AB, description: x, default: ' '}"),
        "default: Value error",
    ),
    (
        "default is not a string",
        service("configuration:\n  standardConfiguration:\n    - {key: AB, description: x, default: 3}"),
        "default: Input should be a valid string",
    ),
    (
        "required is not a boolean",
        service("configuration:\n  standardConfiguration:\n    - {key: AB, description: x, required: 'yes'}"),
        "required: Input should be a valid boolean",
    ),
    (
        "secured key with a default",
        service("configuration:\n  securedConfiguration:\n    - {key: AB, description: x, default: y}"),
        "default: Extra inputs are not permitted",
    ),
    (
        "duplicate key across standard and secured",
        service(
            "configuration:\n  standardConfiguration:\n    - {key: AB, description: x}\n"
            "  securedConfiguration:\n    - {key: AB, description: y}"
        ),
        "'AB' is declared more than once",
    ),
    (
        "duplicate application names",
        "deployAs:\n  - {name: app, applicationType: service, endpoint: /a}\n"
        "  - {name: app, applicationType: event, endpoint: /b}\n",
        "application name 'app' is used more than once",
    ),
    (
        "global key repeated in an application",
        "inheritAs:\n  configuration:\n    standardConfiguration:\n      - {key: SHARED, description: x}\n"
        "deployAs:\n  - name: app\n    applicationType: service\n    endpoint: /a\n"
        "    configuration:\n      securedConfiguration:\n        - {key: SHARED, description: y}\n",
        "key 'SHARED' of application 'app' is already a global configuration key",
    ),
    (
        "blank script",
        service("scripts:\n  postDeploy: '   '"),
        "postDeploy: Value error, must not be empty",
    ),
    ("unknown script", service("scripts:\n  preDeploy: npm test"), "preDeploy: Extra inputs are not permitted"),
    (
        "health check interval out of range",
        service("healthCheck:\n  path: /health\n  intervalSeconds: 21"),
        "intervalSeconds: Input should be less than or equal to 20",
    ),
    (
        "health check bad path",
        service("healthCheck:\n  path: /a//b"),
        "path: Value error",
    ),
    (
        "job without properties",
        "deployAs:\n  - {name: job, applicationType: job, endpoint: /j}\n",
        "properties: Field required",
    ),
    (
        "job with an invalid schedule",
        "deployAs:\n  - {name: job, applicationType: job, endpoint: /j, properties: {schedule: 'every day'}}\n",
        "'every day' is not a valid cron expression",
    ),
    (
        "job with a schedule out of range",
        "deployAs:\n  - {name: job, applicationType: job, endpoint: /j, properties: {schedule: '0 24 * * *'}}\n",
        "'0 24 * * *' is not a valid cron expression: hour 24 is outside 0-23",
    ),
    (
        "retry policy min above max",
        "deployAs:\n  - name: ev\n    applicationType: event\n    endpoint: /e\n    retryPolicy:\n"
        "      {strategy: exponential-backoff, minBackoffSeconds: 100, maxBackoffSeconds: 10}\n",
        "minBackoffSeconds must not be greater than maxBackoffSeconds",
    ),
    (
        "retry policy attempts too low",
        "deployAs:\n  - name: ev\n    applicationType: event\n    endpoint: /e\n    retryPolicy:\n"
        "      {strategy: exponential-backoff, minBackoffSeconds: 1, maxBackoffSeconds: 10, maxAttempts: 4}\n",
        "maxAttempts: Input should be greater than or equal to 5",
    ),
    (
        "immediate retry with backoff fields",
        "deployAs:\n  - name: ev\n    applicationType: event\n    endpoint: /e\n    retryPolicy:\n"
        "      {strategy: immediate, minBackoffSeconds: 1}\n",
        "minBackoffSeconds: Extra inputs are not permitted",
    ),
    (
        "retry policy on a service",
        service("retryPolicy: {strategy: immediate}"),
        "retryPolicy: Extra inputs are not permitted",
    ),
    (
        "assets with an endpoint",
        "deployAs:\n  - {name: static, applicationType: assets, endpoint: /x}\n",
        "endpoint: Extra inputs are not permitted",
    ),
    (
        "mc app without its required keys",
        "deployAs:\n  - name: mc\n    applicationType: merchant-center-custom-application\n    configuration:\n"
        "      standardConfiguration:\n        - {key: CUSTOM_APPLICATION_ID, description: x, required: true}\n",
        "'ENTRY_POINT_URI_PATH' with required: true",
    ),
    (
        "mc app with an endpoint",
        "deployAs:\n  - {name: mc, applicationType: mc-app, endpoint: /x}\n",
        "endpoint: Extra inputs are not permitted",
    ),
    (
        "mc app with secured configuration",
        "deployAs:\n  - name: mc\n    applicationType: mc-app\n    configuration:\n      standardConfiguration:\n"
        "        - {key: CUSTOM_APPLICATION_ID, description: x, required: true}\n"
        "        - {key: ENTRY_POINT_URI_PATH, description: x, required: true}\n"
        "        - {key: CLOUD_IDENTIFIER, description: x, required: true}\n"
        "      securedConfiguration:\n        - {key: SECRET, description: x}\n",
        "securedConfiguration is not allowed",
    ),
    (
        "mc app without CLOUD_IDENTIFIER",
        "deployAs:\n  - name: mc\n    applicationType: mc-app\n    configuration:\n      standardConfiguration:\n"
        "        - {key: CUSTOM_APPLICATION_ID, description: x, required: true}\n"
        "        - {key: ENTRY_POINT_URI_PATH, description: x, required: true}\n",
        "needs CLOUD_IDENTIFIER",
    ),
    (
        "mc view without CUSTOM_VIEW_ID",
        "deployAs:\n  - name: view\n    applicationType: merchant-center-custom-view\n    configuration:\n"
        "      standardConfiguration:\n        - {key: CLOUD_IDENTIFIER, description: x, required: true}\n",
        "'CUSTOM_VIEW_ID' with required: true",
    ),
    (
        "api client without scopes",
        "inheritAs:\n  apiClient:\n    scopes: []\n" + service(),
        "scopes: List should have at least 1 item",
    ),
    ("api client with an empty scope", "inheritAs:\n  apiClient:\n    scopes: ['']\n" + service(), "scopes.0"),
]


@pytest.mark.parametrize(("case", "text", "expected"), INVALID_CASES, ids=[c[0] for c in INVALID_CASES])
def test_invalid_specifications(case: str, text: str, expected: str) -> None:
    with pytest.raises(SpecificationInvalid) as caught:
        load_document(text)
    assert any(expected in problem for problem in caught.value.problems), caught.value.problems


def test_mc_view_with_required_global_cloud_identifier_is_valid() -> None:
    text = (
        "inheritAs:\n  configuration:\n    standardConfiguration:\n"
        "      - {key: CLOUD_IDENTIFIER, description: cloud, required: true}\n"
        "deployAs:\n  - name: view\n    applicationType: merchant-center-custom-view\n    configuration:\n"
        "      standardConfiguration:\n        - {key: CUSTOM_VIEW_ID, description: x, required: true}\n"
    )
    assert parse_connect_yaml(text).applications[0].application_type == "merchant-center-custom-view"


def test_problems_never_quote_values() -> None:
    text = service("configuration:\n  standardConfiguration:\n    - {key: AB, description: x, default: 12345}")
    with pytest.raises(SpecificationInvalid) as caught:
        load_document(text)
    assert "12345" not in str(caught.value)


def test_oversized_file_is_rejected() -> None:
    with pytest.raises(SpecificationInvalid, match="at most"):
        load_document("#" * (300 * 1024))


@pytest.mark.parametrize(
    ("expression", "valid"),
    [
        ("@daily", True),
        ("@hourly", True),
        ("@reboot", True),
        ("@every 1h30m", True),
        ("@every 10s", True),
        ("* * * * 5", True),
        ("0 2 * * *", True),
        ("*/5 * * * *", True),
        ("0 0 1-15 JAN,FEB MON-FRI", False),  # the specification's pattern needs five numbers or stars in a row
        ("0 0 * * * *", True),
        ("0 0 0 * * ? 2030", True),
        ("@sometimes", False),
        ("@every", False),
        ("* * * *", False),
        ("* * * * * * * *", False),
        ("every day", False),
        ("* * * *  *", False),
    ],
)
def test_cron_expressions(expression: str, valid: bool) -> None:
    assert is_valid_cron(expression) is valid


# --- healthCheck (2026-10-23): service and event applications only ------------------------------------

MC_APP_KEYS = """
configuration:
  standardConfiguration:
    - {key: CUSTOM_APPLICATION_ID, description: id, required: true}
    - {key: ENTRY_POINT_URI_PATH, description: path, required: true}
    - {key: CLOUD_IDENTIFIER, description: cloud, required: true}
"""
APPLICATION_TYPES: dict[str, str] = {
    "service": "endpoint: /app",
    "event": "endpoint: /app",
    "job": "endpoint: /app\nproperties:\n  schedule: '0 1 * * *'",
    "merchant-center-custom-application": MC_APP_KEYS,
    "mc-app": MC_APP_KEYS,
    "merchant-center-custom-view": """
configuration:
  standardConfiguration:
    - {key: CUSTOM_VIEW_ID, description: id, required: true}
    - {key: CLOUD_IDENTIFIER, description: cloud, required: true}
""",
    "assets": "",
    "unknown": "endpoint: /app",
}
HEALTH_CHECK = "healthCheck:\n  path: /health\n  intervalSeconds: 10\n  timeoutSeconds: 5\n  unhealthyThreshold: 3"


def application(application_type: str, extra: str = "") -> str:
    lines = f"name: app\napplicationType: {application_type}\n{APPLICATION_TYPES[application_type].strip()}\n{extra}"
    body = textwrap.indent(lines.strip(), "    ")
    return "deployAs:\n" + "  - " + body.lstrip() + "\n"


@pytest.mark.parametrize("application_type", sorted(APPLICATION_TYPES))
def test_every_application_type_is_valid_without_a_health_check(application_type: str) -> None:
    load_document(application(application_type))


@pytest.mark.parametrize(
    ("application_type", "accepted"),
    [(kind, kind in {"service", "event"}) for kind in sorted(APPLICATION_TYPES)],
)
def test_health_check_only_for_service_and_event(application_type: str, accepted: bool) -> None:
    text = application(application_type, HEALTH_CHECK)
    if accepted:
        [app] = parse_connect_yaml(text).applications
        assert (app.name, app.application_type) == ("app", application_type)
        return
    with pytest.raises(SpecificationInvalid) as caught:
        parse_connect_yaml(text)
    assert caught.value.problems == [
        f"deployAs.0.{application_type}.healthCheck: only service and event applications may declare a healthCheck"
    ]


def test_a_health_check_needs_a_path() -> None:
    with pytest.raises(SpecificationInvalid) as caught:
        parse_connect_yaml(service("healthCheck:\n  intervalSeconds: 10"))
    assert caught.value.problems == ["deployAs.0.service.healthCheck.path: Field required"]


def test_fixtures_with_a_health_check() -> None:
    for path in ["abc/event-connector/1.0.0/connect.yaml", "abc/first-connect-application/0.0.2/connect.yaml"]:
        document = load_document((FIXTURES_DIR / path).read_text())
        assert any(getattr(app, "health_check", None) is not None for app in document.deploy_as), path
