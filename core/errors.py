"""Core exceptions and the one table that maps them to RFC 9457 problem responses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from core.http import Response

PROBLEM_JSON = "application/problem+json"


class ProblemError(Exception):
    """Base of every error the core answers with a problem; ``detail`` is safe to show."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail)
        self.detail = detail


class BadRequest(ProblemError):
    """The request is malformed (bad JSON, bad query parameter)."""


class NotFound(ProblemError):
    """No such resource or route."""


class MethodNotAllowed(ProblemError):
    """The path exists but not with this method."""

    def __init__(self, allow: Sequence[str]) -> None:
        super().__init__("The method is not allowed on this resource.")
        self.allow = tuple(allow)


class UnsupportedMediaType(ProblemError):
    """The body's content type is not one the route accepts."""


class PayloadTooLarge(ProblemError):
    """The body is over the configured limit."""


class ValidationFailed(ProblemError):
    """The body does not satisfy the model; ``errors`` name locations, never values."""

    def __init__(self, errors: Sequence[dict[str, object]], detail: str = "") -> None:
        super().__init__(detail or "The request body is not valid.")
        self.errors = list(errors)


class IdempotencyConflict(ProblemError):
    """An Idempotency-Key was reused with a different request body."""


class VersionConflict(ProblemError):
    """A conditional write named a version that is no longer current."""


class StoreUnavailable(ProblemError):
    """The store cannot be reached or timed out; the client may retry."""

    retry_after = 1


@dataclass(frozen=True, slots=True)
class ProblemKind:
    """How one exception class is rendered: status, slug for ``type`` and title."""

    status: int
    slug: str
    title: str


PROBLEMS: dict[type[Exception], ProblemKind] = {
    BadRequest: ProblemKind(400, "bad-request", "Bad Request"),
    NotFound: ProblemKind(404, "not-found", "Not Found"),
    MethodNotAllowed: ProblemKind(405, "method-not-allowed", "Method Not Allowed"),
    VersionConflict: ProblemKind(412, "version-conflict", "Precondition Failed"),
    PayloadTooLarge: ProblemKind(413, "payload-too-large", "Content Too Large"),
    UnsupportedMediaType: ProblemKind(415, "unsupported-media-type", "Unsupported Media Type"),
    ValidationFailed: ProblemKind(422, "validation-failed", "Unprocessable Content"),
    IdempotencyConflict: ProblemKind(422, "idempotency-key-reused", "Unprocessable Content"),
    StoreUnavailable: ProblemKind(503, "store-unavailable", "Service Unavailable"),
}
INTERNAL = ProblemKind(500, "internal-error", "Internal Server Error")
TYPE_PREFIX = "urn:faasport:problem:"


def kind_of(error: BaseException) -> ProblemKind:
    """The problem kind of ``error``, looked up along its class hierarchy."""
    for cls in type(error).__mro__:
        kind = PROBLEMS.get(cls)
        if kind is not None:
            return kind
    return INTERNAL


def problem(kind: ProblemKind, detail: str, instance: str, **extra: object) -> Response:
    """An RFC 9457 ``application/problem+json`` response (``instance`` left out when empty)."""
    body: dict[str, object] = {
        "type": TYPE_PREFIX + kind.slug,
        "title": kind.title,
        "status": kind.status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    body.update(extra)
    return Response.json(body, status=kind.status, media_type=PROBLEM_JSON)


def problem_for(error: ProblemError, instance: str) -> Response:
    """Render a known core error as a problem response with its extra headers."""
    kind = kind_of(error)
    extra: dict[str, object] = {}
    if isinstance(error, ValidationFailed):
        extra["errors"] = error.errors
    response = problem(kind, error.detail, instance, **extra)
    if isinstance(error, MethodNotAllowed):
        return _with_header(response, "allow", ", ".join(error.allow))
    if isinstance(error, StoreUnavailable):
        return _with_header(response, "retry-after", str(error.retry_after))
    return response


def _with_header(response: Response, name: str, value: str) -> Response:
    pairs = (*response.headers.pairs, (name, value))
    return Response(response.status, type(response.headers)(pairs), response.body)
