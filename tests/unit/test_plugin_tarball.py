"""``make plugin``: the tarball's name and contents (the install itself: ``make plugin-e2e``)."""

from __future__ import annotations

import tarfile
from pathlib import Path

from tools.plugin import MAIN_PY, PLUGIN_YAML, tarball_name, write_tarball


def test_the_name_is_the_one_the_engine_expects() -> None:
    assert tarball_name("0.1.0", "linux", "amd64") == "pulumi-resource-commercetools-connect-v0.1.0-linux-amd64.tar.gz"


def test_the_tarball_holds_the_plugin_files_and_the_wheel_its_requirements_name(tmp_path: Path) -> None:
    wheel = tmp_path / "connect_as_code-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"the wheel")
    target = write_tarball(wheel, tmp_path / "out" / tarball_name("0.1.0", "linux", "amd64"))
    with tarfile.open(target) as archive:
        files = {member.name: archive.extractfile(member).read() for member in archive.getmembers()}  # type: ignore[union-attr]
    assert files == {
        "PulumiPlugin.yaml": PLUGIN_YAML.encode(),
        "__main__.py": MAIN_PY.encode(),
        "requirements.txt": b"./connect_as_code-0.1.0-py3-none-any.whl\n",
        "connect_as_code-0.1.0-py3-none-any.whl": b"the wheel",
    }
    assert "from connect_as_code.native.server import main" in MAIN_PY
