"""The HTTP scenarios of the notes API, run through every driver (every front door)."""

from __future__ import annotations

import json
import uuid
from typing import Any
from urllib.parse import urljoin

import pytest

from tests.contract.driver import Driver, Reply

JSON = ("content-type", "application/json")
MERGE = ("content-type", "application/merge-patch+json")


def post(driver: Driver, payload: Any, *headers: tuple[str, str]) -> Reply:
    return driver.send("POST", "/notes", [JSON, *headers], json.dumps(payload).encode())


def create(driver: Driver, **fields: Any) -> dict[str, Any]:
    reply = post(driver, {"title": "a note", **fields})
    assert reply.status == 201, reply.body
    note: dict[str, Any] = reply.json()
    return note


def unique_tag() -> str:
    return "t-" + uuid.uuid4().hex[:12]


def assert_problem(reply: Reply, status: int) -> dict[str, Any]:
    assert reply.status == status, reply.body
    assert reply.headers.get("content-type") == "application/problem+json"
    body: dict[str, Any] = reply.json()
    assert body["status"] == status
    assert body["type"].startswith("urn:faasport:problem:")
    return body


def test_create_returns_note_with_location_and_etag(driver: Driver) -> None:
    reply = post(driver, {"title": "Buy milk", "description": "two litres", "tags": ["home"]})
    assert reply.status == 201
    note = reply.json()
    assert set(note) == {"id", "title", "description", "tags", "version", "createdAt", "updatedAt"}
    assert (note["title"], note["description"], note["tags"]) == (
        "Buy milk",
        "two litres",
        ["home"],
    )
    assert note["version"] == 1
    assert note["createdAt"] == note["updatedAt"]
    assert reply.headers.get("location") == f"notes/{note['id']}"
    assert reply.headers.get("etag") == '"1"'


def test_location_resolves_to_the_note_behind_any_prefix(driver: Driver) -> None:
    """Location is relative to the request URI, so following it works behind any prefix."""
    reply = post(driver, {"title": "follow me"})
    location = urljoin("/notes", reply.headers.get("location") or "")
    assert driver.send("GET", location).json() == reply.json()


def test_create_defaults_optional_fields(driver: Driver) -> None:
    note = create(driver)
    assert (note["description"], note["tags"]) == ("", [])


def test_read_returns_note_and_etag(driver: Driver) -> None:
    note = create(driver, title="Ünïcødé ✓ title")
    reply = driver.send("GET", f"/notes/{note['id']}")
    assert reply.status == 200
    assert reply.json() == note
    assert reply.headers.get("etag") == '"1"'


def test_read_with_matching_if_none_match_is_304(driver: Driver) -> None:
    note = create(driver)
    reply = driver.send("GET", f"/notes/{note['id']}", [("If-None-Match", '"1"')])
    assert reply.status == 304
    assert reply.body == b""
    stale = driver.send("GET", f"/notes/{note['id']}", [("If-None-Match", '"7"')])
    assert stale.status == 200


def test_head_is_get_without_body(driver: Driver) -> None:
    note = create(driver)
    get = driver.send("GET", f"/notes/{note['id']}")
    reply = driver.send("HEAD", f"/notes/{note['id']}")
    assert reply.status == 200
    assert reply.body == b""
    assert reply.headers.get("etag") == '"1"'
    assert reply.headers.get("content-length") == str(len(get.body))


def test_list_paginates_by_cursor_and_filters_by_tag(driver: Driver) -> None:
    tag = unique_tag()
    ids = [create(driver, title=f"n{i}", tags=[tag])["id"] for i in range(5)]
    create(driver, title="other")
    seen: list[str] = []
    target = f"/notes?limit=2&tag={tag}"
    pages = 0
    while True:
        page = driver.send("GET", target).json()
        pages += 1
        assert len(page["items"]) <= 2
        seen += [item["id"] for item in page["items"]]
        if page["next"] is None:
            break
        target = f"/notes?limit=2&tag={tag}&after={page['next']}"
    assert seen == sorted(ids)
    assert pages == 3


def test_list_default_limit_and_shape(driver: Driver) -> None:
    create(driver)
    page = driver.send("GET", "/notes").json()
    assert set(page) == {"items", "next"}
    assert 1 <= len(page["items"]) <= 20


