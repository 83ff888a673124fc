"""Emulator knobs: per-route fault queues, call counters and OAuth tokens (issued, expired, accepted)."""

from __future__ import annotations

import itertools
import secrets
import threading
from collections import Counter, deque
from dataclasses import asdict, dataclass


@dataclass
class Fault:
    """What to do to the next `count` calls of a route instead of (or before) answering normally.

    `status` 429 answers with a JSON rate-limit body and Retry-After; other statuses with text.
    `latency_s` delays the call (then it proceeds unless status/drop_connection is set).
    """

    status: int | None = None
    retry_after: int | None = None
    latency_s: float = 0.0
    drop_connection: bool = False
    drop_after: bool = False  # run the call, then drop: it landed but the client cannot know
    count: int = 1


class Faults:
    """FIFO fault queues keyed by route name (`files/upload`, `oauth2/token`, or `*` for any)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queues: dict[str, deque[Fault]] = {}
        self.served: Counter[str] = Counter()

    def add(self, route: str, **fields) -> Fault:
        fault = Fault(**fields)
        with self._lock:
            self._queues.setdefault(normalize_route(route), deque()).append(fault)
        return fault

    def take(self, route: str) -> Fault | None:
        with self._lock:
            for key in (route, "*"):
                queue = self._queues.get(key)
                if queue:
                    fault = queue[0]
                    fault.count -= 1
                    if fault.count <= 0:
                        queue.popleft()
                    self.served[route] += 1
                    return Fault(**{**asdict(fault), "count": 1})
        return None

    def pending(self) -> dict[str, list[dict]]:
        with self._lock:
            return {route: [asdict(f) for f in queue] for route, queue in self._queues.items() if queue}

    def clear(self) -> None:
        with self._lock:
            self._queues.clear()
            self.served.clear()


class Tokens:
    """Access tokens. Any bearer token is accepted unless it was marked expired or revoked; tokens
    issued by /oauth2/token can be expired in bulk to exercise the SDK's refresh-and-retry path."""

    def __init__(self, lifetime_s: int = 14400, refresh_tokens: set[str] | None = None):
        self.lifetime_s = lifetime_s
        self.refresh_tokens = refresh_tokens  # None: any non-empty refresh token is valid
        self.issued: list[str] = []
        self.expired: set[str] = set()
        self.revoked: set[str] = set()
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()

    def issue(self, refresh_token: str) -> str | None:
        if not refresh_token or (self.refresh_tokens is not None and refresh_token not in self.refresh_tokens):
            return None
        with self._lock:
            token = f"sl.emu{next(self._numbers)}-{secrets.token_urlsafe(24)}"
            self.issued.append(token)
        return token

    def check(self, token: str) -> str | None:
        """None when the token is good, else the AuthError tag to answer with."""
        if token in self.revoked:
            return "invalid_access_token"
        if token in self.expired:
            return "expired_access_token"
        return None

    def expire(self, token: str | None = None) -> None:
        """Expire one token, or every token issued so far."""
        with self._lock:
            self.expired.update([token] if token else self.issued)

    def reset(self) -> None:
        with self._lock:
            self.issued.clear()
            self.expired.clear()
            self.revoked.clear()


def normalize_route(route: str) -> str:
    route = route.strip("/")
    return route[2:] if route.startswith("2/") else route
