"""Neutral HTTP types every adapter speaks: Request, Response, Invocation and App.

Standard library only. Headers and query are multi-valued so that repeated keys
(``Set-Cookie``, ``?tag=a&tag=b``) survive every provider.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeAlias
from urllib.parse import unquote_plus

Pairs: TypeAlias = tuple[tuple[str, str], ...]
PairsInput: TypeAlias = "Mapping[str, str | Iterable[str]] | Iterable[tuple[str, str]] | None"


def _to_pairs(source: PairsInput) -> Pairs:
    """Normalise a mapping (values may be lists) or an iterable of pairs into pairs."""
    if not source:
        return ()
    if isinstance(source, tuple):
        return source  # already pairs: the hot path of adapters and of copies
    if isinstance(source, Mapping):
        items = tuple(source.items())
        for _, value in items:
            if type(value) is not str:
                return tuple(_expand(items))
        return items  # the common case: one string value per key
    return tuple((str(key), str(value)) for key, value in source)


def _expand(items: Iterable[tuple[str, str | Iterable[str]]]) -> Iterator[tuple[str, str]]:
    for key, value in items:
        if isinstance(value, str):
            yield key, value
        else:
            yield from ((key, item) for item in value)


class MultiDict:
    """An immutable, ordered, multi-valued mapping; keys compare as given."""

    __slots__ = ("_index", "pairs")
    _folds = False  # whether keys compare case-insensitively

    def __init__(self, source: PairsInput = None) -> None:
        self.pairs: Pairs = _to_pairs(source)
        self._index: dict[str, list[str]] | None = None

    def _fold(self, key: str) -> str:
        return key.lower() if self._folds else key

    def _lookup(self) -> dict[str, list[str]]:
        """Folded key -> values, built on first lookup (most requests read a few headers)."""
        index = self._index
        if index is None:
            index = {}
            if self._folds:
                for name, value in self.pairs:
                    index.setdefault(name.lower(), []).append(value)
            else:
                for name, value in self.pairs:
                    index.setdefault(name, []).append(value)
            self._index = index
        return index

    def get(self, key: str, default: str | None = None) -> str | None:
        """The first value of ``key``, or ``default``."""
        values = self._lookup().get(self._fold(key))
        return values[0] if values else default

    def get_all(self, key: str) -> list[str]:
        """Every value of ``key`` in arrival order."""
        return list(self._lookup().get(self._fold(key), ()))

    def keys(self) -> list[str]:
        """Distinct keys in first-arrival order."""
        seen: dict[str, str] = {}
        for name, _ in self.pairs:
            seen.setdefault(self._fold(name), name)
        return list(seen.values())

    def to_dict(self) -> dict[str, list[str]]:
        """A plain dict of key -> list of values (keys as first seen), in one pass."""
        if not self._folds:
            return {name: list(values) for name, values in self._lookup().items()}
        names: dict[str, str] = {}
        result: dict[str, list[str]] = {}
        for name, value in self.pairs:
            first = names.setdefault(name.lower(), name)
            if first in result:
                result[first].append(value)
            else:
                result[first] = [value]
        return result

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._fold(key) in self._lookup()

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)

    def __bool__(self) -> bool:
        return bool(self.pairs)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, MultiDict) and type(other) is type(self) and other.pairs == self.pairs
        )

    def __hash__(self) -> int:
        return hash((type(self), self.pairs))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self.pairs)!r})"


class Query(MultiDict):
    """Query parameters: keys are case-sensitive, repeated keys kept."""

    __slots__ = ()


class Headers(MultiDict):
    """HTTP headers: names compare case-insensitively, repeated names kept."""

    __slots__ = ()
    _folds = True


@dataclass(frozen=True, slots=True)
class Invocation:
    """Who called and how: provider, ids, deadline, cold start and the raw native input."""

    provider: str = "core"
    request_id: str = ""
    function_name: str = ""
    deadline: float | None = None  # absolute time.time() seconds, None when unbounded
    cold_start: bool = False
    client_ip: str | None = None
    trace_id: str | None = None
    raw_event: Any = field(default=None, repr=False, compare=False)
    raw_context: Any = field(default=None, repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class Request:
    """A provider-neutral HTTP request; ``path`` is decoded and relative to the API root."""

    method: str
    path: str
    query: Query = field(default_factory=Query)
    headers: Headers = field(default_factory=Headers)
    body: bytes = b""
    invocation: Invocation = field(default_factory=Invocation)


@dataclass(frozen=True, slots=True)
class Response:
    """A provider-neutral HTTP response; several ``Set-Cookie`` headers may be present."""

    status: int
    headers: Headers = field(default_factory=Headers)
    body: bytes = b""

    @classmethod
    def json(
        cls, data: object, status: int = 200, headers: PairsInput = None, media_type: str = ""
    ) -> Response:
        """A JSON response; ``media_type`` overrides ``application/json``."""
        body = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
        pairs = (("content-type", media_type or "application/json"), *_to_pairs(headers))
        return cls(status=status, headers=Headers(pairs), body=body)


App: TypeAlias = Callable[[Request], Response]


def parse_query(query_string: str) -> Query:
    """A raw query string's pairs in order: repeats and blank values kept, ``+`` as space."""
    pairs = []
    for part in query_string.split("&") if query_string else ():
        if part:
            key, _, value = part.partition("=")
            pairs.append((_unquote(key), _unquote(value)))
    return Query(tuple(pairs))


def _unquote(text: str) -> str:
    # Most keys and values need no decoding; skip the work for them.
    return unquote_plus(text) if "%" in text or "+" in text else text


TEXT_TYPES = ("text/", "application/json", "application/xml", "application/javascript")


class ColdStart:
    """Answers True once: for the first invocation an entry serves (its cold start)."""

    __slots__ = ("_calls",)

    def __init__(self) -> None:
        self._calls = itertools.count()

    def __call__(self) -> bool:
        """Whether this is the first call; ``next`` on a count is atomic under the GIL."""
        return next(self._calls) == 0


def text_body(body: bytes, content_type: str | None) -> str | None:
    """The body as text when it can travel as text (empty, or a text type in UTF-8), else None.

    Providers that carry bodies in JSON send the others base64-encoded.
    """
    if not body:
        return ""
    if not is_text_type(content_type):
        return None
    try:
        return body.decode()
    except UnicodeDecodeError:  # a text type in another charset: base64 keeps it intact
        return None


def media_type(content_type: str | None) -> str:
    """The lower-case media type of a Content-Type value, without parameters ("" if absent)."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def is_text_type(content_type: str | None) -> bool:
    """Whether a body of this content type is text (safe to send without base64)."""
    if not content_type:
        return False
    media = media_type(content_type)
    return media.startswith(TEXT_TYPES) or media.endswith(("+json", "+xml"))
