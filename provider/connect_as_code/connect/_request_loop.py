"""The request loop of the Connect client: transport, authentication, retries, and the error each failure becomes.

:class:`RequestLoop` is the base of :class:`~._client.ConnectClient`: endpoint methods build a
:class:`~._calls._Call` and hand it to :meth:`RequestLoop._execute`, the only place that sends requests,
re-authenticates, maps error responses to exceptions and applies the retry policy of :mod:`._policy`.
"""

from __future__ import annotations

import json
import logging
import random
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any, TypeAlias
from urllib.parse import quote

import httpx
from pydantic import BaseModel

from connect_as_code.connect._auth import TokenSource, token_form
from connect_as_code.connect._calls import (
    M,
    _Call,
    _Failed,
    _Ok,
    _parsed,
    action_to_wire,
    applied_version,
    object_ref,
    object_route,
)
from connect_as_code.connect._config import ClientConfig
from connect_as_code.connect._error_responses import api_error, token_endpoint_error
from connect_as_code.connect._errors import (
    AmbiguousWriteError,
    AuthenticationError,
    ConnectError,
    InvalidResponseError,
    TransportError,
)
from connect_as_code.connect._models import TokenResponse
from connect_as_code.connect._policy import (
    Decision,
    Failure,
    RequestKind,
    RetryPolicy,
    decide,
    parse_retry_after,
    retry_delay,
    should_give_up,
)

log = logging.getLogger(__name__)

OnRequest: TypeAlias = Callable[[str, str, int | None, float], None]
"""``on_request(method, route, status, elapsed)``, called after every HTTP attempt.

``route`` is the path template (``/connectors/drafts/key={key}``, ``/oauth/token``), ``status``
``None`` when no response arrived, ``elapsed`` the attempt's duration in seconds.
"""


