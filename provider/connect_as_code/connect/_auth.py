"""OAuth2 client credentials: the token request and a thread-safe token cache.

The client sends ``POST {auth_base}/oauth/token`` with HTTP Basic credentials and the form body
``grant_type=client_credentials`` (plus ``scope`` when configured); this module builds that request's
parts and keeps the resulting token. Sending it, with the shared retry policy, is the client's job:
:class:`TokenSource` only calls the ``fetch`` function it is given.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from connect_as_code.connect import _constants
from connect_as_code.connect._config import ClientConfig
from connect_as_code.connect._errors import ConnectError
from connect_as_code.connect._models import TokenResponse

log = logging.getLogger(__name__)


def token_form(config: ClientConfig) -> dict[str, str]:
    """The form body of the token request."""
    form = {"grant_type": "client_credentials"}
    if config.scopes:
        form["scope"] = " ".join(config.scopes)
    return form


def refresh_margin(expires_in: float) -> float:
    """How long before expiry a token is renewed: ``min(300 s, 10% of its lifetime)``."""
    return min(_constants.TOKEN_REFRESH_MARGIN_CAP, _constants.TOKEN_REFRESH_MARGIN_FRACTION * expires_in)


def lifetime(response: TokenResponse) -> float:
    """The token's lifetime in seconds, with a default when the response has none."""
    if response.expires_in is None or response.expires_in <= 0:
        return _constants.DEFAULT_TOKEN_LIFETIME
    return response.expires_in


@dataclass(frozen=True)
class CachedToken:
    """A token with the monotonic times at which it is renewed and at which it expires."""

    value: str
    refresh_at: float
    expires_at: float
    scopes: tuple[str, ...] | None

    def __repr__(self) -> str:
        return f"CachedToken(refresh_at={self.refresh_at}, expires_at={self.expires_at})"


def cache_token(response: TokenResponse, requested_at: float) -> CachedToken:
    """Cache entry for ``response``, timed from when the request was sent (the safe side)."""
    seconds = lifetime(response)
    expires_at = requested_at + seconds
    scopes = tuple(response.scope.split()) if response.scope is not None else None
    return CachedToken(response.access_token, expires_at - refresh_margin(seconds), expires_at, scopes)


class TokenSource:
    """One access token shared by every thread of a client.

    :meth:`token` returns the cached token until its refresh time; then exactly one thread fetches a
    new one while the others wait (or, while the old token is still valid, keep using it). After a
    401, :meth:`invalidate` drops the token that was rejected, so that the next :meth:`token` fetches
    a new one; several threads invalidating the same token cause a single fetch.

    ``token_requests`` counts the tokens requested from the auth server.
    """

    def __init__(self, fetch: Callable[[], TokenResponse], *, clock: Callable[[], float]) -> None:
        self._fetch = fetch
        self._clock = clock
        self._state_lock = threading.Lock()
        self._refresh_lock = threading.Lock()
        self._cached: CachedToken | None = None
        self.token_requests = 0

    @property
    def granted_scopes(self) -> tuple[str, ...] | None:
        """Scopes the auth server granted with the current token, if known."""
        cached = self._cached
        return cached.scopes if cached else None

    def token(self) -> str:
        """A valid access token, fetching one if needed."""
        cached = self._cached
        now = self._clock()
        if cached is not None and now < cached.refresh_at:
            return cached.value
        still_valid = cached is not None and now < cached.expires_at
        if not self._refresh_lock.acquire(blocking=not still_valid):
            assert cached is not None
            return cached.value
        try:
            cached = self._cached
            if cached is not None and self._clock() < cached.refresh_at:
                return cached.value
            return self._refresh(cached)
        finally:
            self._refresh_lock.release()

    def invalidate(self, token: str) -> None:
        """Forget ``token`` if it is still the cached one (it was rejected with a 401)."""
        with self._state_lock:
            if self._cached is not None and self._cached.value == token:
                self._cached = None

    def _refresh(self, previous: CachedToken | None) -> str:
        requested_at = self._clock()
        with self._state_lock:
            self.token_requests += 1
        try:
            response = self._fetch()
        except ConnectError as exc:
            # An early refresh that fails is not fatal while the old token still works.
            if previous is not None and self._clock() < previous.expires_at:
                log.warning("token refresh failed, keeping the current token until it expires: %s", exc)
                return previous.value
            raise
        fresh = cache_token(response, requested_at)
        with self._state_lock:
            self._cached = fresh
        return fresh.value
