"""Run settings of one emulator instance."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from connect_as_code.emulator.clock import Clock, SystemClock
from connect_as_code.emulator.domain.auth import default_scopes
from connect_as_code.emulator.domain.lifecycle import PROFILES, Durations
from connect_as_code.emulator.domain.repositories import FIXTURES_DIR
from connect_as_code.emulator.faults import FaultSettings

DEFAULT_CLIENT_ID = "connect-emulator"
DEFAULT_CLIENT_SECRET = "connect-emulator-secret"
DEFAULT_PROJECT = "demo-project"
DEFAULT_TOKEN_TTL = 172_800
DEFAULT_GITHUB_TOKEN = "connect-emulator-github-token"


@dataclass(frozen=True)
class Settings:
    """Everything that configures one emulator run (CLI flags map one to one onto these fields)."""

    host: str = "127.0.0.1"
    port: int = 0
    state_file: Path | None = None
    durations: Durations = PROFILES["default"]
    faults: FaultSettings = field(default_factory=FaultSettings)
    client_id: str = DEFAULT_CLIENT_ID
    client_secret: str = DEFAULT_CLIENT_SECRET
    project: str = DEFAULT_PROJECT
    scopes: tuple[str, ...] | None = None
    token_ttl: int = DEFAULT_TOKEN_TTL
    clock: Clock = field(default_factory=SystemClock)
    repositories_dir: Path = FIXTURES_DIR
    github_token: str = field(default=DEFAULT_GITHUB_TOKEN, repr=False)
    """The token the GitHub API routes (``/github/...``) accept; private repositories need it."""
    log_level: str = "warning"
    logs_endpoints: bool = True
    """Serve the Query Deployment Logs endpoints (deprecated; removed after 2027-01-31)."""

    def default_client_scopes(self) -> list[str]:
        """Scopes of the default API client (``manage_project:<project>`` unless given)."""
        return list(self.scopes) if self.scopes else default_scopes(self.project)
