"""The GCF entry `main.py` as functions-framework loads it, and its requirements.txt."""

from __future__ import annotations

import json
import os
from pathlib import Path

from deployments.gcp import requirements
from deployments.gcp.local import SOURCE, flask_app

JSON = {"content-type": "application/json"}


def test_entry_connects_nothing_at_import(tmp_path: Path) -> None:
    """Loading ``main.py`` opens no store: the SQLite file appears on the first request only."""
    database = tmp_path / "notes.db"
    app = flask_app({"FAASPORT_STORE": f"sqlite:///{database}"})
    assert not database.exists()
    assert app.test_client().get("/health").status_code == 200
    assert database.exists()


def test_entry_reimports_with_the_environment_of_each_load(tmp_path: Path) -> None:
    """The framework imports ``main.py`` afresh under one name; each app keeps its own store."""
    first = flask_app({"FAASPORT_STORE": f"sqlite:///{tmp_path / 'first.db'}"}).test_client()
    second = flask_app({"FAASPORT_STORE": f"sqlite:///{tmp_path / 'second.db'}"}).test_client()
    created = first.post("/notes", data=json.dumps({"title": "only in first"}), headers=JSON)
    location = created.headers["Location"]
    assert (created.status_code, first.get(location).status_code) == (201, 200)
    assert second.get(location).status_code == 404


def test_flask_app_puts_the_environment_back(tmp_path: Path) -> None:
    """The store URL and the framework's own FUNCTION_* writes do not outlive the load."""
    before = dict(os.environ)
    flask_app({"FAASPORT_STORE": f"sqlite:///{tmp_path / 'notes.db'}"})
    assert dict(os.environ) == before


def test_entry_exposes_handler_for_entry_point_handler() -> None:
    """``--entry-point handler``: the framework's app routes every path but two to it."""
    rules = {rule.rule: rule.endpoint for rule in flask_app().url_map.iter_rules()}
    assert rules == {"/": "run", "/<path:path>": "run", "/robots.txt": "error",
                     "/favicon.ico": "error", "/static/<path:filename>": "static"}  # fmt: skip
    assert SOURCE.name == "main.py"


def test_requirements_txt_is_the_generated_one() -> None:
    """Regenerate with the command in its header when a pinned version changes here."""
    committed = (Path(requirements.__file__).with_name("requirements.txt")).read_text()
    assert committed == requirements.render()
    assert [line.split("==")[0] for line in committed.splitlines() if line.startswith(
        ("functions-framework", "pydantic=", "pymongo"))] == [
        "functions-framework", "pydantic", "pymongo"]  # fmt: skip
