"""``pulumi-resource-commercetools-connect``: the plugin the engine starts (found on ``PATH``)."""

from __future__ import annotations

import sys

from pulumi.provider.experimental.server import main as serve

from connect_as_code import __version__


def main() -> None:
    """Serve the native provider to the engine that started this process."""
    from connect_as_code.native.provider import ConnectNativeProvider

    serve(sys.argv[1:], __version__, ConnectNativeProvider())


if __name__ == "__main__":
    main()
