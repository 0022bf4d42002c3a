"""OpenAPI 3.1 document generated from the route table and the pydantic models."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from core.errors import PROBLEM_JSON
from core.routing import Route

REF = "#/components/schemas/{model}"
PROBLEM_SCHEMA = {
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["type", "title", "status"],
}


def openapi_document(routes: Sequence[Route], title: str, version: str) -> dict[str, object]:
    """The OpenAPI 3.1 document describing ``routes``."""
    models = _models(routes)
    _, defs = models_json_schema([(model, "validation") for model in models], ref_template=REF)
    schemas = dict(defs.get("$defs", {}))
    schemas["Problem"] = PROBLEM_SCHEMA
    paths: dict[str, dict[str, object]] = {}
    for route in routes:
        paths.setdefault(route.template, {})[route.method.lower()] = _operation(route)
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version},
        "paths": paths,
        "components": {"schemas": schemas},
    }


def _models(routes: Sequence[Route]) -> list[type[BaseModel]]:
    found: dict[str, type[BaseModel]] = {}
    for route in routes:
        for model in (route.request_model, route.response_model):
            if isinstance(model, type) and issubclass(model, BaseModel):
                found[model.__name__] = model
    return list(found.values())


def _ref(model: type | None) -> dict[str, str]:
    return {"$ref": REF.format(model=getattr(model, "__name__", "Problem"))}


def _operation(route: Route) -> dict[str, object]:
    operation: dict[str, object] = {
        "operationId": route.operation_id,
        "summary": route.summary,
        "responses": {str(code): _response(route, code, text) for code, text in
                      route.responses.items()},
    }  # fmt: skip
    if route.parameters:
        operation["parameters"] = list(route.parameters)
    if route.request_model is not None:
        content = {media: {"schema": _ref(route.request_model)}
                   for media in route.request_media_types}  # fmt: skip
        operation["requestBody"] = {"required": True, "content": content}
    return operation


def _response(route: Route, code: int, text: str) -> dict[str, object]:
    if code >= 400:
        return {
            "description": text or "A problem",
            "content": {PROBLEM_JSON: {"schema": _ref(None)}},
        }
    if code in (204, 304) or route.response_model is None:
        return {"description": text or "No content"}
    return {
        "description": text,
        "content": {"application/json": {"schema": _ref(route.response_model)}},
    }