def test_list_tag_with_space_and_unicode_is_decoded(driver: Driver) -> None:
    tag = f"my tag é {uuid.uuid4().hex[:6]}"
    note = create(driver, tags=[tag])
    encoded = tag.replace(" ", "%20").replace("é", "%C3%A9")
    page = driver.send("GET", f"/notes?tag={encoded}").json()
    assert [item["id"] for item in page["items"]] == [note["id"]]


@pytest.mark.parametrize(
    "query",
    ["limit=0", "limit=101", "limit=abc", "limit=%C2%B2", "limit=99999999999999999999",
     "after=not-a-cursor"],
)  # fmt: skip
def test_list_bad_query_is_400(driver: Driver, query: str) -> None:
    assert_problem(driver.send("GET", f"/notes?{query}"), 400)


def test_put_replaces_and_bumps_version(driver: Driver) -> None:
    note = create(driver, description="old", tags=["x"])
    body = json.dumps({"title": "new"}).encode()
    reply = driver.send("PUT", f"/notes/{note['id']}", [JSON], body)
    assert reply.status == 200
    updated = reply.json()
    assert (updated["title"], updated["description"], updated["tags"]) == ("new", "", [])
    assert updated["version"] == 2
    assert updated["createdAt"] == note["createdAt"]
    assert reply.headers.get("etag") == '"2"'


def test_put_with_stale_if_match_is_412_and_writes_nothing(driver: Driver) -> None:
    note = create(driver)
    path = f"/notes/{note['id']}"
    body = json.dumps({"title": "v2"}).encode()
    assert driver.send("PUT", path, [JSON, ("If-Match", '"1"')], body).status == 200
    stale = driver.send(
        "PUT", path, [JSON, ("If-Match", '"1"')], json.dumps({"title": "x"}).encode()
    )
    assert_problem(stale, 412)
    assert driver.send("GET", path).json()["title"] == "v2"


def test_patch_merges_and_null_resets(driver: Driver) -> None:
    note = create(driver, description="keep", tags=["a", "b"])
    path = f"/notes/{note['id']}"
    reply = driver.send("PATCH", path, [MERGE], json.dumps({"title": "t2", "tags": None}).encode())
    assert reply.status == 200
    patched = reply.json()
    assert (patched["title"], patched["description"], patched["tags"]) == ("t2", "keep", [])
    assert patched["version"] == 2


def test_if_match_with_several_tags_matches_any_of_them(driver: Driver) -> None:
    note = create(driver)
    path = f"/notes/{note['id']}"
    body = json.dumps({"description": "d"}).encode()
    assert driver.send("PATCH", path, [JSON, ("If-Match", '"7", "1"')], body).status == 200
    assert_problem(driver.send("PATCH", path, [JSON, ("If-Match", '"7", "1"')], body), 412)


@pytest.mark.parametrize("tag", ['"99999999999999999999"', '"²"', 'W/"1"'])
def test_if_match_that_cannot_match_is_412(driver: Driver, tag: str) -> None:
    note = create(driver)
    body = json.dumps({"title": "x"}).encode()
    assert_problem(driver.send("PUT", f"/notes/{note['id']}", [JSON, ("If-Match", tag)], body), 412)


def test_patch_accepts_application_json_and_honours_if_match(driver: Driver) -> None:
    note = create(driver)
    path = f"/notes/{note['id']}"
    body = json.dumps({"description": "d"}).encode()
    assert driver.send("PATCH", path, [JSON, ("If-Match", '"1"')], body).status == 200
    assert_problem(driver.send("PATCH", path, [JSON, ("If-Match", '"1"')], body), 412)


def test_patch_rejects_unknown_field_and_bad_value(driver: Driver) -> None:
    note = create(driver)
    path = f"/notes/{note['id']}"
    unknown = assert_problem(driver.send("PATCH", path, [MERGE], b'{"colour": "red"}'), 422)
    assert unknown["errors"][0]["loc"] == ["colour"]
    assert_problem(driver.send("PATCH", path, [MERGE], b'{"title": null}'), 422)


