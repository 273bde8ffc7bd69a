"""Link tokens: 128+ bits from the operating system's CSPRNG; only their hash is stored."""

from __future__ import annotations

import hashlib
import secrets

__all__ = ["hash_token", "new_token"]

_TOKEN_BYTES = 24  # 192 bits


def new_token() -> str:
    """A fresh URL-safe token (32 characters, 192 random bits)."""
    return secrets.token_urlsafe(_TOKEN_BYTES)


def hash_token(token: str) -> str:
    """The stored form of a token: its SHA-256 in hex. Tokens are random, so no salt."""
    # A token with a lone surrogate matches nothing, and must not crash the look-up.
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()
