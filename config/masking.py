"""Secrets masked by construction: values registered when settings load become `***` in every message.

Registered values are also matched URL-encoded, JSON-escaped and, for URLs, by their password, path and
long path segments (a calendar's secret address carries its token in the path). The registry starts empty.
"""

from __future__ import annotations

import json
import re
import threading
from urllib.parse import quote, quote_plus, unquote, urlsplit

MASK = "***"
MIN_CHARS = 4  # shorter values would mask ordinary words; no real credential is this short
MIN_SEGMENT_CHARS = 12  # URL path segments at least this long are secret-like (`private-<token>`)

_lock = threading.Lock()
_secrets: set[str] = set()
_pattern: re.Pattern | None = None


def register_secret(value) -> None:
    """Mask `value` (a str or pydantic SecretStr; None is ignored) and its encoded forms from now on."""
    global _pattern
    raw = value.get_secret_value() if hasattr(value, "get_secret_value") else value
    if not isinstance(raw, str) or len(raw.strip()) < MIN_CHARS:
        return
    found = {v for v in _variants(raw.strip()) if len(v) >= MIN_CHARS}
    with _lock:
        if found <= _secrets:
            return
        _secrets.update(found)
        # Longest first, so a whole URL is masked before a part of it.
        _pattern = re.compile("|".join(re.escape(s) for s in sorted(_secrets, key=len, reverse=True)))


def registered() -> frozenset[str]:
    return frozenset(_secrets)


def mask(text):
    """`text` with every registered secret replaced by `***`; anything not a str is returned as is."""
    pattern = _pattern
    if pattern is None or not isinstance(text, str) or not text:
        return text
    return pattern.sub(MASK, text)


def mask_data(value):
    """Strings in nested dicts, lists and tuples masked (artifact tables, JSON bodies)."""
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {mask_data(k): mask_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(mask_data(v) for v in value)
    return value


def _variants(raw: str) -> set[str]:
    found = {raw, quote(raw, safe=""), quote_plus(raw), json.dumps(raw)[1:-1], unquote(raw)}
    found |= _json_parts(raw) | _url_parts(raw)
    return found | {quote(v, safe="") for v in set(found)} | {json.dumps(v)[1:-1] for v in set(found)}


def _json_parts(raw: str) -> set[str]:
    """A service account key: its private key, the key's base64 lines, and its id."""
    if not raw.startswith("{"):
        return set()
    try:
        data = json.loads(raw)
    except ValueError:
        return set()
    parts: set[str] = set()
    for key in ("private_key", "private_key_id", "client_secret", "refresh_token"):
        value = data.get(key) if isinstance(data, dict) else None
        if isinstance(value, str) and value:
            parts.add(value)
            parts |= {line.strip() for line in value.splitlines() if len(line.strip()) >= 16 and "-----" not in line}
    return parts


def _url_parts(raw: str) -> set[str]:
    """An address with a token: its password, path, query and long path segments (decoded too)."""
    parts: set[str] = set()
    for url in (u.strip() for u in raw.split(",")):  # notification URLs come comma-separated
        if "://" not in url:
            continue
        parts.add(url)
        try:
            split = urlsplit(url)
            password = split.password
        except ValueError:
            continue
        if password:
            parts |= {password, unquote(password)}
        if split.query:
            parts.add(split.query)
        if len(split.path.strip("/")) >= MIN_SEGMENT_CHARS:
            parts |= {split.path, unquote(split.path)}
        for segment in split.path.split("/"):
            if len(segment) >= MIN_SEGMENT_CHARS:
                parts |= {segment, unquote(segment)}
    return parts
