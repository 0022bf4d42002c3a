"""Reading what clients send: JSON bodies, query integers and conditional headers."""

from __future__ import annotations

import json
import re

from core.errors import BadRequest, PayloadTooLarge, UnsupportedMediaType, VersionConflict
from core.http import Request, media_type

JSON_TYPES = ("application/json",)
DIGITS = re.compile(r"[0-9]{1,9}\Z")  # ASCII only, and small enough for every store
MERGE_PATCH_TYPES = ("application/merge-patch+json", "application/json")


def read_json_object(
    request: Request, max_bytes: int, accepted: tuple[str, ...]
) -> dict[str, object]:
    """The body as a JSON object; 413, 415 or 400 when it is too big, not JSON or malformed."""
    if len(request.body) > max_bytes:
        raise PayloadTooLarge(f"The body is larger than {max_bytes} bytes.")
    if media_type(request.headers.get("content-type")) not in accepted:
        raise UnsupportedMediaType(f"Send the body as {' or '.join(accepted)}.")
    try:
        data = json.loads(request.body)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        raise BadRequest("The body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise BadRequest("The body must be a JSON object.")
    return data


def query_int(request: Request, name: str, default: int, low: int, high: int) -> int:
    """An integer query parameter within ``[low, high]``, else 400."""
    raw = request.query.get(name)
    if raw is None:
        return default
    if not DIGITS.match(raw) or not low <= int(raw) <= high:
        raise BadRequest(f"'{name}' must be a whole number from {low} to {high}.")
    return int(raw)


def etag(version: int) -> str:
    """The strong entity tag of a note version."""
    return f'"{version}"'


def if_match_versions(request: Request) -> frozenset[int] | None:
    """The versions an ``If-Match`` header accepts (None when absent or ``*``).

    Weak tags never match for If-Match (RFC 9110 13.1.1), nor do tags that name no
    version; when nothing in the header can match, the precondition fails at once.
    """
    raw = request.headers.get("if-match")
    if raw is None or raw.strip() == "*":
        return None
    versions = frozenset(
        int(tag[1:-1])
        for tag in (part.strip() for part in raw.split(","))
        if tag.startswith('"') and tag.endswith('"') and DIGITS.match(tag[1:-1])
    )
    if not versions:
        raise VersionConflict("If-Match names no version of this note.")
    return versions


def none_match(request: Request, version: int) -> bool:
    """Whether ``If-None-Match`` names this version (or ``*``), so 304 applies."""
    raw = request.headers.get("if-none-match")
    if raw is None:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in raw.split(",")}
    return "*" in tags or etag(version) in tags
