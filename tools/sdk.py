"""``make sdk``: the package schema and the SDK of each language, generated from the code.

``sdk/schema.json`` is written from :func:`connect_as_code.native.schema.schema_json` (a unit test fails
when the checked-in file differs). Then ``pulumi package gen-sdk`` writes ``sdk/<language>/`` for each
language whose generator is found: the generator of a language lives in its language host
(``pulumi-language-<language>``), which must be on ``PATH``. A language without its host is skipped with
a note (its checked-in SDK is left as it is), unless it is named on the command line.

    python -m tools.sdk                    # the schema, then every language whose host is on PATH
    python -m tools.sdk --schema-only      # the schema alone (no engine needed)
    python -m tools.sdk nodejs go          # the schema, then these languages (their hosts are required)
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from threading import Thread

from connect_as_code import __version__
from connect_as_code.native.schema import schema_json

ROOT = Path(__file__).resolve().parent.parent
SDK = ROOT / "sdk"
SCHEMA = SDK / "schema.json"
LANGUAGES = ("nodejs", "python", "go", "dotnet")
"""The languages ``pulumi package gen-sdk`` generates, by the name of their host."""


def schema_file_text() -> str:
    """The text ``sdk/schema.json`` must hold: the schema the provider serves, as the code builds it."""
    return schema_json() + "\n"


def write_schema() -> None:
    """Writes ``sdk/schema.json`` from the code."""
    SDK.mkdir(exist_ok=True)
    SCHEMA.write_text(schema_file_text())
    print(f"wrote {SCHEMA.relative_to(ROOT)}")


LOGO = SDK / "logo.png"
"""The package icon of the .NET SDK. The .NET generator downloads the schema's ``logoUrl`` (a Pulumi
logo on GitHub when there is none), which a machine offline cannot: :func:`generate` serves it this file."""


@contextmanager
def schema_for(language: str) -> Iterator[Path]:
    """The schema file ``gen-sdk`` reads for ``language``: ``sdk/schema.json``, except for ``dotnet``, a copy
    whose ``logoUrl`` is :data:`LOGO` served on loopback for the time of the generation."""
    if language != "dotnet":
        yield SCHEMA
        return
    logo = LOGO.read_bytes()

    class Logo(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(logo)

        def log_message(self, format: str, *args: object) -> None:  # quiet: the base class prints each request
            pass

    server = HTTPServer(("127.0.0.1", 0), Logo)
    Thread(target=server.serve_forever, daemon=True).start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            schema = json.loads(SCHEMA.read_text())
            schema["logoUrl"] = f"http://127.0.0.1:{server.server_port}/logo.png"
            path = Path(folder) / "schema.json"
            path.write_text(json.dumps(schema))
            yield path
    finally:
        server.shutdown()


def generate(language: str) -> None:
    """Regenerates ``sdk/<language>/`` from ``sdk/schema.json`` (the previous files removed first)."""
    target = SDK / language
    shutil.rmtree(target, ignore_errors=True)
    with schema_for(language) as schema:
        command = ["pulumi", "package", "gen-sdk", str(schema), "--language", language]
        command += ["-o", str(SDK.relative_to(ROOT)), "--version", __version__]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"pulumi package gen-sdk --language {language} failed:\n{done.stdout}{done.stderr}")
    if language == "python":  # its pyproject.toml names a README beside it, which gen-sdk writes in the package
        shutil.copy(target / "pulumi_commercetools_connect" / "README.md", target / "README.md")
    print(f"wrote {target.relative_to(ROOT)}/")


def main(argv: list[str] | None = None) -> None:
    """The command line of ``make sdk``."""
    parser = argparse.ArgumentParser(prog="python -m tools.sdk", description=__doc__.splitlines()[0])
    parser.add_argument("languages", nargs="*", help=f"languages to generate, of {', '.join(LANGUAGES)}")
    parser.add_argument("--schema-only", action="store_true", help="write sdk/schema.json and stop")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.languages) - set(LANGUAGES))
    if unknown:
        parser.error(f"unknown language {', '.join(unknown)}: choose among {', '.join(LANGUAGES)}")
    write_schema()
    if args.schema_only:
        return
    if shutil.which("pulumi") is None:
        sys.exit("the Pulumi CLI is not on PATH: run `make sdk` (it puts the engine first on PATH)")
    for language in args.languages or LANGUAGES:
        if shutil.which(f"pulumi-language-{language}") is None:
            note = f"no pulumi-language-{language} on PATH: sdk/{language}/ left as it is"
            if args.languages:
                sys.exit(note)
            print(f"skipped {language}: {note}")
            continue
        generate(language)


if __name__ == "__main__":
    main()
