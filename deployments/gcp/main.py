"""The Google Cloud Functions entry: the HTTP function ``handler`` over the notes backend.

Deployed at the root of a source folder, beside copies of ``core`` and ``adapters``, so
both are imported as top-level packages. Nothing connects at import: the store opens on
the first request.
"""

from __future__ import annotations

import os

import flask
import functions_framework

from adapters.gcp import http_function
from core.app import create_app

_serve = http_function(create_app(), function_name=os.environ.get("K_SERVICE", ""))


@functions_framework.http
def handler(request: flask.Request) -> flask.Response:
    """The HTTP function GCF calls (``--entry-point handler``)."""
    return _serve(request)
