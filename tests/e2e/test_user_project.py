"""A user's own Pulumi project, outside this repository, with the distribution installed from a wheel.

The project lives in a temporary folder with a fresh virtualenv that has nothing of this repository
but the built distribution. Its program declares the seed's connector and deployment inside a
ComponentResource of its own, next to a StackReference to a second stack and a small dynamic resource
of its own that consumes the deployment's service URL. It runs under the real engine against the
emulator: with the plain ``pulumi`` CLI when a Python language host is installed, otherwise through the
Automation API inside the user's virtualenv (a driver script of the user's). The output says which ran.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import textwrap
import venv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import PASSPHRASE, Emulator
from tools.plugin import build_wheel
from tools.stack import ROOT, has_language_host

FORBIDDEN_TOP_LEVEL = {"provider", "emulator", "bench", "tools", "tests"}


@dataclass
class UserVenv:
    """A fresh virtualenv outside the repository with the distribution (and its emulator extra) installed."""

    folder: Path

    @property
    def python(self) -> Path:
        return self.folder / "bin" / "python"

    def pip(self, *args: str) -> None:
        subprocess.run([str(self.python), "-m", "pip", "install", "--quiet", *args], check=True)

    def top_level_names(self) -> set[str]:
        """The top-level names the distribution installed (from its RECORD)."""
        script = (
            "import importlib.metadata as m; "
            "print('\\n'.join(sorted({f.parts[0] for f in m.files('connect-as-code') if f.parts[0] != '..'})))"
        )
        listed = subprocess.run([str(self.python), "-c", script], capture_output=True, text=True, check=True)
        return set(listed.stdout.split())


@contextlib.contextmanager
def building_from_the_checkout(shared: Path) -> Iterator[None]:
    """One build from this checkout at a time: pip builds a source folder in place (its ``build/``), so two
    test processes building at once break each other's build (``No such file or directory``)."""
    with (shared / "checkout-build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def shared_folder(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """A folder of this test session that every xdist worker sees (this process's own when not distributed)."""
    base = tmp_path_factory.getbasetemp()
    return base if worker_id == "master" else base.parent


@pytest.fixture(scope="module")
def user_venv(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> UserVenv:
    """The user's virtualenv, built once per test session and shared by the workers (no test changes it)."""
    shared = shared_folder(tmp_path_factory, worker_id)
    folder, dist = shared / "user-venv", shared / "user-dist"
    with building_from_the_checkout(shared):
        if not (folder / "ready").exists():
            shutil.rmtree(folder, ignore_errors=True)
            dist.mkdir(exist_ok=True)
            wheel = build_wheel(dist)
            venv.create(folder, with_pip=True)
            UserVenv(folder).pip(f"{wheel}[emulator]", "pytest>=8,<10")
            (folder / "ready").touch()
    return UserVenv(folder)


def test_the_distribution_installs_with_its_own_name_and_types(user_venv: UserVenv) -> None:
    names = user_venv.top_level_names()
    assert names == {"connect_as_code", f"connect_as_code-{_version()}.dist-info"}
    assert not names & FORBIDDEN_TOP_LEVEL
    probe = (
        "import importlib.resources as r, connect_as_code as c; "
        "print(c.__version__, r.files('connect_as_code').joinpath('py.typed').is_file(), "
        "c.DeploymentProvider.__module__)"
    )
    shown = subprocess.run([str(user_venv.python), "-c", probe], capture_output=True, text=True, check=True, cwd="/")
    assert shown.stdout.split() == [_version(), "True", "connect_as_code.deployment"]
    usage = subprocess.run(
        [str(user_venv.folder / "bin" / "connect-as-code-emulator"), "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert usage.stdout.startswith("usage: connect-as-code-emulator")


@pytest.mark.parametrize("source", ["path", "git"])
def test_pip_installs_a_clone_by_path_and_by_git_url(
    tmp_path_factory: pytest.TempPathFactory, worker_id: str, tmp_path: Path, source: str
) -> None:
    if not (ROOT / ".git").exists():
        pytest.fail("this check needs the repository's git history (a clone)")
    folder = tmp_path / "venv"  # a virtualenv of its own: the shared one stays as the other tests expect it
    venv.create(folder, with_pip=True)
    user = UserVenv(folder)
    if source == "path":
        with building_from_the_checkout(shared_folder(tmp_path_factory, worker_id)):
            user.pip("--no-deps", str(ROOT))
    else:
        user.pip("--no-deps", f"git+file://{ROOT}")  # pip clones it into a folder of its own
    assert user.top_level_names() == {"connect_as_code", f"connect_as_code-{_version()}.dist-info"}


# ------------------------------------------------------------------------------------ the user's project

PLATFORM_PROGRAM = """
import pulumi

config = pulumi.Config()
pulumi.export("projectKey", config.require("projectKey"))
pulumi.export("region", config.require("region"))
"""

MONITORING_MODULE = '''
"""The team's own dynamic resource: an uptime check registered for a URL."""

import hashlib
from typing import Any

import pulumi
from pulumi.dynamic import CreateResult, DiffResult, Resource, ResourceProvider, UpdateResult


class UptimeCheckProvider(ResourceProvider):
    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult(hashlib.sha256(props["url"].encode()).hexdigest()[:12], dict(props))

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        return DiffResult(changes=any(olds.get(k) != news.get(k) for k in ("url", "interval")))

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return UpdateResult(dict(news))


class UptimeCheck(Resource, module="shop", name="UptimeCheck"):
    url: pulumi.Output[str]

    def __init__(self, name: str, url: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(UptimeCheckProvider(), name, {"url": url, "interval": 60}, opts)
'''

SHOP_PROGRAM = """
import pulumi

from connect_as_code import ConnectorStaged, Deployment
from monitoring import UptimeCheck

config = pulumi.Config()
platform = pulumi.StackReference(config.require("platformStack"))
project_key = platform.require_output("projectKey")
region = platform.require_output("region")


class CartExtension(pulumi.ComponentResource):
    \"\"\"The seed's connector and its preview deployment, as one component of this team's.\"\"\"

    def __init__(self, name: str, tag: str, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("shop:connect:CartExtension", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.connector = ConnectorStaged(
            f"{name}-connector",
            key="abc-first-connector",
            name="Abc First Connector",
            creator={"title": "Mr", "name": "John Doe", "email": "john.doe@example.com", "company": "abc",
                     "no_of_developers": 10},
            repository={"url": "https://github.com/abc/first-connect-application.git", "tag": tag},
            supported_regions=[region],
            private_projects=[pulumi.Output.concat(region, ":", project_key)],
            previewable=True,
            opts=child,
        )
        self.deployment = Deployment(
            f"{name}-preview",
            key="abc-first-connector-preview",
            connector=self.connector,
            region=region,
            project_key=project_key,
            configurations={
                "cartExtension": {
                    "standard": {"CTP_PROJECT_KEY": project_key, "CTP_REGION": region},
                    "secured": {
                        "CTP_CLIENT_ID": "cart-client",
                        "CTP_CLIENT_SECRET": config.require_secret("appSecret"),
                    },
                }
            },
            opts=child,
        )
        self.url = self.deployment.applications.apply(lambda apps: apps["cartExtension"]["url"])
        self.register_outputs({"url": self.url})


cart = CartExtension("cart", config.require("tag"))
check = UptimeCheck("cart-uptime", cart.url)
pulumi.export("url", check.url)
pulumi.export("deploymentStatus", cart.deployment.status)
pulumi.export("connectorVersion", cart.connector.version)
"""

# The user's own automation, for machines without a Python language host: the same program, run in
# process by the Automation API inside the user's virtualenv.
DRIVER = """
import json
import runpy
import sys
from pathlib import Path

from pulumi import automation as auto

command, stack_name, folder = sys.argv[1], sys.argv[2], Path(sys.argv[3]).resolve()
sys.path.insert(0, str(folder))
name = next(line.split(":", 1)[1].strip() for line in (folder / "Pulumi.yaml").read_text().splitlines()
            if line.startswith("name:"))
stack = auto.select_stack(stack_name, project_name=name,
                          program=lambda: runpy.run_path(str(folder / "__main__.py"), run_name="__main__"),
                          opts=auto.LocalWorkspaceOptions(work_dir=str(folder),
                                                          env_vars={"PULUMI_PYTHON_CMD": sys.executable}))
echo = lambda line: print(line, file=sys.stderr, flush=True)
if command == "preview":
    result = stack.preview(on_output=echo, color="never", expect_no_changes="--expect-no-changes" in sys.argv)
    print(json.dumps({"changeSummary": result.change_summary}))
elif command == "up":
    stack.up(on_output=echo, color="never")
elif command == "refresh":
    stack.refresh(on_output=echo, color="never")
elif command == "destroy":
    stack.destroy(on_output=echo, color="never")
"""


def user_environment(home: Path, state: Path) -> dict[str, str]:
    """A user's shell: the Pulumi CLI on PATH, a home and a file backend of their own, nothing of ours."""
    engine_dir = str(Path(shutil.which("pulumi") or "pulumi").parent)
    return {
        "PATH": os.pathsep.join([engine_dir, "/usr/bin", "/bin"]),
        "HOME": str(home),
        "PULUMI_HOME": str(home / ".pulumi"),
        "PULUMI_BACKEND_URL": state.as_uri(),
        "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
    }


@dataclass
class UserProject:
    """Two Pulumi projects of a user (``platform`` and ``shop``) and how to run them."""

    root: Path
    user_venv: UserVenv
    env: dict[str, str]
    plain_cli: bool
    log: list[str]

    def pulumi(self, project: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """The plain ``pulumi`` CLI in a project's folder (also without a language host, for commands
        that do not run the program)."""
        done = subprocess.run(
            ["pulumi", *args, "--non-interactive"],
            cwd=self.root / project,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        self.log.append(f"$ pulumi {' '.join(args)}\n{done.stdout}{done.stderr}")
        if check and done.returncode != 0:
            raise AssertionError(f"pulumi {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done

    def run(self, project: str, command: str, *flags: str) -> dict[str, Any]:
        """Run ``preview``/``up``/``refresh``/``destroy`` of a project the way this machine can."""
        if self.plain_cli:
            args = [command, *flags] + (["--json"] if command == "preview" else ["--yes"])
            done = self.pulumi(project, *args)
            return json.loads(done.stdout) if command == "preview" else {}
        done = subprocess.run(
            [
                str(self.user_venv.python),
                str(self.root / "driver.py"),
                command,
                "dev",
                str(self.root / project),
                *flags,
            ],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        self.log.append(f"$ driver.py {command} {' '.join(flags)}\n{done.stdout}{done.stderr}")
        if done.returncode != 0:
            raise AssertionError(f"{command} of {project} failed:\n{done.stdout}\n{done.stderr}")
        return json.loads(done.stdout.splitlines()[-1]) if command == "preview" else {}

    def outputs(self, project: str) -> dict[str, Any]:
        return dict(json.loads(self.pulumi(project, "stack", "output", "--json", "--show-secrets").stdout))


@pytest.fixture
def user_project(
    user_venv: UserVenv, emulator: Emulator, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[UserProject]:
    root = tmp_path_factory.mktemp("user-project")
    state = root / "state"
    state.mkdir()
    for project, files in {
        "platform": {"__main__.py": PLATFORM_PROGRAM},
        "shop": {"__main__.py": SHOP_PROGRAM, "monitoring.py": MONITORING_MODULE},
    }.items():
        (root / project).mkdir()
        runtime = f"runtime:\n  name: python\n  options:\n    toolchain: pip\n    virtualenv: {user_venv.folder}\n"
        (root / project / "Pulumi.yaml").write_text(f"name: {project}\n{runtime}")
        for name, text in files.items():
            (root / project / name).write_text(textwrap.dedent(text).lstrip())
    (root / "driver.py").write_text(textwrap.dedent(DRIVER).lstrip())
    env = {**user_environment(root, state), **emulator.environment()}
    user = UserProject(root, user_venv, env, has_language_host(), [])
    yield user
    (root / "session.log").write_text("\n".join(user.log))


def test_a_users_project_previews_deploys_releases_refreshes_and_destroys(
    user_project: UserProject, emulator: Emulator
) -> None:
    path = "plain pulumi CLI" if user_project.plain_cli else "Automation API (no Python language host here)"
    print(f"ran with: {path}")
    for project in ("platform", "shop"):
        user_project.pulumi(project, "stack", "init", "dev")
    user_project.pulumi("platform", "config", "set", "projectKey", "demo-project")
    user_project.pulumi("platform", "config", "set", "region", "europe-west1.gcp")
    user_project.run("platform", "up")
    user_project.pulumi("shop", "config", "set", "platformStack", "organization/platform/dev")
    user_project.pulumi("shop", "config", "set", "tag", "0.0.0")
    user_project.pulumi("shop", "config", "set", "--secret", "appSecret", "cart-secret-value")

    mutations = emulator.stats()["mutatingRequests"]
    preview = user_project.run("shop", "preview")
    assert preview["changeSummary"] == {"create": 5}  # stack, component, connector, deployment, uptime check
    assert emulator.stats()["mutatingRequests"] == mutations

    user_project.run("shop", "up")
    outputs = user_project.outputs("shop")
    deployment = emulator.deployment("abc-first-connector-preview")
    assert deployment is not None and deployment["status"] == "Deployed"
    service_url = deployment["applications"][0]["url"]
    assert outputs == {
        "connectorVersion": outputs["connectorVersion"],
        "deploymentStatus": "Deployed",
        "url": service_url,
    }
    state = user_project.pulumi("shop", "stack", "export").stdout
    assert '"parent": "urn:pulumi:dev::shop::shop:connect:CartExtension::cart"' in state
    assert "cart-secret-value" not in state

    unchanged = user_project.run("shop", "preview", "--expect-no-changes")
    assert unchanged["changeSummary"] == {"same": 5}
    assert user_project.outputs("shop") == outputs

    user_project.pulumi("shop", "config", "set", "tag", "0.0.1")
    user_project.run("shop", "up")
    staged = emulator.connector_staged("abc-first-connector")
    assert staged is not None and staged["repository"]["tag"] == "0.0.1"
    released = emulator.deployment("abc-first-connector-preview")
    assert released is not None and released["status"] == "Deployed"
    assert released["connector"]["version"] == staged["version"] > outputs["connectorVersion"]
    assert user_project.outputs("shop")["connectorVersion"] == staged["version"]

    user_project.run("shop", "refresh")
    assert user_project.run("shop", "preview", "--expect-no-changes")["changeSummary"] == {"same": 5}

    user_project.run("shop", "destroy")
    assert emulator.connector_staged("abc-first-connector") is None
    assert emulator.deployment("abc-first-connector-preview") is None
    assert user_project.outputs("shop") == {}


# The user's own offline test of their program: the pytest fixture of the emulator extra, the program
# run in process by the Automation API, a scripted build failure, and what Connect holds afterwards.
USER_TEST = """
import sys

import pulumi
import pytest
from pulumi import automation as auto

from connect_as_code import ConnectorStaged, Deployment


def program():
    connector = ConnectorStaged(
        "connector",
        key="my-connector",
        name="My connector",
        creator={"email": "me@example.com"},
        repository={"url": "https://github.com/abc/first-connect-application.git", "tag": "0.0.0"},
        supported_regions=["europe-west1.gcp"],
        private_projects=["europe-west1.gcp:demo-project"],
        previewable=True,
    )
    Deployment(
        "preview",
        key="my-preview",
        connector=connector,
        region="europe-west1.gcp",
        configurations={
            "cartExtension": {
                "standard": {"CTP_PROJECT_KEY": "demo-project", "CTP_REGION": "europe-west1.gcp"},
                "secured": {"CTP_CLIENT_ID": "id", "CTP_CLIENT_SECRET": "secret"},
            }
        },
    )


def test_a_failed_build_fails_the_update_with_the_report(connect_emulator, tmp_path, monkeypatch):
    for name, value in connect_emulator.environment().items():
        monkeypatch.setenv(name, value)
    connect_emulator.script("deploy", "my-preview", [{"outcome": "Failed", "report": [
        {"type": "Error", "title": "npm run build failed", "application": "cartExtension"}]}])
    # An inline program's dynamic providers run under PULUMI_PYTHON_CMD: this virtualenv's interpreter.
    options = auto.LocalWorkspaceOptions(work_dir=str(tmp_path), env_vars={"PULUMI_PYTHON_CMD": sys.executable})
    stack = auto.create_or_select_stack("test", project_name="offline", program=program, opts=options)
    with pytest.raises(auto.errors.CommandError) as failed:
        stack.up(color="never")
    assert "Deployment my-preview" in str(failed.value) and "npm run build failed" in str(failed.value)
    assert connect_emulator.deployment("my-preview") is None  # a failed first create deletes what it made
    assert connect_emulator.connector_staged("my-connector")["isPreviewable"] == "true"
"""


def test_a_users_own_tests_get_a_local_connect_from_the_pytest_fixture(user_venv: UserVenv, tmp_path: Path) -> None:
    (tmp_path / "test_offline.py").write_text(textwrap.dedent(USER_TEST).lstrip())
    state = tmp_path / "state"
    state.mkdir()
    done = subprocess.run(
        [str(user_venv.python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_offline.py"],
        cwd=tmp_path,
        env=user_environment(tmp_path, state),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout


def _version() -> str:
    import connect_as_code

    return connect_as_code.__version__
