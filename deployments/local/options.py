"""Options of local emulation shared by `faasport serve` and `faasport invoke`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LocalOptions:
    """Per-provider knobs; each provider reads only its own."""

    event_format: str = "v2"  # aws: v1 (REST), v2 (HTTP API), url, alb, alb-multi
    route_prefix: str = "api"  # azure: host.json extensions.http.routePrefix
    web_mode: str = "raw"  # openwhisk: raw (web: raw) or standard (web: true)
    namespace: str = "guest"  # openwhisk
    package: str = "default"  # openwhisk
    action: str = "notes"  # openwhisk
