"""``make plugin``: the provider as a Pulumi plugin tarball, for machines that install plugins rather
than a Python package on ``PATH``.

The tarball ``dist/pulumi-resource-commercetools-connect-v<version>-<os>-<arch>.tar.gz`` holds:

* ``PulumiPlugin.yaml``: a Python plugin (``runtime: python``: pip, its own ``venv``);
* the distribution's wheel, and ``requirements.txt`` naming it;
* ``__main__.py``, which serves the native provider (the console script's ``main``).

``pulumi plugin install resource commercetools-connect <version> --file <tarball>`` unpacks it under
``~/.pulumi/plugins`` and lets the Python language host make the virtualenv and install the wheel with
its dependencies from PyPI; the engine then starts the provider through that host. A Python language host
is needed for that (the Pulumi CLI's releases ship one), and the machine must reach PyPI once.

    python -m tools.plugin                 # build the tarball for this machine's platform
    python -m tools.plugin --os darwin --arch arm64
"""

from __future__ import annotations

import argparse
import io
import platform
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from connect_as_code import __version__

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
NAME = "commercetools-connect"

PLUGIN_YAML = "runtime: python\n"
"""A Python plugin with the host's defaults for plugins: pip, and a virtualenv in the plugin's ``venv``.
(Runtime options would reach the host as command-line flags, which a host older than the CLI may lack.)"""
MAIN_PY = '''\
"""The commercetools-connect provider, started by the engine through the Python language host."""

from connect_as_code.native.server import main

main()
'''
_ARCHES = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}


def tarball_name(version: str, os_name: str, arch: str) -> str:
    """The file name the engine expects of a resource plugin's tarball."""
    return f"pulumi-resource-{NAME}-v{version}-{os_name}-{arch}.tar.gz"


def this_platform() -> tuple[str, str]:
    """``(os, arch)`` of this machine in the engine's words (``linux``, ``amd64``)."""
    return platform.system().lower(), _ARCHES.get(platform.machine().lower(), platform.machine().lower())


def build_wheel(into: Path) -> Path:
    """The distribution's wheel, built from this checkout into ``into``."""
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(into), str(ROOT)]
    subprocess.run(command, check=True)
    (wheel,) = into.glob("connect_as_code-*.whl")
    return wheel


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o644
    archive.addfile(info, io.BytesIO(data))


def write_tarball(wheel: Path, target: Path) -> Path:
    """The plugin tarball at ``target``: the wheel, ``requirements.txt`` naming it, the plugin files."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(target, "w:gz") as archive:
        _add(archive, "PulumiPlugin.yaml", PLUGIN_YAML.encode())
        _add(archive, "__main__.py", MAIN_PY.encode())
        _add(archive, "requirements.txt", f"./{wheel.name}\n".encode())
        _add(archive, wheel.name, wheel.read_bytes())
    return target


def main(argv: list[str] | None = None) -> None:
    """Build the tarball and print its path."""
    os_name, arch = this_platform()
    parser = argparse.ArgumentParser(prog="python -m tools.plugin", description=__doc__.split("\n\n")[0])
    parser.add_argument("--os", default=os_name, help=f"the plugin's operating system (default: {os_name})")
    parser.add_argument("--arch", default=arch, help=f"the plugin's architecture (default: {arch})")
    parser.add_argument("--out", type=Path, default=DIST, help="the folder to write it to (default: dist/)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        wheel = build_wheel(Path(folder))
        target = write_tarball(wheel, args.out / tarball_name(__version__, args.os, args.arch))
    print(target)


if __name__ == "__main__":
    main()
