"""connect.yaml validation and declaration: every rule, its path and its fix; the JSON the checks reuse."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from connect_as_code.connect_yaml.configuration_check import check_configuration
from connect_as_code.connect_yaml.document import (
    MAX_CONNECT_YAML_BYTES,
    ApplicationDeclaration,
    ConnectYamlInvalid,
    Declaration,
    SpecProblem,
    cron_range_problem,
    is_cron_schedule,
    parse_connect_yaml,
)

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed"
SEED_CONNECT_YAML = """\
deployAs:
  - name: cartExtension
    applicationType: service
    endpoint: /service
    scripts:
      postDeploy: npm install && npm run connector:post-deploy
      preUndeploy: npm install && npm run connector:pre-undeploy
    configuration:
      standardConfiguration:
        - key: CTP_PROJECT_KEY
          description: Project key of the commercetools Composable Commerce Project
          required: true
          default: 'default-key'
        - key: CTP_REGION
          description: Region where the commercetools Composable Commerce Project is hosted
          required: true
      securedConfiguration:
        - key: CTP_CLIENT_ID
          description: client_id of an API Client for the commercetools Composable Commerce Project
          required: true
        - key: CTP_CLIENT_SECRET
          description: secret of an API Client for the commercetools Composable Commerce Project
          required: true
        - key: CTP_SCOPE
          description: scope of an API Client for the commercetools Composable Commerce Project
