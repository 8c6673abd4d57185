"""What the providers share inside the provider process: settings, one API client, progress lines.

Nothing here is pickled into state: providers keep no attributes of their own, and the client (with
its token) lives in a process-wide cache keyed by the settings, so every resource of a stack shares one
token and one connection pool.
"""

from __future__ import annotations

import functools
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from pulumi.dynamic import ConfigureRequest, ResourceProvider

from connect_as_code.settings import CONFIG_KEYS, Settings, SettingsError, resolve
from connect_as_code.waiting import WaitError

if TYPE_CHECKING:
    # The client (httpx, pydantic) is imported where it is used: a provider process that only checks and
    # diffs unchanged resources, as in most previews, never loads it (see the README, "Performance").
    from connect_as_code.connect import ConnectClient

T = TypeVar("T")
P = ParamSpec("P")


class ConnectResourceError(Exception):
    """An operation on a resource failed; the message says what happened and what to do."""


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
            from connect_as_code.connect import ConnectError

            if isinstance(error, ConnectError):
                raise ConnectResourceError(str(error)).with_traceback(None) from None
            raise

    return wrapper


CREATE_ATTEMPTS = 5

_clients: dict[Settings, ConnectClient] = {}
_clients_lock = threading.Lock()


def settings_from_config(get: Callable[[str], Any]) -> Settings:
    """Resolve settings from the stack config handed to ``configure`` and this process's environment.

    ``get`` looks up one namespaced config key (``connect:region``), as ``pulumi.dynamic.Config.get`` does.
    """
    config = {key: str(value) for key in CONFIG_KEYS if (value := get(key)) is not None}
    return resolve(config, os.environ)


def client_for(settings: Settings) -> ConnectClient:
    """The process-wide client for these settings, created on first use.

    Raises :class:`SettingsError` naming each missing credential setting.
    """
    missing = settings.missing_credentials()
    if missing:
        raise SettingsError("cannot reach the Connect API: missing " + ", ".join(missing))
    from connect_as_code.connect import ClientConfig, ConnectClient

    with _clients_lock:
        client = _clients.get(settings)
        if client is None:
            client = ConnectClient(
                ClientConfig(
                    region=settings.region or "europe-west1.gcp",
                    project_key=settings.project_key or "",
                    client_id=settings.client_id or "",
                    client_secret=settings.client_secret or "",
                    scopes=settings.scopes,
                    connect_url=settings.connect_url,
                    auth_url=settings.auth_url,
                )
            )
            _clients[settings] = client
        return client


class ConnectProvider(ResourceProvider):
    """Base of the providers: reads settings in ``configure`` and hands out the shared client.

    ``serialize_as_secret_always`` is off because the pickle holds no secret (only the class reference);
    ``tests/unit/test_pickling.py`` checks that.
    """

    serialize_as_secret_always = False

    def configure(self, req: ConfigureRequest) -> None:
        """Resolve settings from stack config and environment; a malformed one is raised at first use."""
        self._settings_error: SettingsError | None = None
        try:
            self._settings: Settings | None = settings_from_config(req.config.get)
        except SettingsError as error:
            self._settings, self._settings_error = None, error

    def __getstate__(self) -> dict[str, Any]:
        """Pickle nothing of the instance: settings, and the secret among them, stay in this process."""
        return {}

    def settings(self) -> Settings:
        """The resolved settings (raises the :class:`SettingsError` found in ``configure``)."""
        error = getattr(self, "_settings_error", None)
        if error is not None:
            raise error
        settings = getattr(self, "_settings", None)
        return settings or resolve({}, os.environ)

    def client(self) -> ConnectClient:
        """The process-wide client for these settings."""
        return client_for(self.settings())

    def check_credentials(self) -> None:
        """At ``pulumi preview``: get a token when credentials are set, so a wrong secret fails there.

        Without credentials, prints (once per process) that nothing was checked against the API.
        Reads only; the token is the one every later call of this process reuses.
        """
        missing = self.settings().missing_credentials()
        if missing:
            note_once(f"Connect API not consulted during checks: missing {', '.join(missing)}")
            return
        self.client().token_source.token()

    def project_key(self, declared: str | None) -> str:
        """The resource's project key, else the one from settings."""
        return declared or self.settings().require_project_key()


def close_clients() -> None:
    """Close and forget every cached client (for a long-lived process that runs many programs)."""
    with _clients_lock:
        clients = list(_clients.values())
        _clients.clear()
    for client in clients:
        client.close()


JsonDict = dict[str, Any]


def write_with_one_reread(
    label: str, write: Callable[[JsonDict], JsonDict], reread: Callable[[], JsonDict], current: JsonDict
) -> JsonDict:
    """Write against ``current``; after a version conflict, re-read once and write against the fresh object.

    ``write`` recomputes what to send from the object it is given (and may return it unchanged when
    there is nothing left to do). A second conflict means someone keeps changing the object: that is
    reported, never retried blindly.
    """
    from connect_as_code.connect import ConcurrentModificationError

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
    from connect_as_code.connect import NotFoundError

    try:
        return get()
    except NotFoundError:
        raise ConnectResourceError(
            f"{label} (id {id_}) no longer exists: it was deleted outside Pulumi. Run `pulumi refresh` to drop it "
            "from the state; the next `pulumi up` creates it again"
        ) from None


_notes: set[str] = set()
_notes_lock = threading.Lock()


def note_once(message: str) -> None:
    """Print ``message`` to the engine's diagnostics, once per provider process."""
    with _notes_lock:
        if message in _notes:
            return
        _notes.add(message)
    print(message, file=sys.stderr, flush=True)


def create_or_adopt(find: Callable[[], T | None], post: Callable[[], T]) -> T:
    """POST a create whose body carries a key; when the outcome is unknown, look the key up first.

    The client never resends a create on its own (a lost answer would duplicate the object): here an
    object found under the key is the one the lost POST made, and only a key still free is posted again.
    """
    from connect_as_code.connect import AmbiguousWriteError

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


@dataclass
class ProgressReporter:
    """Prints one line per status change, and at most one line per ``interval`` while nothing changes.

    Provider output reaches the Pulumi CLI as diagnostics without a resource name, so each line starts
    with the resource kind and key.
    """

    label: str
    interval: float = 30.0
    write: Callable[[str], None] = field(default=lambda line: print(line, file=sys.stderr, flush=True))
    clock: Callable[[], float] = time.monotonic
    _last_status: str | None = None
    _last_line_at: float = float("-inf")

    def __call__(self, status: str, elapsed: float) -> None:
        """Report ``status`` seen after ``elapsed`` seconds, unless it would be noise."""
        now = self.clock()
        if status == self._last_status and now - self._last_line_at < self.interval:
            return
        self._last_status = status
        self._last_line_at = now
        self.write(f"{self.label}: {status} ({elapsed:.0f} s)")


__all__ = [
    "ConnectProvider",
    "ProgressReporter",
    "SettingsError",
    "client_for",
    "close_clients",
    "create_or_adopt",
    "note_once",
    "read_for_update",
    "settings_from_config",
    "write_with_one_reread",
]
