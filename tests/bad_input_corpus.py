"""A corpus of invalid declarations and settings: each must fail early, naming what is wrong and the fix.

``phase`` is where a case must fail: at ``pulumi preview`` (the providers' ``check``, or reading the
settings) where the mistake can be known there, else at the start of ``pulumi up``. Nothing is ever
created. ``tests/providers/test_bad_input.py`` runs every case against the providers in process;
``tests/e2e/test_bad_input.py`` runs a sample under the real engine, to show what a user sees.
"""

from __future__ import annotations

from typing import Any

REPOSITORY = {"url": "https://github.com/abc/first-connect-application.git", "tag": "0.0.0"}
STAGED: dict[str, Any] = {
    "key": "abc-first-connector",
    "name": "Abc",
    "creator": {"email": "john.doe@example.com"},
    "repository": REPOSITORY,
}
SEED_CONFIG = {
    "cartExtension": {
        "standard": {"CTP_PROJECT_KEY": "demo-project", "CTP_REGION": "europe-west1.gcp"},
        "secured": {"CTP_CLIENT_ID": "id", "CTP_CLIENT_SECRET": "secret"},
    }
}
DEPLOYMENT: dict[str, Any] = {
    "key": "preview-1",
    "connector_key": "abc-first-connector",
    "staged": True,
    "region": "europe-west1.gcp",
    "configurations": SEED_CONFIG,
}


def staged(**changes: Any) -> dict[str, Any]:
    return {"kind": "ConnectorStaged", "args": {**STAGED, **changes}}


def deployment(**changes: Any) -> dict[str, Any]:
    args = {**DEPLOYMENT, **changes}
    return {"kind": "Deployment", "args": {k: v for k, v in args.items() if v is not None}}


def without(declaration: dict[str, Any], name: str) -> dict[str, Any]:
    return {**declaration, "args": {k: v for k, v in declaration["args"].items() if k != name}}


