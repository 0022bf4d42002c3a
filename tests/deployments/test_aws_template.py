"""The SAM template of the AWS deployment: cfn-lint accepts it and it names the real entry."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
import yaml
from cfnlint.api import lint, lint_file

TEMPLATE = Path(__file__).resolve().parents[2] / "deployments" / "aws" / "template.yaml"


class _Loader(yaml.SafeLoader):
    """Reads CloudFormation short-form tags as one-key maps: ``!Ref X`` -> ``{"Ref": "X"}``."""


def _tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    assert isinstance(node, yaml.ScalarNode)
    return {suffix: loader.construct_scalar(node)}


_Loader.add_multi_constructor("!", _tag)


def template() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.load(TEMPLATE.read_text(), Loader=_Loader)  # noqa: S506
    return loaded


def function() -> dict[str, Any]:
    props: dict[str, Any] = template()["Resources"]["NotesFunction"]["Properties"]
    return props


def test_aws_template_passes_cfn_lint() -> None:
    assert [str(match) for match in lint_file(TEMPLATE)] == []


def test_aws_template_lint_catches_a_broken_runtime() -> None:
    """The linter really checks this template: an outdated runtime is reported."""
    broken = TEMPLATE.read_text().replace("python3.11", "python2.7")
    assert [match.rule.id for match in lint(broken)] == ["E2533"]


def test_aws_template_handler_names_the_real_entry() -> None:
    module_name, _, attribute = function()["Handler"].rpartition(".")
    assert callable(getattr(importlib.import_module(module_name), attribute))


@pytest.mark.parametrize(
    ("path", "value"),
    [
        pytest.param(("Globals", "Function", "Runtime"), "python3.11", id="runtime"),
        pytest.param(("Parameters", "StoreUrl", "NoEcho"), True, id="store-url-not-echoed"),
        pytest.param(("Resources", "NotesFunction", "Properties", "FunctionUrlConfig"),
                     {"AuthType": "NONE"}, id="function-url"),
    ],
)  # fmt: skip
def test_aws_template_setting(path: tuple[str, ...], value: object) -> None:
    node: Any = template()
    for key in path:
        node = node[key]
    assert node == value


def test_aws_template_routes_every_path_of_the_http_api() -> None:
    events = function()["Events"]
    assert {name: event["Type"] for name, event in events.items()} == {
        "Root": "HttpApi",
        "Proxy": "HttpApi",
    }
    assert [(e["Properties"]["Method"], e["Properties"]["Path"]) for e in events.values()] == [
        ("ANY", "/"),
        ("ANY", "/{proxy+}"),
    ]


def test_aws_template_store_comes_from_the_parameter_not_plain_text() -> None:
    """Every environment value is a reference to a parameter, never a literal."""
    assert function()["Environment"]["Variables"] == {
        "FAASPORT_STORE": {"Ref": "StoreUrl"},
        "FAASPORT_DATABASE": {"Ref": "DatabaseName"},
        "FAASPORT_BASE_PATH": {"Ref": "BasePath"},
    }