def test_delete_then_gone(driver: Driver) -> None:
    note = create(driver)
    path = f"/notes/{note['id']}"
    reply = driver.send("DELETE", path)
    assert reply.status == 204
    assert reply.body == b""
    assert_problem(driver.send("GET", path), 404)
    assert_problem(driver.send("DELETE", path), 404)


def test_delete_with_stale_if_match_is_412(driver: Driver) -> None:
    note = create(driver)
    path = f"/notes/{note['id']}"
    assert_problem(driver.send("DELETE", path, [("If-Match", '"9"')]), 412)
    assert driver.send("DELETE", path, [("If-Match", '"1"')]).status == 204


def test_idempotency_key_replays_the_first_note(driver: Driver) -> None:
    key = ("Idempotency-Key", uuid.uuid4().hex)
    tag = unique_tag()
    first = post(driver, {"title": "once", "tags": [tag]}, key)
    again = post(driver, {"title": "once", "tags": [tag]}, key)
    assert (first.status, again.status) == (201, 201)
    assert again.json() == first.json()
    page = driver.send("GET", f"/notes?tag={tag}").json()
    assert len(page["items"]) == 1


def test_idempotency_key_with_another_body_is_422(driver: Driver) -> None:
    key = ("Idempotency-Key", uuid.uuid4().hex)
    assert post(driver, {"title": "one"}, key).status == 201
    assert_problem(post(driver, {"title": "two"}, key), 422)


def test_deeply_nested_json_is_400(driver: Driver) -> None:
    reply = driver.send("POST", "/notes", [JSON], b"[" * 100_000)
    if "malformed-json" in getattr(driver, "platform_answers", ()):
        assert reply.status == 400, reply.body
        return
    assert_problem(reply, 400)


def test_malformed_json_is_400(driver: Driver) -> None:
    reply = driver.send("POST", "/notes", [JSON], b'{"title": ')
    if "malformed-json" in getattr(driver, "platform_answers", ()):
        assert reply.status == 400, reply.body  # the provider's own 400, before the function
        return
    assert_problem(reply, 400)


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_non_json_content_type_is_415(driver: Driver, content_type: str | None) -> None:
    headers = [("content-type", content_type)] if content_type else []
    assert_problem(driver.send("POST", "/notes", headers, b'{"title": "x"}'), 415)


def test_validation_names_fields_never_values(driver: Driver) -> None:
    secret = "S3CRET-" + "x" * 300
    reply = post(driver, {"title": secret, "tags": ["ok"] * 21, "extra": secret})
    problem = assert_problem(reply, 422)
    assert {tuple(error["loc"]) for error in problem["errors"]} == {
        ("title",),
        ("tags",),
        ("extra",),
    }
    assert secret.encode() not in reply.body


def test_body_over_limit_is_413(driver: Driver) -> None:
    body = json.dumps({"title": "big", "description": "x" * (300 * 1024)}).encode()
    assert_problem(driver.send("POST", "/notes", [JSON], body), 413)


@pytest.mark.parametrize("note_id", ["nope", "0" * 23, "Z" * 24, "%24where"])
def test_malformed_id_is_404(driver: Driver, note_id: str) -> None:
    assert_problem(driver.send("GET", f"/notes/{note_id}"), 404)


def test_unknown_id_is_404(driver: Driver) -> None:
    assert_problem(driver.send("GET", "/notes/" + "0" * 24), 404)


def test_unknown_path_is_404(driver: Driver) -> None:
    assert_problem(driver.send("GET", "/no/such/path"), 404)


def test_wrong_method_is_405_with_allow(driver: Driver) -> None:
    reply = driver.send("DELETE", "/notes")
    assert_problem(reply, 405)
    assert reply.headers.get("allow") == "GET, HEAD, POST"


def test_health_is_ok(driver: Driver) -> None:
    reply = driver.send("GET", "/health")
    assert reply.status == 200
    assert reply.json() == {"status": "ok"}


def test_openapi_document_is_served(driver: Driver) -> None:
    reply = driver.send("GET", "/openapi.json")
    assert reply.status == 200
    document = reply.json()
    assert document["openapi"] == "3.1.0"
    assert "/notes/{id}" in document["paths"]