# (case id, declaration, extra stack config, phase, texts the message must contain)
CASES: list[tuple[str, dict[str, Any], dict[str, str], str, list[str]]] = [
    ("key-too-short", staged(key="a"), {}, "preview", ["property key value", "'a' is not a valid key: use 2-256"]),
    ("key-with-space", staged(key="abc first"), {}, "preview", ["'abc first' is not a valid key"]),
    ("key-missing", without(staged(), "key"), {}, "preview", ["missing 1 required keyword-only argument: 'key'"]),
    ("name-empty", staged(name=" "), {}, "preview", ["property name value", "is required and must be a non-empty"]),
    ("name-not-text", staged(name=5), {}, "preview", ["property name value", "must be a non-empty string"]),
    (
        "creator-email",
        staged(creator={"email": "john"}),
        {},
        "preview",
        ["property creator.email", "'john' is not an e-mail address (expected name@example.com)"],
    ),
    (
        "creator-typo",
        staged(creator={"email": "a@b.co", "compnay": "abc"}),
        {},
        "preview",
        ["property creator.compnay", "unknown creator field; did you mean 'company'?"],
    ),
    ("creator-no-email", staged(creator={"name": "x"}), {}, "preview", ["property creator.email", "is required"]),
    (
        "contributors-zero",
        staged(creator={"email": "a@b.co", "no_of_contributors": 0}),
        {},
        "preview",
        ["property creator.no_of_contributors", "must be a whole number of at least 1"],
    ),
    (
        "repository-ftp",
        staged(repository={"url": "ftp://github.com/a/b", "tag": "1"}),
        {},
        "preview",
        ["property repository.url", "is not a GitHub repository URL: use https://github.com/<owner>/<repo>.git"],
    ),
    (
        "repository-gitlab",
        staged(repository={"url": "https://gitlab.com/a/b.git", "tag": "1"}),
        {},
        "preview",
        ["property repository.url", "git@github.com:<owner>/<repo>.git"],
    ),
    (
        "repository-no-tag",
        staged(repository={"url": REPOSITORY["url"], "tag": ""}),
        {},
        "preview",
        ["property repository.tag", "is required"],
    ),
    (
        "region-typo",
        staged(supported_regions=["europe-west1"]),
        {},
        "preview",
        ["property supported_regions[0]", "did you mean 'europe-west1.gcp'?"],
    ),
    (
        "regions-empty",
        staged(supported_regions=[]),
        {},
        "preview",
        ["property supported_regions", "must contain at least one value"],
    ),
    (
        "integration-type",
        staged(integration_types=["payments"]),
        {},
        "preview",
        ["property integration_types[0]", "'payments' is not one of tax, marketplace"],
    ),
    (
        "project-identifier",
        staged(private_projects=["my-project"]),
        {},
        "preview",
        ["property private_projects[0]", "is not a project identifier: use '<region>:<projectKey>'"],
    ),
    (
        "project-region",
        staged(private_projects=["europe-west9.gcp:shop"]),
        {},
        "preview",
        ["names an unknown region 'europe-west9.gcp'; did you mean 'europe-west1.gcp'?"],
    ),
    (
        "documentation-url",
        staged(documentation_url="docs"),
        {},
        "preview",
        ["property documentation_url", "'docs' is not an http(s) URL"],
    ),
    (
        "publish-mode",
        staged(publish="public"),
        {},
        "preview",
        ["property publish", "'public' is not one of none, private, certification"],
    ),
    ("previewable-text", staged(previewable="yes"), {}, "preview", ["property previewable", "must be true or false"]),
    (
        "timeout-negative",
        staged(timeouts={"previewable": -5}),
        {},
        "preview",
        ["property timeouts.previewable", "must be a number of seconds greater than 0"],
    ),
    (
        "timeout-unknown",
        staged(timeouts={"deploy": 5}),
        {},
        "preview",
        ["property timeouts.deploy", "unknown timeout; use previewable, publish"],
    ),
    ("deployment-key", deployment(key="x"), {}, "preview", ["property key value", "'x' is not a valid key"]),
    (
        "deployment-region",
        deployment(region="eu"),
        {},
        "preview",
        ["property region value", "'eu' is not one of europe-west1.gcp"],
    ),
    (
        "deployment-type",
        deployment(deployment_type="prod"),
        {},
        "preview",
        ["property deployment_type", "did you mean 'production'?"],
    ),
    (
        "staged-as-production",
        deployment(deployment_type="production"),
        {},
        "preview",
        ["property deployment_type", "a staged connector can only be deployed as 'preview'"],
    ),
    (
        "published-as-preview",
        deployment(staged=False, deployment_type="preview"),
        {},
        "preview",
        ["property deployment_type", "'preview' deploys a staged connector: set staged=True"],
    ),
    (
        "no-connector",
        deployment(connector_key=None),
        {},
        "preview",
        ["property connector_key", "set connector_key or connector_id (or pass connector=)"],
    ),
    (
        "two-connectors",
        deployment(connector_id="c-1"),
        {},
        "preview",
        ["property connector_id", "set either connector_key or connector_id, not both"],
    ),
    (
        "section-typo",
        deployment(configurations={"cartExtension": {"secure": {"A": "b"}}}),
        {},
        "preview",
        [
            "property configurations.cartExtension.secure",
            "unknown section; use standard, secured, schedule, retry_policy; did you mean 'secured'?",
        ],
    ),
    (
        "value-not-text",
        deployment(configurations={"cartExtension": {"standard": {"CTP_REGION": 1}}}),
        {},
        "preview",
        ["property configurations.cartExtension.standard.CTP_REGION", "value must be a string"],
    ),
    (
        "schedule",
        deployment(configurations={"job": {"schedule": "every day"}}),
        {},
        "preview",
        ["property configurations.job.schedule", "'every day' is not a cron schedule"],
    ),
    (
        "schedule-out-of-range",
        deployment(configurations={"job": {"schedule": "61 25 * * *"}}),
        {},
        "preview",
        ["property configurations.job.schedule", "'61 25 * * *' is not a valid schedule: minute 61 is outside 0-59"],
    ),
    (
        "region-unsupported",
        deployment(region="us-central1.gcp"),
        {},
        "preview",
        [
            "property region",
            "connector 'abc-first-connector' does not support region 'us-central1.gcp' (its supported_regions: "
            "'europe-west1.gcp'). Set region to one of them, or add 'us-central1.gcp' to the connector's "
            "supported_regions",
        ],
    ),
    (
        "project-not-private",
        deployment(project_key="other-project"),
        {},
        "preview",
        [
            "property project_key",
            "project 'other-project' may not deploy connector 'abc-first-connector': a staged connector goes only "
            "to its private_projects ('demo-project') and its creator's project 'demo-project'. Add "
            "'europe-west1.gcp:other-project' to the connector's private_projects",
        ],
    ),
    (
        "project-key",
        deployment(project_key="a b"),
        {},
        "preview",
        ["property project_key", "'a b' is not a project key"],
    ),
    (
        "unknown-key",
        deployment(configurations={"cartExtension": {**SEED_CONFIG["cartExtension"], "standard": {"CTP_REGIN": "x"}}}),
        {},
        "preview",
        ["property configurations.cartExtension.standard.CTP_REGIN", "did you mean 'CTP_REGION'?"],
    ),
    (
        "unknown-application",
        deployment(configurations={"cart": SEED_CONFIG["cartExtension"]}),
        {},
        "preview",
        ["the connector has no application 'cart' (it declares: cartExtension)"],
    ),
    (
        "missing-required-key",
        deployment(configurations={"cartExtension": {"standard": {"CTP_REGION": "r"}}}),
        {},
        "preview",
        [
            "property configurations.cartExtension.secured.CTP_CLIENT_ID",
            "application 'cartExtension' requires secured key CTP_CLIENT_ID",
        ],
    ),
    (
        "settings-region",
        staged(),
        {"connect:region": "europe"},
        "preview",
        ["connect:region (CTP_REGION) is 'europe'; use one of: europe-west1.gcp"],
    ),
    (
        "settings-url",
        staged(),
        {"connect:connectUrl": "localhost:8089"},
        "preview",
        [
            "connect:connectUrl (CTP_CONNECT_URL or CTP_CLI_CONNECT_API_URL) is 'localhost:8089'; "
            "it must be an http(s) URL"
        ],
    ),
    ("adopt-not-bool", staged(adopt="yes"), {}, "preview", ["property adopt value", "'yes' must be true or false"]),
    (
        "deployment-adopt-not-bool",
        deployment(adopt="yes"),
        {},
        "preview",
        ["property adopt value", "'yes' must be true or false"],
    ),
    (
        "settings-no-project",
        deployment(),
        {"connect:projectKey": ""},
        "preview",
        ["property project_key", "set project_key, or connect:projectKey (CTP_PROJECT_KEY)"],
    ),
    (
        "wrong-client-secret",
        staged(),
        {"connect:clientSecret": "wrong"},
        "preview",
        ["rejected the credentials of API client 'connect-emulator'", "Check clientId and clientSecret"],
    ),
    (
        "settings-unresolvable-host",
        staged(),
        {"connect:authUrl": "http://auth.nowhere.invalid"},
        "preview",
        [
            "POST /oauth/token to auth.nowhere.invalid failed: the host name 'auth.nowhere.invalid' does not "
            "resolve (the auth URL is set by connect:authUrl)",
            "(gave up after 2 attempts in ",
        ],
    ),
    (
        "missing-credentials",
        staged(),
        {"connect:clientId": "", "connect:clientSecret": ""},
        "up",
        ["cannot reach the Connect API: missing connect:clientId (CTP_CLIENT_ID), connect:clientSecret"],
    ),
]
