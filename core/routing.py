"""A small route table: ``(method, path template) -> handler``, with 404 and 405 + Allow."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from core.errors import MethodNotAllowed, NotFound
from core.http import Headers, Request, Response

Params = dict[str, str]
Handler = Callable[[Request, Params], Response]


@dataclass(frozen=True, slots=True)
class Route:
    """One operation: method, template such as ``/notes/{id}``, handler and its API doc."""

    method: str
    template: str
    handler: Handler
    summary: str = ""
    operation_id: str = ""
    request_model: type | None = None
    request_media_types: tuple[str, ...] = ("application/json",)
    response_model: type | None = None
    responses: dict[int, str] = field(default_factory=dict)
    parameters: tuple[dict[str, object], ...] = ()
    segments: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "segments", _split(self.template))

    def match(self, parts: Sequence[str]) -> Params | None:
        """Path parameters when ``parts`` fits this template, else ``None``."""
        if len(parts) != len(self.segments):
            return None
        params: Params = {}
        for pattern, part in zip(self.segments, parts, strict=True):
            if pattern.startswith("{"):
                if not part:
                    return None
                params[pattern[1:-1]] = part
            elif pattern != part:
                return None
        return params


def _split(path: str) -> tuple[str, ...]:
    return tuple(path.strip("/").split("/")) if path.strip("/") else ()


class Router:
    """Dispatches a request to the first route whose template and method match."""

    def __init__(self, routes: Sequence[Route]) -> None:
        self.routes = tuple(routes)

    def dispatch(self, request: Request) -> Response:
        """Call the matching handler, or raise NotFound / MethodNotAllowed."""
        parts = _split(request.path)
        allowed: list[str] = []
        for route in self.routes:
            params = route.match(parts)
            if params is None:
                continue
            if route.method == request.method:
                return route.handler(request, params)
            allowed.append(route.method)
        if not allowed:
            raise NotFound("No resource at this path.")
        if request.method == "HEAD" and "GET" in allowed:
            return _head(self, request)
        raise MethodNotAllowed(sorted({*allowed, "HEAD"} if "GET" in allowed else set(allowed)))


def _head(router: Router, request: Request) -> Response:
    """HEAD is GET without the body, but with the length the body would have had."""
    get = Request("GET", request.path, request.query, request.headers, b"", request.invocation)
    response = router.dispatch(get)
    headers = response.headers
    if response.body and "content-length" not in headers:
        headers = Headers((*headers.pairs, ("content-length", str(len(response.body)))))
    return Response(response.status, headers, b"")