class RequestLoop:
    """What every endpoint method stands on: the connection pool, the token cache, the call builders
    and the request loop (see :class:`~._client.ConnectClient` for the constructor's arguments)."""

    def __init__(
        self,
        config: ClientConfig,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: Callable[[], float] = random.random,
        on_request: OnRequest | None = None,
        retry_policy: RetryPolicy | None = None,
    ) -> None:
        self.config = config
        self.retry_policy = retry_policy or RetryPolicy()
        self._sleep = sleep
        self._clock = clock
        self._rng = rng
        self._on_request = on_request
        self._http = httpx.Client(transport=transport, timeout=config.timeout, follow_redirects=False)
        self._tokens = TokenSource(self._fetch_token, clock=clock)
        self._token_path = httpx.URL(config.token_url).path

    # ------------------------------------------------------------------------------- call builders

    def _deployments(self, project_key: str | None) -> tuple[str, str]:
        project = project_key if project_key is not None else self.config.project_key
        if not project:
            raise ValueError("no project key: set it in ClientConfig.project_key or pass project_key=")
        return f"/{quote(project, safe='')}/deployments", "/{projectKey}/deployments"

    def _call(self, method: str, path: str, route: str, kind: RequestKind, **fields: Any) -> _Call:
        url = self.config.connect_base_url + path
        return _Call(method=method, url=url, path=path, route=route, kind=kind, **fields)

    def _object_call(
        self,
        method: str,
        collection: str,
        collection_route: str,
        id: str | None,
        key: str | None,
        *,
        kind: RequestKind = RequestKind.READ,
    ) -> _Call:
        path = f"{collection}/{object_ref(id, key)}"
        return self._call(method, path, f"{collection_route}/{object_route(id)}", kind)

    def _update_call(
        self,
        collection: str,
        collection_route: str,
        id: str | None,
        key: str | None,
        *,
        version: int,
        actions: Sequence[BaseModel | Mapping[str, Any]],
    ) -> _Call:
        read = self._object_call("GET", collection, collection_route, id, key)
        post = self._object_call("POST", collection, collection_route, id, key, kind=RequestKind.UPDATE)
        body = {"version": version, "actions": [action_to_wire(action) for action in actions]}
        return replace(post, body=body, sent_version=version, reread=lambda: self._execute(read))

    # ---------------------------------------------------------------------------- request loop

    def _model(self, model: type[M], call: _Call) -> M:
        ok = self._execute(call)
        return _parsed(model.__name__, lambda: model.model_validate(ok.body), call, ok)

    def _fetch_token(self) -> TokenResponse:
        call = _Call(
            method="POST",
            url=self.config.token_url,
            path=self._token_path,
            route="/oauth/token",
            kind=RequestKind.TOKEN,
            form=token_form(self.config),
            token_endpoint=True,
        )
        return self._model(TokenResponse, call)

    def _execute(self, call: _Call) -> _Ok:
        """Send ``call`` until it succeeds or the policy says stop; the one place that does I/O."""
        correlation_id = f"{self.config.correlation_id_prefix}-{uuid.uuid4().hex}"
        started = self._clock()
        attempts = 0
        reauthenticated = False
        while True:
            attempts += 1
            outcome = self._attempt(call, correlation_id)
            if isinstance(outcome, _Ok):
                return outcome
            error, failure = outcome.error, outcome.failure
            if outcome.token is not None and isinstance(error, AuthenticationError):
                if reauthenticated:
                    raise error
                # A token can be revoked or expire early; one new token and one resend, which is
                # safe even for a create because a 401 is answered before anything is done.
                self._tokens.invalidate(outcome.token)
                reauthenticated = True
                attempts -= 1
                continue
            decision = decide(call.kind, failure)
            if decision is Decision.RAISE:
                raise error
            if decision is Decision.AMBIGUOUS:
                raise AmbiguousWriteError(error, method=call.method, path=call.path, key=call.key) from error
            if decision is Decision.REREAD:
                fresh = self._reread(call, error)
                if fresh is not None:
                    return fresh
            delay = retry_delay(attempts, failure, self.retry_policy, self._rng)
            elapsed = self._clock() - started
            if should_give_up(attempts, elapsed, delay, self.retry_policy, failure):
                raise error.gave_up(attempts, elapsed)
            log.info("%s; retry %d of %d in %.1f s", error, attempts, self.retry_policy.max_attempts - 1, delay)
            self._sleep(delay)

    def _reread(self, call: _Call, error: ConnectError) -> _Ok | None:
        """The object, if re-reading it shows that the update in ``call`` was applied; else ``None``."""
        assert call.reread is not None and call.sent_version is not None
        try:
            fresh = call.reread()
        except ConnectError as exc:
            raise AmbiguousWriteError(
                error,
                method=call.method,
                path=call.path,
                sent_version=call.sent_version,
                reread_error=exc,
            ) from error
        if applied_version(fresh.body, call.sent_version):
            log.info("%s %s: %s, but the re-read shows it was applied", call.method, call.path, error)
            return fresh
        return None

    def _attempt(self, call: _Call, correlation_id: str) -> _Ok | _Failed:
        headers = {
            "Accept": "application/json",
            "User-Agent": self.config.user_agent,
            "X-Correlation-ID": correlation_id,
        }
        secret = self.config.client_secret.get_secret_value()
        token: str | None = None
        auth: httpx.BasicAuth | None = None
        content: bytes | None = None
        if call.token_endpoint:
            auth = httpx.BasicAuth(self.config.client_id, secret)
        else:
            token = self._tokens.token()
            headers["Authorization"] = f"Bearer {token}"
        if call.body is not None:
            headers["Content-Type"] = "application/json"
            content = json.dumps(call.body, separators=(",", ":")).encode()
        started = self._clock()
        try:
            response = self._http.request(
                call.method,
                call.url,
                params=list(call.params) or None,
                content=content,
                data=call.form,
                headers=headers,
                auth=auth,
            )
        except httpx.TransportError as exc:
            self._report(call, None, started)
            failure = Failure.transport(exc)
            origin = self.config.auth_url_origin if call.token_endpoint else self.config.connect_url_origin
            error = TransportError(
                exc,
                method=call.method,
                path=call.path,
                correlation_id=correlation_id,
                host=httpx.URL(call.url).host or None,
                origin=origin,
                unresolved=failure.unresolved,
            )
            return _Failed(error, failure, token)
        self._report(call, response.status_code, started)
        correlation_id = response.headers.get("X-Correlation-ID") or correlation_id
        if response.is_success:
            try:
                return _Ok(response.json(), response.status_code, correlation_id)
            except ValueError:
                raise InvalidResponseError(
                    "not JSON",
                    method=call.method,
                    path=call.path,
                    status_code=response.status_code,
                    correlation_id=correlation_id,
                ) from None
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        api = api_error(
            response.status_code,
            response.text,
            method=call.method,
            path=call.path,
            correlation_id=correlation_id,
            reason_phrase=response.reason_phrase,
            retry_after=retry_after,
            sent_version=call.sent_version,
            granted_scopes=self._tokens.granted_scopes,
            redact=(secret, token or ""),
        )
        if call.token_endpoint:
            api = token_endpoint_error(api, client_id=self.config.client_id)
        return _Failed(api, Failure.http(response.status_code, retry_after), token)

    def _report(self, call: _Call, status: int | None, started: float) -> None:
        if self._on_request is not None:
            self._on_request(call.method, call.route, status, self._clock() - started)
