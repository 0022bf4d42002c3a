"""A functions-framework HTTP function that records the neutral Request the GCF adapter builds.

The adapter tests load it with ``functions_framework.create_app(target="capture", ...)``, so
each request goes through the framework's own routing and middleware first. The framework
imports this file under the module name ``capture``; tests read ``seen`` from there and set
``reply`` to choose the answer.
"""

from __future__ import annotations

import flask
import functions_framework

from adapters.gcp import http_function
from core.http import Request, Response

seen: list[Request] = []
reply = Response(204)


def _record(request: Request) -> Response:
    seen.append(request)
    return reply


_serve = http_function(_record, function_name="notes")


@functions_framework.http
def capture(request: flask.Request) -> flask.Response:
    """Record the translated request, answer with ``reply``."""
    return _serve(request)
