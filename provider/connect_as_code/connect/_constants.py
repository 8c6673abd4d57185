"""Tunables of the Connect client, in one place.

Every number the transport policy, the token cache and the client use lives here, so that a reader
can see the whole retry envelope at a glance and a test can build a :class:`RetryPolicy` from it.
"""

from __future__ import annotations

import httpx

from connect_as_code import __version__

CLIENT_VERSION = __version__

CONNECT_URL_TEMPLATE = "https://connect.{region}.commercetools.com"
AUTH_URL_TEMPLATE = "https://auth.{region}.commercetools.com"
TOKEN_PATH = "/oauth/token"

DEFAULT_TIMEOUT = 30.0
"""Seconds allowed for each phase (connect, read, write, pool) of a single HTTP request."""

DEFAULT_USER_AGENT = f"connect-as-code/{CLIENT_VERSION} python-httpx/{httpx.__version__}"
DEFAULT_CORRELATION_ID_PREFIX = "connect-as-code"

# Retry envelope. With these defaults a call makes at most 8 attempts; the full-jitter ceilings before
# retries 1..7 are 1, 2, 4, 8, 16, 20, 20 s, so the worst case spends about 71 s asleep, inside the budget.
# Eight rather than six: with a fifth of all requests faulted, six in a row fail about once in 40,000
# requests, eight about once in 2.5 million (the fault soak makes a few thousand).
MAX_ATTEMPTS = 8
"""Attempts per call, the first one included."""
BACKOFF_BASE = 1.0
"""Seconds: ceiling of the first retry delay; it doubles with every retry."""
BACKOFF_CAP = 20.0
"""Seconds: no backoff ceiling grows past this."""
RETRY_AFTER_CAP = 30.0
"""Seconds: the most a ``Retry-After`` header can make us wait before one retry."""
RETRY_BUDGET = 90.0
"""Seconds: no retry is started if it would begin later than this after the call's first attempt."""
UNRESOLVED_ATTEMPTS = 2
"""Attempts, the first one included, of a call whose host name does not resolve: DNS answers that a name
does not exist (EAI_NONAME, EAI_NODATA) after its own retries, so a second attempt covers a resolver's
blip and more only delay the message that names the host and the setting that chose it."""
UNRESOLVED_RETRY_DELAY = 0.3
"""Seconds: ceiling of the delay before the retry of a call whose host name does not resolve."""

# Token cache: refresh ahead of expiry by min(cap, fraction * expires_in), so a token with a lifetime
# of 48 h is renewed 5 min early and a 60 s test token 6 s early.
TOKEN_REFRESH_MARGIN_CAP = 300.0
TOKEN_REFRESH_MARGIN_FRACTION = 0.1
DEFAULT_TOKEN_LIFETIME = 3600.0
"""Seconds assumed when a token response carries no usable ``expires_in``."""

ERROR_TEXT_LIMIT = 200
"""Characters of a non-JSON error body kept in an error message."""
