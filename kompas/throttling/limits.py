"""Fixed-window limits counted in the Throttle table, so every process sees one count.

A limit names a scope, how many hits it allows and per how many seconds. Clients (an
address, an e-mail address, a response) are hashed into the key, never stored.
"""

from __future__ import annotations

import hashlib
import random
import time
from dataclasses import dataclass

from kompas.throttling.models import Throttle

__all__ = [
    "COHORT_STARTS",
    "RESUME_MAILS_PER_RECIPIENT",
    "RESUME_MAILS_PER_RESPONSE",
    "TOKEN_FAILURES",
    "Limit",
    "allows",
    "clock",
    "hit",
    "is_over",
    "prune",
]

#: One hit in this many prunes the table of windows that have passed.
PRUNE_ONE_IN = 1000


def clock() -> float:
    """Seconds since the epoch; tests patch this instead of sleeping."""
    return time.time()


@dataclass(frozen=True)
class Limit:
    scope: str
    limit: int
    window_seconds: int


#: Failed token look-ups per client address: 20 guesses per ten minutes. Only failures
#: count, and only a failure is ever refused, so a valid token always gets through.
TOKEN_FAILURES = Limit("token-failures", 20, 600)

#: Responses started from cohort links per client address. A lecture hall shares one
#: public address: 300 students within ten minutes, even 60 in the first minute, is about
#: 1 a second with bursts of a few; 30 in any ten seconds (3 a second) leaves room for the
#: bursts while a script firing 100 in a second is refused after its 30th. 1000 in ten
#: minutes lets three such halls share a NAT and stops a slow script at 1000.
COHORT_STARTS = (Limit("cohort-starts-burst", 30, 10), Limit("cohort-starts", 1000, 600))

#: Resume-link e-mails: a respondent needs one, perhaps a retry or a corrected address;
#: an open relay would need many. Per response an hour, per recipient a day.
RESUME_MAILS_PER_RESPONSE = Limit("resume-mail-response", 3, 3600)
RESUME_MAILS_PER_RECIPIENT = Limit("resume-mail-recipient", 5, 86400)


def _key(scope: str, client: str) -> str:
    return f"{scope}:{hashlib.sha256(client.encode()).hexdigest()[:40]}"


def hit(scope: str, client: str, limit: int, window_seconds: float) -> bool:
    """Count one hit of `client` in `scope`; True while it is within `limit` per window."""
    now = clock()
    # A chance, not a secret: B311 (random is not for cryptography) does not apply.
    if random.random() * PRUNE_ONE_IN < 1:  # nosec B311
        prune(now)
    return Throttle.objects.hit(_key(scope, client), now, window_seconds) <= limit


def is_over(scope: str, client: str, limit: int, window_seconds: float) -> bool:
    """True if `client` has used up `limit` in its current window (counting nothing)."""
    return Throttle.objects.count_of(_key(scope, client), clock()) >= limit


def allows(client: str, *limits: Limit) -> bool:
    """Count one hit of `client` against each of `limits`; True if within all of them."""
    results = [hit(each.scope, client, each.limit, each.window_seconds) for each in limits]
    return all(results)


def prune(now: float | None = None) -> int:
    """Delete the rows whose window has passed; how many went."""
    deleted, _ = Throttle.objects.expired(clock() if now is None else now).delete()
    return deleted
