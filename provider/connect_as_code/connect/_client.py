"""The Connect API client: thin endpoint methods over one request loop.

:class:`ConnectClient` joins the endpoint methods of :mod:`._connector_endpoints` and
:mod:`._deployment_endpoints`. Every endpoint method builds a :class:`~._calls._Call` (method, path, body,
and how it may be retried) and hands it to :meth:`~._request_loop.RequestLoop._execute`, the only place
that sends requests, re-authenticates, maps error responses to exceptions and applies the retry policy
of :mod:`._policy`.
"""

from __future__ import annotations

from types import TracebackType

from connect_as_code.connect._auth import TokenSource
from connect_as_code.connect._connector_endpoints import ConnectorEndpoints
from connect_as_code.connect._deployment_endpoints import DeploymentEndpoints


class ConnectClient(ConnectorEndpoints, DeploymentEndpoints):
    """Client of the commercetools Connect API (connectors and deployments).

    Thread-safe: one connection pool and one access token serve every thread. ``transport`` is the
    seam for tests (``httpx.MockTransport``, or a bridge into the emulator's app); ``sleep``,
    ``clock`` (monotonic seconds) and ``rng`` (floats in ``[0, 1)``) are injectable so retries run
    without real waiting. ``on_request`` is called after every HTTP attempt (see :data:`OnRequest`).

    Objects are addressed with exactly one of the keyword arguments ``id=`` and ``key=``.
    Deployment methods use ``config.project_key`` unless given ``project_key=``. Errors are the
    :class:`ConnectError` tree; see :mod:`connect_as_code.connect._policy` for what is retried.
    """

    # ------------------------------------------------------------------------------- lifecycle

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> ConnectClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"ConnectClient({self.config.connect_base_url!r}, client_id={self.config.client_id!r})"

    @property
    def token_source(self) -> TokenSource:
        """The shared token cache."""
        return self._tokens

    @property
    def token_requests(self) -> int:
        """How many tokens this client has requested from the auth server."""
        return self._tokens.token_requests