"""


def problems_of(text: str, file: str = "connect.yaml") -> list[SpecProblem]:
    with pytest.raises(ConnectYamlInvalid) as caught:
        parse_connect_yaml(textwrap.dedent(text), file=file)
    return list(caught.value.problems)


def only_problem(text: str) -> SpecProblem:
    problems = problems_of(text)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def service(extra: str = "", configuration: str = "") -> str:
    return f"deployAs:\n  - name: api\n    applicationType: service\n    endpoint: /api\n{extra}{configuration}"


def keys(section: str, *entries: str) -> str:
    """A service whose configuration block has ``entries`` (flow mappings) in ``section``."""
    lines = "".join(f"        - {entry}\n" for entry in entries)
    return service(configuration=f"    configuration:\n      {section}Configuration:\n{lines}")


# --- the declaration ----------------------------------------------------------------------------------


def test_the_guide_s_connect_yaml_declares_one_service() -> None:
    declaration = parse_connect_yaml(SEED_CONNECT_YAML)
    (app,) = declaration.applications
    assert (app.name, app.application_type, app.endpoint, app.schedule) == (
        "cartExtension",
        "service",
        "/service",
        None,
    )
    assert [k.key for k in app.configuration.standard] == ["CTP_PROJECT_KEY", "CTP_REGION"]
    assert [(k.key, k.required) for k in app.configuration.secured] == [
        ("CTP_CLIENT_ID", True),
        ("CTP_CLIENT_SECRET", True),
        ("CTP_SCOPE", None),
    ]
    assert declaration.global_configuration is None
    assert declaration.api_client_scopes is None
    assert declaration.application("cartExtension") is app
    assert declaration.application("other") is None


def test_the_seed_fixture_is_the_same_file() -> None:
    text = (SEED / "first-connect-application.connect.yaml").read_text()
    assert parse_connect_yaml(text) == parse_connect_yaml(SEED_CONNECT_YAML)


def test_configurations_json_is_the_api_shape() -> None:
    declaration = parse_connect_yaml(SEED_CONNECT_YAML)
    assert declaration.configurations_json() == [
        {
            "applicationName": "cartExtension",
            "applicationType": "service",
            "standardConfiguration": [
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
            ],
            "securedConfiguration": [
                {
                    "key": "CTP_CLIENT_ID",
                    "description": "client_id of an API Client for the commercetools Composable Commerce Project",
                    "required": True,
                },
                {
                    "key": "CTP_CLIENT_SECRET",
                    "description": "secret of an API Client for the commercetools Composable Commerce Project",
                    "required": True,
                },
                {
                    "key": "CTP_SCOPE",
                    "description": "scope of an API Client for the commercetools Composable Commerce Project",
                },
            ],
        }
    ]
    assert declaration.global_configuration_json() is None
    assert declaration.connector_json() == {"configurations": declaration.configurations_json()}


def test_required_is_written_as_the_file_says() -> None:
    text = keys("standard", "{key: A_KEY, description: a, required: false}", "{key: B_KEY, description: b}")
    assert parse_connect_yaml(text).configurations_json()[0]["standardConfiguration"] == [
        {"key": "A_KEY", "description": "a", "required": False},
        {"key": "B_KEY", "description": "b"},
    ]


def test_inherit_as_gives_global_configuration_and_api_client() -> None:
    declaration = parse_connect_yaml(
        textwrap.dedent(
            """\
            inheritAs:
              configuration:
                standardConfiguration:
                  - {key: CTP_API_URL, description: API URL, required: true, default: 'https://api.example.com'}
                securedConfiguration:
                  - {key: SHARED_SECRET, description: Shared, required: true}
              apiClient:
                scopes: [manage_orders, view_products]
            deployAs:
              - {name: payments, applicationType: service, endpoint: /payments}
            """
        )
    )
    assert declaration.global_configuration_json() == {
        "standardConfiguration": [
            {"key": "CTP_API_URL", "description": "API URL", "required": True, "default": "https://api.example.com"}
        ],
        "securedConfiguration": [{"key": "SHARED_SECRET", "description": "Shared", "required": True}],
    }
    assert declaration.api_client_scopes == ("manage_orders", "view_products")
    assert declaration.connector_json()["apiClient"] == {"scopes": ["manage_orders", "view_products"]}
    assert declaration.configurations_json()[0]["standardConfiguration"] == []


def test_every_type_and_the_alias() -> None:
    declaration = parse_connect_yaml(
        textwrap.dedent(
            """\
            deployAs:
              - name: api
                applicationType: service
                endpoint: /api
                healthCheck: {path: /health, intervalSeconds: 10, timeoutSeconds: 5, unhealthyThreshold: 3}
              - name: listener
                applicationType: event
                endpoint: /listener
                healthCheck: {path: /health}
                retryPolicy:
                  {strategy: exponential-backoff, minBackoffSeconds: 10, maxBackoffSeconds: 600, maxAttempts: 5}
              - name: nightly
                applicationType: job
                endpoint: /nightly
                properties: {schedule: '0 2 * * *'}
              - name: backoffice
                applicationType: mc-app
                configuration:
                  standardConfiguration:
                    - {key: CUSTOM_APPLICATION_ID, description: id, required: true}
                    - {key: ENTRY_POINT_URI_PATH, description: path, required: true}
                    - {key: CLOUD_IDENTIFIER, description: cloud, default: gcp-eu}
              - name: productView
                applicationType: merchant-center-custom-view
                configuration:
                  standardConfiguration:
                    - {key: CUSTOM_VIEW_ID, description: id, required: true}
                    - {key: CLOUD_IDENTIFIER, description: cloud, required: true}
              - name: static
                applicationType: assets
              - name: experiment
                applicationType: unknown
                endpoint: /experiment
            """
        )
    )
    assert [(a.name, a.application_type) for a in declaration.applications] == [
        ("api", "service"),
        ("listener", "event"),
        ("nightly", "job"),
        ("backoffice", "merchant-center-custom-application"),
        ("productView", "merchant-center-custom-view"),
        ("static", "assets"),
    ]
    assert declaration.applications[2].schedule == "0 2 * * *"
    assert declaration.applications[5] == ApplicationDeclaration("static", "assets")


def test_the_declaration_feeds_the_deployment_check_unchanged() -> None:
    declaration = parse_connect_yaml(SEED_CONNECT_YAML)
    guide_configuration = {  # the guide's DeploymentDraft uses CT_* where the file declares CTP_*
        "cartExtension": {
            "standard": {"CT_PROJECT_KEY": "p", "CT_REGION": "europe-west1.gcp"},
            "secured": {"CT_CLIENT_ID": "id", "CT_CLIENT_SECRET": "secret"},
        }
    }
    problems = check_configuration(guide_configuration, declaration)
    reasons = {p.property: p.reason for p in problems}
    assert "did you mean 'CTP_REGION'?" in reasons["configurations.cartExtension.standard.CT_REGION"]
    assert "requires secured key CTP_CLIENT_ID" in reasons["configurations.cartExtension.secured.CTP_CLIENT_ID"]
    good = {
        "cartExtension": {
            "standard": {"CTP_REGION": "europe-west1.gcp"},
            "secured": {"CTP_CLIENT_ID": "id", "CTP_CLIENT_SECRET": "secret"},
        }
    }
    assert check_configuration(good, declaration) == []


def test_global_keys_are_checked_by_the_deployment_check() -> None:
    declaration = parse_connect_yaml(
        "inheritAs:\n  configuration:\n    securedConfiguration:\n"
        "      - {key: SHARED, description: s, required: true}\n"
        "deployAs:\n  - {name: api, applicationType: service, endpoint: /api}\n"
    )
    problems = check_configuration({}, declaration, {})
    assert [p.property for p in problems] == ["global_configuration.secured.SHARED"]


# --- problems: path, reason, fix ----------------------------------------------------------------------


INVALID = [
    ("inheritAs: {}\n", "deployAs", "is required"),
    ("deployAs: {name: api}\n", "deployAs", "must be a list of applications"),
    ("deployAs:\n  - just-a-name\n", "deployAs[0]", "must be a mapping"),
    (service().replace("name: api", "name: a"), "deployAs[0].name", "is not a valid application name"),
    (service().replace("name: api", "name: my api"), "deployAs[0].name", "2-256 letters, digits, '_' or '-'"),
    (service().replace("    applicationType: service\n", ""), "deployAs[0].applicationType", "is required"),
    (service().replace("Type: service", "Type: servce"), "deployAs[0].applicationType", "did you mean 'service'?"),
    (service().replace("    endpoint: /api\n", ""), "deployAs[0].endpoint", "is required for a service"),
    (service().replace("/api", "/my api"), "deployAs[0].endpoint", "is not a valid path"),
    (service().replace("/api", "/a//b"), "deployAs[0].endpoint", "must not contain '//'"),
    (service().replace("/api", "''"), "deployAs[0].endpoint", "is not a valid path"),
    (service("    replicas: 3\n"), "deployAs[0].replicas", "unknown field for a service application"),
    (service("    scripts: {postdeploy: run}\n"), "deployAs[0].scripts.postdeploy", "did you mean 'postDeploy'?"),
    (service("    scripts: {postDeploy: '  '}\n"), "deployAs[0].scripts.postDeploy", "not blank"),
    (service("    retryPolicy: {strategy: immediate}\n"), "deployAs[0].retryPolicy", "only event applications"),
    (service("    healthCheck: {intervalSeconds: 5}\n"), "deployAs[0].healthCheck.path", "is required"),
    (
        service("    healthCheck: {path: /health, intervalSeconds: 30}\n"),
        "deployAs[0].healthCheck.intervalSeconds",
        "whole number from 1 to 20",
    ),
    (
        service("    healthCheck: {path: /health, timeoutSeconds: true}\n"),
        "deployAs[0].healthCheck.timeoutSeconds",
        "whole number from 1 to 20",
    ),
    (
        service("    healthCheck: {path: /health, timeoutSeconds: 2.5}\n"),
        "deployAs[0].healthCheck.timeoutSeconds",
        "whole number from 1 to 20",
    ),
    (
        "deployAs:\n  - {name: nightly, applicationType: job, endpoint: /job}\n",
        "deployAs[0].properties",
        "is required for a job",
    ),
    (
        "deployAs:\n  - {name: nightly, applicationType: job, endpoint: /job, properties: {schedule: every day}}\n",
        "deployAs[0].properties.schedule",
        "is not a cron schedule",
    ),
    (
        "deployAs:\n  - {name: nightly, applicationType: job, endpoint: /job, properties: {schedule: '61 25 * * *'}}\n",
        "deployAs[0].properties.schedule",
        "'61 25 * * *' is not a valid schedule: minute 61 is outside 0-59",
    ),
    (
        "deployAs:\n  - {name: nightly, applicationType: job, endpoint: /job, properties: {}}\n",
        "deployAs[0].properties.schedule",
        "is required",
    ),
    (
        "deployAs:\n  - name: nightly\n    applicationType: job\n    endpoint: /job\n"
        "    properties: {schedule: '@daily'}\n    healthCheck: {path: /health}\n",
        "deployAs[0].healthCheck",
        "only service and event applications",
    ),
    (
        "deployAs:\n  - name: events\n    applicationType: event\n    endpoint: /events\n"
        "    retryPolicy: {strategy: exponential-backoff, minBackoffSeconds: 60, maxBackoffSeconds: 10}\n",
        "deployAs[0].retryPolicy.minBackoffSeconds",
        "is above maxBackoffSeconds",
    ),
    (
        "deployAs:\n  - name: events\n    applicationType: event\n    endpoint: /events\n"
        "    retryPolicy: {strategy: exponential-backoff, minBackoffSeconds: 1, maxBackoffSeconds: 10,\n"
        "                  maxAttempts: 3}\n",
        "deployAs[0].retryPolicy.maxAttempts",
        "from 5 to 100",
    ),
    (
        "deployAs:\n  - name: events\n    applicationType: event\n    endpoint: /events\n"
        "    retryPolicy: {strategy: linear}\n",
        "deployAs[0].retryPolicy.strategy",
        "use immediate or exponential-backoff",
    ),
    (
        "deployAs:\n  - {name: static, applicationType: assets, endpoint: /static}\n",
        "deployAs[0].endpoint",
        "has no endpoint",
    ),
    (
        "deployAs:\n  - {name: static, applicationType: assets, scripts: {postDeploy: x}}\n",
        "deployAs[0].scripts",
        "only a name and an applicationType",
    ),
    (
        keys("standard", "{key: port, description: p}"),
        "deployAs[0].configuration.standardConfiguration[0].key",
        "'port' is reserved by Connect",
    ),
    (
        keys("standard", "{key: MY-KEY, description: p}"),
        "deployAs[0].configuration.standardConfiguration[0].key",
        "use 2-256 letters, digits or '_'",
    ),
    (
        keys("standard", "{description: p}"),
        "deployAs[0].configuration.standardConfiguration[0].key",
        "is required",
    ),
    (
        keys("standard", "{key: A_KEY}"),
        "deployAs[0].configuration.standardConfiguration[0].description",
        "is required",
    ),
    (
        keys("standard", "{key: A_KEY, description: ' '}"),
        "deployAs[0].configuration.standardConfiguration[0].description",
        "not blank",
    ),
    (
        keys("standard", "{key: PORT_NO, description: p, default: 8080}"),
        "deployAs[0].configuration.standardConfiguration[0].default",
        "quote it ('8080')",
    ),
    (
        keys("standard", "{key: A_KEY, description: p, required: yes}"),
        "deployAs[0].configuration.standardConfiguration[0].required",
        "must be true or false",
    ),
    (
        keys("secured", "{key: A_KEY, description: p, default: x}"),
        "deployAs[0].configuration.securedConfiguration[0].default",
        "a secured key has no default",
    ),
    (
        service(
            configuration="    configuration:\n      standardConfiguration:\n        - {key: A_KEY, description: a}\n"
            "      securedConfiguration:\n        - {key: A_KEY, description: b}\n"
        ),
        "deployAs[0].configuration.securedConfiguration[0].key",
        "is already declared at deployAs[0].configuration.standardConfiguration[0]",
    ),
    (
        service(configuration="    configuration:\n      standard: []\n"),
        "deployAs[0].configuration.standard",
        "did you mean 'standardConfiguration'?",
    ),
    (
        service(configuration="    configuration:\n      standardConfiguration: {key: A_KEY}\n"),
        "deployAs[0].configuration.standardConfiguration",
        "must be a list",
    ),
    (
        "inheritAs:\n  configuration:\n    standardConfiguration:\n      - {key: SHARED, description: s}\n"
        + keys("standard", "{key: SHARED, description: s}"),
        "deployAs[0].configuration.standardConfiguration[0].key",
        "already a global key (inheritAs.configuration.standardConfiguration)",
    ),
    ("inheritAs:\n  apiClient: {scopes: []}\n" + service(), "inheritAs.apiClient.scopes", "at least one scope"),
    ("inheritAs:\n  apiClient: {scopes: ['']}\n" + service(), "inheritAs.apiClient.scopes[0]", "not empty"),
    ("inheritAs:\n  apiclient: {scopes: [a]}\n" + service(), "inheritAs.apiclient", "did you mean 'apiClient'?"),
    ("deployas:\n  - {name: api}\n", "deployas", "did you mean 'deployAs'?"),
]


@pytest.mark.parametrize(("text", "path", "fragment"), INVALID)
def test_a_problem_names_its_path_and_the_fix(text: str, path: str, fragment: str) -> None:
    problems = problems_of(text)
    matching = [p for p in problems if p.path == path]
    assert matching, [str(p) for p in problems]
    assert fragment in matching[0].reason, str(matching[0])


def test_duplicate_application_names() -> None:
    problem = only_problem(service() + "  - name: api\n    applicationType: job\n    endpoint: /job\n"
                           "    properties: {schedule: '@daily'}\n")  # fmt: skip
    assert problem.path == "deployAs[1].name"
    assert problem.reason == "'api' is already the name of deployAs[0]: names must be unique"


def test_every_problem_is_reported_at_once_with_the_file_name() -> None:
    problems = problems_of(
        """\
        deployAs:
          - name: x
            applicationType: service
            endpoint: /service
            replicas: 3
            configuration:
              standardConfiguration:
                - key: PORT
                  description: The port
        """,
        file="connect.yaml at tag '1.0.0' of github.com/abc/invalid-connector",
    )
    assert [str(p) for p in problems] == [
        "connect.yaml at tag '1.0.0' of github.com/abc/invalid-connector: deployAs[0].name: 'x' is not a valid "
        "application name: use 2-256 letters, digits, '_' or '-'",
        "connect.yaml at tag '1.0.0' of github.com/abc/invalid-connector: deployAs[0].replicas: unknown field for "
        "a service application: remove it (allowed: name, applicationType, configuration, scripts, endpoint, "
        "healthCheck)",
        "connect.yaml at tag '1.0.0' of github.com/abc/invalid-connector: "
        "deployAs[0].configuration.standardConfiguration[0].key: 'PORT' is reserved by Connect (PORT, K_SERVICE, "
        "K_REVISION, K_CONFIGURATION): rename the key",
    ]


# --- Merchant Center rules ------------------------------------------------------------------------------


def mc_app(standard: str, secured: str = "", inherit: str = "") -> str:
    return (
        f"{inherit}deployAs:\n  - name: backoffice\n    applicationType: merchant-center-custom-application\n"
        f"    configuration:\n      standardConfiguration:\n{standard}{secured}"
    )


MC_KEYS = (
    "        - {key: CUSTOM_APPLICATION_ID, description: id, required: true}\n"
    "        - {key: ENTRY_POINT_URI_PATH, description: path, required: true}\n"
)
CLOUD = "        - {key: CLOUD_IDENTIFIER, description: cloud, required: true}\n"


def test_a_complete_custom_application_is_valid() -> None:
    assert parse_connect_yaml(mc_app(MC_KEYS + CLOUD)).applications[0].configuration.keys() == (
        "CUSTOM_APPLICATION_ID",
        "ENTRY_POINT_URI_PATH",
        "CLOUD_IDENTIFIER",
    )


def test_custom_application_needs_its_keys_required() -> None:
    problem = only_problem(mc_app(MC_KEYS.replace("path, required: true", "path") + CLOUD))
    assert problem.path == "deployAs[0].configuration.standardConfiguration"
    assert problem.reason == "ENTRY_POINT_URI_PATH must have required: true in a merchant-center-custom-application"
    problem = only_problem(mc_app(MC_KEYS.split("\n", 1)[1] + CLOUD))
    assert "needs the key CUSTOM_APPLICATION_ID with required: true: add it" in problem.reason


def test_custom_application_has_no_secrets() -> None:
    secured = "      securedConfiguration:\n        - {key: SECRET, description: s}\n"
    problem = only_problem(mc_app(MC_KEYS + CLOUD, secured))
    assert problem.path == "deployAs[0].configuration.securedConfiguration"
    assert "have no secured configuration" in problem.reason


def test_cloud_identifier_in_the_application_or_required_globally() -> None:
    problem = only_problem(mc_app(MC_KEYS))
    assert "needs CLOUD_IDENTIFIER with required: true or a default" in problem.reason
    with_default = "        - {key: CLOUD_IDENTIFIER, description: cloud, default: gcp-eu}\n"
    assert parse_connect_yaml(mc_app(MC_KEYS + with_default))
    inherit = (
        "inheritAs:\n  configuration:\n    standardConfiguration:\n"
        "      - {key: CLOUD_IDENTIFIER, description: cloud, required: true}\n"
    )
    assert parse_connect_yaml(mc_app(MC_KEYS, inherit=inherit)).global_configuration is not None


def test_custom_view_needs_its_id() -> None:
    text = (
        "deployAs:\n  - name: view\n    applicationType: merchant-center-custom-view\n    configuration:\n"
        "      standardConfiguration:\n        - {key: CUSTOM_VIEW_ID, description: id}\n" + CLOUD
    )
    assert only_problem(text).reason == "CUSTOM_VIEW_ID must have required: true in a merchant-center-custom-view"


# --- cron -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "schedule",
    [
        "@daily",
        "@reboot",
        "@every 1h30m",
        "0 2 * * *",
        "*/5 * * * *",
        "0 0 1-15 * MON-FRI",
    ],
)
def test_cron_schedules(schedule: str) -> None:
    assert is_cron_schedule(schedule)


@pytest.mark.parametrize(
    "schedule",
    [
        "",
        "every day",
        "* * * *",
        "0  2 * * *",
        "@often",
        "* * * * * * * *",
        "0 2 * * *;",
        # Not five numbers or stars in a row: the specification's pattern finds no schedule in them.
        "0 0 12 ? * MON-FRI *",
        "0 0 L * ?",
        "0 0 ? * 5#3",
    ],
)
def test_not_cron_schedules(schedule: str) -> None:
    assert not is_cron_schedule(schedule)


@pytest.mark.parametrize(
    ("schedule", "problem"),
    [
        ("61 25 * * *", "minute 61 is outside 0-59"),
        ("0 24 * * *", "hour 24 is outside 0-23"),
        ("0 0 0 * *", "day of month 0 is outside 1-31"),
        ("0 0 1 13 *", "month 13 is outside 1-12"),
        ("0 0 * * 8", "day of week 8 is outside 0-7"),
        ("0 0 * * 1-9", "day of week 9 is outside 0-7"),
        ("*/0 * * * *", "minute step /0 must be at least 1"),
        ("0 0 1,32 * *", "day of month 32 is outside 1-31"),
        ("60 0 0 * * *", "second 60 is outside 0-59"),
        ("0 0 0 1 * ? 1900", "year 1900 is outside 1970-2099"),
    ],
)
def test_cron_fields_out_of_range_are_named(schedule: str, problem: str) -> None:
    assert is_cron_schedule(schedule)  # well formed: only the ranges are wrong
    assert cron_range_problem(schedule) == problem


@pytest.mark.parametrize(
    "schedule",
    ["@daily", "@every 1h30m", "59 23 31 12 7", "*/15 0-23 1-31 1-12 0-7", "0 0 12 ? * MON-FRI *", "0 0 L * ?",
     "0 0 ? * 5#3", "0 0 1 JAN,FEB MON", "0 0 0 * * ? 2030"],
)  # fmt: skip
def test_cron_fields_in_range_pass(schedule: str) -> None:
    assert cron_range_problem(schedule) is None


# --- YAML -----------------------------------------------------------------------------------------------


def test_yaml_syntax_error_names_the_line() -> None:
    problem = only_problem("deployAs:\n  - name: api\n   applicationType: service\n")
    assert problem.path.startswith("line 3, column ")
    assert "not valid YAML" in problem.reason


def test_aliases_are_read_as_the_yaml_package_reads_them() -> None:
    text = (
        "deployAs:\n  - {name: &n api, applicationType: service, endpoint: /api}\n"
        "  - {name: *n, applicationType: assets}\n"
    )
    assert only_problem(text).path == "deployAs[1].name"  # the alias is 'api', given twice


def test_an_alias_expanding_into_a_huge_file_is_refused() -> None:
    ten = ", ".join(["*a"] * 10)
    text = f"a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [{ten}]\nc: [{ten.replace('a', 'b')}]\n" + service()
    problem = only_problem(text)
    assert problem.path == "(file)"
    assert "excessive aliasing" in problem.reason


def test_duplicate_keys_are_refused() -> None:
    problem = only_problem(service().replace("    endpoint: /api\n", "    endpoint: /api\n    endpoint: /b\n"))
    assert problem.path == "line 5, column 5"
    assert "the key 'endpoint' appears twice" in problem.reason


def test_python_tags_are_plain_values() -> None:
    """A tag the YAML 1.2 core schema does not know is ignored, as the yaml package does; nothing is run."""
    problem = only_problem("deployAs: !!python/object/apply:os.system ['true']\n")
    assert (problem.path, problem.reason) == (
        "deployAs[0]",
        "must be a mapping (name, applicationType, ...), not a string",
    )


def test_size_is_capped() -> None:
    problem = only_problem(service() + "#" * MAX_CONNECT_YAML_BYTES)
    assert problem.path == "(file)"
    assert f"at most {MAX_CONNECT_YAML_BYTES} bytes" in problem.reason


@pytest.mark.parametrize(("text", "reason"), [("", "is empty"), ("- a\n", "must be a mapping with a deployAs list")])
def test_not_a_document(text: str, reason: str) -> None:
    assert reason in only_problem(text).reason


def test_yaml_1_2_core_schema() -> None:
    """``yes``, dates and octal-looking words stay strings, as in the JavaScript tools."""
    text = service(
        configuration="    configuration:\n      standardConfiguration:\n"
        "        - {key: A_DATE, description: d, default: 2024-01-01}\n"
        "        - {key: A_WORD, description: w, default: no}\n"
        "        - {key: A_ZIP, description: z, default: 0123_4}\n"
    )
    standard = parse_connect_yaml(text).applications[0].configuration.standard
    assert [k.default for k in standard] == ["2024-01-01", "no", "0123_4"]


def test_numbers_of_the_core_schema_are_numbers() -> None:
    declaration = parse_connect_yaml(
        service("    healthCheck: {path: /h, intervalSeconds: 0x0a, timeoutSeconds: 0o7}\n")
    )
    assert isinstance(declaration, Declaration)
    problem = only_problem(service("    healthCheck: {path: /h, intervalSeconds: 010.5e1}\n"))
    assert problem.path == "deployAs[0].healthCheck.intervalSeconds"


def test_the_parser_loads_neither_httpx_nor_pydantic_nor_pulumi() -> None:
    """The parser is pure: the emulator and the validator's differential test use it without any I/O.

    Reading a connector's sources (``connect_yaml.sources``) imports httpx at module top, like the
    rest of the library: the preview verifies credentials with the client anyway.
    """
    code = (
        "import sys, connect_as_code.connect_yaml.document\n"
        "heavy = [m for m in ('httpx', 'pydantic', 'pulumi') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_an_empty_deploy_as_declares_no_application() -> None:
    """The specification's ``deployAs`` has no minimum length."""
    assert parse_connect_yaml("deployAs: []\n").applications == ()


@pytest.mark.parametrize(
    ("text", "path"),
    [
        (service("    configuration: null\n"), "deployAs[0].configuration"),
        (service("    scripts:\n"), "deployAs[0].scripts"),
        (service("    healthCheck: ~\n"), "deployAs[0].healthCheck"),
        ("inheritAs:\n" + service(), "inheritAs"),
        ("inheritAs: {configuration: null}\n" + service(), "inheritAs.configuration"),
        (
            service(configuration="    configuration:\n      standardConfiguration: null\n"),
            "deployAs[0].configuration.standardConfiguration",
        ),
    ],
)
def test_an_optional_field_written_empty_is_a_problem(text: str, path: str) -> None:
    """Left out is fine; written empty (null) is not, as in the specification, where nothing is nullable."""
    problem = only_problem(text)
    assert problem.path == path
    assert problem.reason.endswith("not empty")
