"""What the providers share inside the provider process: settings, one API client, the runtime seam, writes.

Nothing here is pickled into state: providers keep no attributes of their own, and the client (with
its token) lives in a process-wide cache keyed by the settings: the resources of one connection (the
stack's settings, or one :class:`~connect_as_code.Connection`) share one token and one connection pool.

:class:`Runtime` is how the providers reach the outside world: the factory of API clients, the clock the
waits use, and where progress lines go. :func:`use_runtime` swaps it, which is how the provider-layer
tests run create, adopt, converge and delete in milliseconds against the emulator's app in process.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Hashable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar, cast

import httpx
from pulumi.dynamic import ConfigureRequest, ResourceProvider

from connect_as_code._runtime import ownership
from connect_as_code._sdk_workarounds import host_diffs, host_messages, host_pool
from connect_as_code.connect import (
    AmbiguousWriteError,
    ClientConfig,
    ConcurrentModificationError,
    ConnectClient,
    ConnectError,
    NotFoundError,
    RetryPolicy,
)
from connect_as_code.connection import settings_of
from connect_as_code.settings import CONFIG_KEYS, Settings, SettingsError, resolve, url_origin
from connect_as_code.waiting import Backoff, Clock, SystemClock, WaitError, backoff_from_env

T = TypeVar("T")
P = ParamSpec("P")

# The dynamic-provider host imports this module (through a provider's) while it serves its first call:
# there, and only there, its thread pool is widened so that every resource of a run waits at once.
host_pool.widen_host_pool()

CREATE_ATTEMPTS = 5
"""Creates whose outcome stayed unknown, each followed by a look-up of the key, before giving up."""


class ConnectResourceError(Exception):
    """An operation on a resource failed; the message says what happened and what to do."""


class WaitRanOut(ConnectResourceError):
    """A wait reached its deadline; the operation goes on on the server."""


def user_facing(method: Callable[P, T]) -> Callable[P, T]:
    """Turn the errors of a provider method into one :class:`ConnectResourceError` with a short trace.

    The provider host prints the traceback of whatever a method raises; the message is what matters to
    the person running ``pulumi up``, so the library frames and the exception chain are dropped.
    """

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return method(*args, **kwargs)
        except (WaitError, SettingsError, ConnectResourceError) as error:
            raise ConnectResourceError(str(error)).with_traceback(None) from None
        except Exception as error:
            if isinstance(error, ConnectError):
                raise ConnectResourceError(str(error)).with_traceback(None) from None
            raise

    return wrapper


# ------------------------------------------------------------------------------------- the seam


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def client_config(settings: Settings) -> ClientConfig:
    """The Connect client configuration for these settings."""

    return ClientConfig(
        region=settings.region or "europe-west1.gcp",
        project_key=settings.project_key or "",
        client_id=settings.client_id or "",
        client_secret=settings.client_secret or "",
        scopes=settings.scopes,
        connect_url=settings.connect_url,
        auth_url=settings.auth_url,
        connect_url_origin=url_origin(settings, "connectUrl", "the Connect URL"),
        auth_url_origin=url_origin(settings, "authUrl", "the auth URL"),
    )


RETRY_ATTEMPTS_ENVIRONMENT = "CONNECT_AS_CODE_RETRY_ATTEMPTS"
"""Attempts per API call (default 8, see ``connect/_constants.py``); fewer make a test's outage reach
the waiter sooner. Waits retry through outages up to their deadline whatever it is."""


def default_client(settings: Settings) -> ConnectClient:
    """A client of the real Connect API for these settings."""

    attempts = os.environ.get(RETRY_ATTEMPTS_ENVIRONMENT)
    policy = RetryPolicy(max_attempts=max(1, int(attempts))) if attempts and attempts.isdigit() else None
    return ConnectClient(client_config(settings), retry_policy=policy)


@dataclass(frozen=True)
class Runtime:
    """How the providers reach the outside world: API clients, time, and the progress lines they print.

    ``github_client`` makes the httpx client that reads connect.yaml from the Git host (default: the
    reader's own); ``wall_clock`` is the time of day (for log queries); ``backoff`` is the poll schedule of
    every wait (``CONNECT_AS_CODE_MAX_POLL_SECONDS`` caps it, see :func:`~connect_as_code.waiting.backoff_from_env`).
    """

    make_client: Callable[[Settings], ConnectClient] = default_client
    clock: Clock = field(default_factory=SystemClock)
    write: Callable[[str], None] = _stderr
    github_client: Callable[[], httpx.Client] | None = None
    wall_clock: Callable[[], float] = time.time
    backoff: Backoff = field(default_factory=lambda: backoff_from_env(os.environ))


_runtime = Runtime()
_clients: dict[Settings, ConnectClient] = {}
_clients_lock = threading.Lock()


def current_runtime() -> Runtime:
    """The runtime the providers of this process use."""
    return _runtime


@contextmanager
def use_runtime(runtime: Runtime) -> Iterator[Runtime]:
    """Run the body with ``runtime`` (tests); cached clients are closed on the way in and out."""
    global _runtime  # noqa: PLW0603 - the process-wide seam, swapped only by tests
    previous = _runtime
    close_clients()
    _runtime = runtime
    try:
        yield runtime
    finally:
        close_clients()
        _runtime = previous


def client_for(settings: Settings) -> ConnectClient:
    """The process-wide client for these settings, created on first use.

    Raises :class:`SettingsError` naming each missing credential setting.
    """
    missing = settings.missing_credentials()
    if missing:
        raise SettingsError("cannot reach the Connect API: missing " + ", ".join(missing))
    with _clients_lock:
        client = _clients.get(settings)
        if client is None:
            _route_retry_lines()
            client = _clients[settings] = _runtime.make_client(settings)
        return client


def close_clients() -> None:
    """Close and forget every cached client and what was read once (for a process that runs many programs)."""
    with _clients_lock:
        clients = list(_clients.values())
        _clients.clear()
        _read_once.clear()
        _read_locks.clear()
        ownership.forget()
    for client in clients:
        client.close()


_read_once: dict[Hashable, Any] = {}
_read_locks: dict[Hashable, threading.Lock] = {}


def read_once(key: Hashable, read: Callable[[], T]) -> T:
    """``read()`` the first time this process asks for ``key``, the same answer after.

    For what one run needs many times and does not change during it: the declaration of a connector,
    checked by each of its deployments (256 deployments of one connector read it once, not 256 times,
    in every preview), connect.yaml at a tag. Keys that depend on the credentials include the settings.
    The provider process lives for one run; :func:`close_clients` forgets it all.
    """
    with _clients_lock:
        if key in _read_once:
            return cast(T, _read_once[key])
        key_lock = _read_locks.setdefault(key, threading.Lock())
    with key_lock:  # callers of the same key that come meanwhile wait for this read, not start their own
        with _clients_lock:
            if key in _read_once:
                return cast(T, _read_once[key])
        value = read()
        with _clients_lock:
            _read_once[key] = value
        return value


class _RetryLines(logging.Handler):
    """Shows the client's retries (logged at INFO) as progress lines, so a user sees that a call was retried."""

    def emit(self, record: logging.LogRecord) -> None:
        _runtime.write(f"Connect API: {record.getMessage()}")


_retry_lines = _RetryLines(logging.INFO)


def _route_retry_lines() -> None:
    logger = logging.getLogger("connect_as_code.connect")
    if _retry_lines not in logger.handlers:
        logger.addHandler(_retry_lines)
        logger.setLevel(logging.INFO)


def settings_from_config(get: Callable[[str], Any]) -> Settings:
    """Resolve settings from the stack config handed to ``configure`` and this process's environment.

    ``get`` looks up one namespaced config key (``connect:region``), as ``pulumi.dynamic.Config.get`` does.
    """
    config = {key: str(value) for key in CONFIG_KEYS if (value := get(key)) is not None}
    return resolve(config, os.environ)


_notes: set[str] = set()
_notes_lock = threading.Lock()


def note_once(message: str) -> None:
    """Print ``message`` to the engine's diagnostics, once per provider process."""
    with _notes_lock:
        if message in _notes:
            return
        _notes.add(message)
    _runtime.write(message)


def warn(message: str) -> None:
    """Show ``message`` as a warning of the run, which a reviewer sees (see :mod:`_sdk_workarounds.host_messages`)."""
    host_messages.warn(message, _runtime.write)


def wait_capacity_note(pool: host_pool.HostPool | None) -> str | None:
    """What to tell before a wait when ``pool`` (the host's) could not be widened; ``None`` when all is well."""
    if pool is None or pool.problem is None:
        return None
    return (
        f"Connect providers: at most {pool.workers} resources are waited on at a time in this provider process, "
        f"the others wait their turn (the Pulumi dynamic-provider host's thread pool could not be widened: "
        f"{pool.problem})"
    )


def note_wait_capacity() -> None:
    """Before a wait: say, once per process, that waits go a few at a time because the host was not widened."""
    message = wait_capacity_note(host_pool.host_pool())
    if message is not None:
        note_once(message)


# ---------------------------------------------------------------------------------- providers


class ConnectProvider(ResourceProvider):
    """Base of the providers: reads settings in ``configure`` and hands out the shared client.

    ``serialize_as_secret_always`` is off because the pickle holds no secret (only the class reference);
    ``tests/unit/test_pickling.py`` checks that.
    """

    serialize_as_secret_always = False

    def configure(self, req: ConfigureRequest) -> None:
        """Resolve settings from stack config and environment; a malformed one is raised at first use.

        Also adjusts the provider host once (:mod:`_sdk_workarounds.host_diffs`,
        :mod:`_sdk_workarounds.host_messages`), and says so if it cannot.
        """
        diffs = host_diffs.install()
        if diffs not in ("installed", "not a provider host"):
            note_once(f"warning: previews show the engine's own diffs, not the providers' ({diffs})")
        errors = host_messages.install((ConnectResourceError,))
        if errors not in ("installed", "not a provider host"):
            note_once(f"warning: provider errors are shown with the host's traceback ({errors})")
        self._settings_error: SettingsError | None = None
        try:
            self._settings: Settings | None = settings_from_config(req.config.get)
        except SettingsError as error:
            self._settings, self._settings_error = None, error

    def __getstate__(self) -> dict[str, Any]:
        """Pickle nothing of the instance: settings, and the secret among them, stay in this process."""
        return {}

    @property
    def runtime(self) -> Runtime:
        """The clock and the progress output of this process (see :func:`use_runtime`)."""
        return _runtime

    def settings(self, inputs: Mapping[str, Any] | None = None) -> Settings:
        """The settings of an operation: the resource's ``connection`` when it has one, else the stack's.

        Raises the :class:`SettingsError` found in ``configure`` (stack settings) or in the connection.
        """
        connection = (inputs or {}).get("connection")
        if connection:
            return settings_of(connection)
        error = getattr(self, "_settings_error", None)
        if error is not None:
            raise error
        settings = getattr(self, "_settings", None)
        return settings or resolve({}, os.environ)

    def client(self, inputs: Mapping[str, Any] | None = None) -> ConnectClient:
        """The process-wide client for the operation's settings (see :meth:`settings`)."""
        return client_for(self.settings(inputs))

    def check_credentials(self, inputs: Mapping[str, Any] | None = None) -> None:
        """At ``pulumi preview``: get a token when credentials are set, so a wrong secret fails there.

        Without credentials, prints (once per process) that nothing was checked against the API.
        Reads only; the token is the one every later call of this process reuses.
        """
        missing = self.settings(inputs).missing_credentials()
        if missing:
            note_once(f"Connect API not consulted during checks: missing {', '.join(missing)}")
            return
        self.client(inputs).token_source.token()

    def project_key(self, inputs: Mapping[str, Any]) -> str:
        """The resource's project key: its own, else its connection's, else the stack's."""
        return inputs.get("project_key") or self.settings(inputs).require_project_key()


# ---------------------------------------------------------------------------------- writes


def write_with_one_reread(label: str, write: Callable[[T], T], reread: Callable[[], T], current: T) -> T:
    """Write against ``current``; after a version conflict, re-read once and write against the fresh object.

    ``write`` recomputes what to send from the object it is given (and may return it unchanged when
    there is nothing left to do). A second conflict means someone keeps changing the object: that is
    reported, never retried blindly.
    """

    try:
        return write(current)
    except ConcurrentModificationError:
        fresh = reread()
    try:
        return write(fresh)
    except ConcurrentModificationError as error:
        raise ConnectResourceError(
            f"{label} was changed by someone else while Pulumi was updating it (version {error.expected_version} "
            f"expected, {error.current_version} found, twice); run `pulumi up` again"
        ) from None


def read_for_update(label: str, id_: str, get: Callable[[], T]) -> T:
    """GET the object an update is about; a 404 becomes an error that says what to do."""

    try:
        return get()
    except NotFoundError:
        raise ConnectResourceError(
            f"{label} (id {id_}) no longer exists: it was deleted outside Pulumi. Run `pulumi refresh` to drop it "
            "from the state; the next `pulumi up` creates it again"
        ) from None


def create_or_adopt(find: Callable[[], T | None], post: Callable[[], T]) -> T:
    """POST a create whose body carries a key; when the outcome is unknown, look the key up first.

    The client never resends a create on its own (a lost answer would duplicate the object): here an
    object found under the key is the one the lost POST made, and only a key still free is posted again.
    """

    for attempt in range(1, CREATE_ATTEMPTS + 1):
        try:
            return post()
        except AmbiguousWriteError:
            found = find()
            if found is not None:
                return found
            if attempt == CREATE_ATTEMPTS:
                raise
    raise AssertionError("unreachable")
