"""`faasport deploy`: the exact provider commands, and a clear refusal without the CLI."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml

from deployments.cli import main
from deployments.packaging import deploy
from deployments.packaging.layout import Target

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        pytest.param(["aws"], [
            "sam deploy --template-file dist/aws/template.yaml --stack-name faasport-notes "
            "--capabilities CAPABILITY_IAM --resolve-s3 --no-confirm-changeset "
            '--parameter-overrides "StoreUrl=$FAASPORT_STORE"'], id="aws"),
        pytest.param(["gcp", "--region", "europe-west1"], [
            "gcloud functions deploy faasport-notes --gen2 --runtime=python311 "
            "--region=europe-west1 --source=dist/gcp/source --entry-point=handler "
            "--trigger-http --allow-unauthenticated "
            "--set-secrets=FAASPORT_STORE=faasport-store-url:latest"], id="gcp"),
        pytest.param(["azure", "--name", "notes-app"], [
            "az functionapp config appsettings set --name notes-app --resource-group faasport "
            "--settings 'FAASPORT_STORE=@Microsoft.KeyVault(VaultName=faasport-vault;"
            "SecretName=faasport-store-url)'",
            "(cd dist/azure/app && func azure functionapp publish notes-app --python --no-build)",
        ], id="azure"),
        pytest.param(["openwhisk"], [
            "wskdeploy --manifest deployments/openwhisk/manifest.yaml"], id="openwhisk"),
        pytest.param(["openwhisk", "--wsk"], [
            "wsk action update faasport-notes dist/openwhisk/notes.zip --kind=python:3.11 "
            '--web raw --param FAASPORT_STORE "$FAASPORT_STORE"'], id="openwhisk-wsk"),
    ],
)  # fmt: skip
def test_deploy_dry_run_prints_the_exact_commands(
    argv: list[str], expected: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["deploy", *argv, "--dry-run"]) == 0
    assert capsys.readouterr().out.splitlines() == expected


def test_deploy_without_the_cli_names_it_and_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With an empty PATH, `faasport deploy gcp` says gcloud is missing and how to get it."""
    (tmp_path / "dist" / "gcp" / "source").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert main(["deploy", "gcp"]) == 127
    assert capsys.readouterr().err.splitlines() == [
        "faasport: gcloud is not installed; get it with the Google Cloud SDK "
        "(https://cloud.google.com/sdk/docs/install)"
    ]


def test_deploy_commands_never_hold_the_store_url(monkeypatch: pytest.MonkeyPatch) -> None:
    """The URL is read from the environment when the command runs, never printed."""
    monkeypatch.setenv("FAASPORT_STORE", "mongodb+srv://user:pw@example.invalid/db")
    for provider in ("aws", "gcp", "azure", "openwhisk"):
        for use_wsk in (False, True):
            settings = deploy.Settings(use_wsk=use_wsk)
            for command in deploy.commands(provider, "dist", Target(), settings):
                assert "pw@" not in command.text()
    (aws,) = deploy.commands("aws", "dist", Target(), deploy.Settings())
    assert aws.resolved()[-1] == "StoreUrl=" + os.environ["FAASPORT_STORE"]


def test_deploy_descriptors_name_existing_entries() -> None:
    """host.json and the wskdeploy manifest parse and point at what packaging builds."""
    host = json.loads((ROOT / "deployments/azure/host.json").read_text())
    assert host["extensions"]["http"]["routePrefix"] == "api"
    manifest = yaml.safe_load((ROOT / "deployments/openwhisk/manifest.yaml").read_text())
    action = manifest["project"]["packages"]["faasport"]["actions"]["notes"]
    function = (ROOT / "deployments/openwhisk" / action["function"]).resolve()
    assert (function, action["runtime"], action["web"], action["main"]) == (
        ROOT / "dist" / "openwhisk" / "notes.zip", "python:3.11", "raw", "main"
    )  # fmt: skip
    assert (ROOT / "deployments/azure/function_app.py").exists()
