"""Settings read from environment variables, in this one place only."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATA_DIR = ".faasport"


@dataclass(frozen=True, slots=True)
class Settings:
    """Runtime configuration; see the README's Configuration table."""

    store_url: str = f"sqlite:///{DEFAULT_DATA_DIR}/notes.db"
    database: str = ""
    max_body_bytes: int = 256 * 1024
    log_level: str = "INFO"
    idempotency_ttl_seconds: int = 24 * 3600
    store_timeout_ms: int = 5000

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from ``FAASPORT_*`` variables; unset ones keep their defaults."""
        env = os.environ if environ is None else environ
        data_dir = env.get("FAASPORT_DATA_DIR", DEFAULT_DATA_DIR)
        base = cls()
        return cls(
            store_url=env.get("FAASPORT_STORE") or f"sqlite:///{Path(data_dir) / 'notes.db'}",
            database=env.get("FAASPORT_DATABASE", ""),
            max_body_bytes=_int(env, "FAASPORT_MAX_BODY_BYTES", base.max_body_bytes),
            log_level=env.get("FAASPORT_LOG_LEVEL", base.log_level).upper(),
            idempotency_ttl_seconds=_int(
                env, "FAASPORT_IDEMPOTENCY_TTL_SECONDS", base.idempotency_ttl_seconds
            ),
            store_timeout_ms=_int(env, "FAASPORT_STORE_TIMEOUT_MS", base.store_timeout_ms),
        )


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from None
    if value <= 0:
        raise ValueError(f"{name} must be positive, got {value}")
    return value
