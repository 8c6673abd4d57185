"""Secured configuration values never leave the emulator in clear, and are not stored either."""

from __future__ import annotations

from pathlib import Path

from connect_as_code.emulator import PROFILES, Settings, run_in_thread
from tests.emulator.support import PROJECT, Env, authorize, deployment_draft, published_connector, settle_deployment

SECRETS = ["s3cr3t-client-id-4711", "s3cr3t-client-secret-4712", "s3cr3t-scope-4713", "s3cr3t-global-4714"]


def _configurations(prefix: str = "") -> list[dict[str, object]]:
    return [
        {
            "applicationName": "cartExtension",
            "standardConfiguration": [{"key": "CTP_REGION", "value": "europe-west1.gcp"}],
            "securedConfiguration": [
                {"key": "CTP_CLIENT_ID", "value": prefix + SECRETS[0]},
                {"key": "CTP_CLIENT_SECRET", "value": prefix + SECRETS[1]},
            ],
        }
    ]


def test_secured_values_never_appear(env: Env) -> None:
    published_connector(env)
    path = f"/{PROJECT}/deployments/key=my-first-deployment"
    seen: list[str] = []
    seen.append(
        env.client.post(f"/{PROJECT}/deployments", json=deployment_draft(configurations=_configurations())).text
    )
    settle_deployment(env)
    env.advance(5)
    seen.append(env.client.get(path).text)
    seen.append(env.client.get(f"/{PROJECT}/deployments").text)
    seen.append(env.client.get(f"{path}/logs").text)
    redeploy_values = [
        {
            "applicationName": "cartExtension",
            "standardConfiguration": [],
            "securedConfiguration": [{"key": "CTP_SCOPE", "value": SECRETS[2]}],
        }
    ]
    seen.append(
        env.client.post(
            path, json={"version": 1, "actions": [{"action": "redeploy", "configurationValues": redeploy_values}]}
        ).text
    )
    unknown = [
        {
            "applicationName": "cartExtension",
            "standardConfiguration": [],
            "securedConfiguration": [{"key": "NOPE", "value": SECRETS[3]}],
        }
    ]
    seen.append(
        env.client.post(
            path, json={"version": 2, "actions": [{"action": "redeploy", "configurationValues": unknown}]}
        ).text
    )
    seen.append(
        env.client.post(
            f"/{PROJECT}/deployments", json=deployment_draft(key="bad", configurations=[{**unknown[0]}])
        ).text
    )
    seen.append(
        env.client.post(
            f"/{PROJECT}/deployments",
            json={
                "connector": {"key": "abc-first-connector"},
                "configurations": [{"securedConfiguration": [{"key": "K", "value": SECRETS[3]}]}],
            },
        ).text
    )
    settle_deployment(env)
    seen.append(env.client.get(f"{path}/revisions").text)
    seen.append(env.client.get(f"{path}/revisions/2").text)
    seen.append(env.client.post(f"{path}/revisions/1/rollback", json={"version": 2}).text)
    settle_deployment(env)
    seen.append(env.client.get(f"{path}/revisions/3").text)
    seen.append(env.client.delete(path).text)
    for admin in ["/_emulator/requests", "/_emulator/events", "/_emulator/stats", "/_emulator/outcomes"]:
        seen.append(env.anon.get(admin, params={"limit": 10_000} if admin.endswith("requests") else {}).text)
    blob = "\n".join(seen)
    assert "********" in blob
    for secret in SECRETS:
        assert secret not in blob


def test_state_file_holds_no_secrets(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    with run_in_thread(Settings(state_file=state, durations=PROFILES["fast"])) as handle:
        import httpx

        with httpx.Client(base_url=handle.url) as http:
            token = authorize(http)
            http.post(
                "/connectors/drafts",
                json={
                    "key": "abc-first-connector",
                    "name": "n",
                    "creator": {"email": "a@b.co"},
                    "repository": {"url": "https://github.com/abc/first-connect-application", "tag": "0.0.0"},
                },
            )
            http.post(
                "/connectors/drafts/key=abc-first-connector",
                json={"version": 1, "actions": [{"action": "publish", "certification": False}]},
            )
            import time

            time.sleep(0.15)
            response = http.post(f"/{PROJECT}/deployments", json=deployment_draft(configurations=_configurations()))
            assert response.status_code == 201, response.text
            time.sleep(0.15)
            revisions = http.get(f"/{PROJECT}/deployments/key=my-first-deployment/revisions").json()
            assert [r["revisionNumber"] for r in revisions] == [1]
    data = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    for secret in [*SECRETS[:2], token, "connect-emulator-secret"]:
        assert secret.encode() not in data
