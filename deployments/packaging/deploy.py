"""`faasport deploy <provider>`: the provider CLI's exact commands for the built artifact.

Secrets never appear in a command: the store URL is named as an environment variable
(``$FAASPORT_STORE``, read only when the command runs) or as a secret in the provider's
secret store (Secret Manager, Key Vault).
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from deployments.packaging.layout import Target, layout

INSTALL_HINTS = {
    "sam": "pip install aws-sam-cli (https://docs.aws.amazon.com/serverless-application-model/"
    "latest/developerguide/install-sam-cli.html)",
    "gcloud": "the Google Cloud SDK (https://cloud.google.com/sdk/docs/install)",
    "func": "npm install -g azure-functions-core-tools@4 (Azure Functions Core Tools)",
    "az": "the Azure CLI (https://learn.microsoft.com/cli/azure/install-azure-cli)",
    "wskdeploy": "wskdeploy (https://github.com/apache/openwhisk-wskdeploy/releases)",
    "wsk": "the OpenWhisk CLI (https://github.com/apache/openwhisk-cli/releases)",
}


@dataclass(frozen=True, slots=True)
class Env:
    """An argument taken from an environment variable when the command runs, after ``prefix``."""

    name: str
    prefix: str = ""


@dataclass(frozen=True, slots=True)
class Command:
    """One command line, the folder it runs in (relative to the project root) and its text."""

    argv: tuple[str | Env, ...]
    cwd: str = "."

    def text(self) -> str:
        """The command as a shell line; environment arguments stay ``"$NAME"``."""
        words = " ".join(
            f'"{w.prefix}${w.name}"' if isinstance(w, Env) else shlex.quote(w) for w in self.argv
        )
        return words if self.cwd == "." else f"(cd {shlex.quote(self.cwd)} && {words})"

    def resolved(self) -> list[str]:
        """The argv with environment arguments filled in; a clear error if one is unset."""
        argv = []
        for word in self.argv:
            if isinstance(word, Env):
                if not os.environ.get(word.name):
                    raise ValueError(f"set {word.name} first: the command reads it from there")
                argv.append(word.prefix + os.environ[word.name])
            else:
                argv.append(word)
        return argv


@dataclass(frozen=True, slots=True)
class Settings:
    """The documented deploy parameters, with their defaults."""

    name: str = "faasport-notes"
    region: str = "us-central1"
    resource_group: str = "faasport"
    vault: str = "faasport-vault"
    secret: str = "faasport-store-url"  # noqa: S105 - the secret's name, not its value
    use_wsk: bool = False


def target_of(dist: Path, provider: str) -> Target:
    """The target the artifact was built for (``target.json``), or the default."""
    path = dist / provider / "target.json"
    if not path.exists():
        return Target()
    recorded = json.loads(path.read_text())
    return Target(python=recorded["python"], arch=recorded["arch"])


def commands(provider: str, dist: str, target: Target, settings: Settings) -> list[Command]:
    """The commands that deploy ``provider``'s artifact under ``dist`` (relative path)."""
    name = layout(provider).name
    folder = f"{dist}/{provider}"
    if provider == "aws":
        return [Command(("sam", "deploy", "--template-file", f"{folder}/template.yaml",
                         "--stack-name", settings.name, "--capabilities", "CAPABILITY_IAM",
                         "--resolve-s3", "--no-confirm-changeset", "--parameter-overrides",
                         Env("FAASPORT_STORE", "StoreUrl=")))]  # fmt: skip
    if provider == "gcp":
        return [Command(("gcloud", "functions", "deploy", settings.name, "--gen2",
                         f"--runtime=python{target.python.replace('.', '')}",
                         f"--region={settings.region}", f"--source={folder}/{name}",
                         "--entry-point=handler", "--trigger-http", "--allow-unauthenticated",
                         f"--set-secrets=FAASPORT_STORE={settings.secret}:latest"))]  # fmt: skip
    if provider == "azure":
        reference = f"@Microsoft.KeyVault(VaultName={settings.vault};SecretName={settings.secret})"
        return [
            Command(("az", "functionapp", "config", "appsettings", "set", "--name", settings.name,
                     "--resource-group", settings.resource_group, "--settings",
                     f"FAASPORT_STORE={reference}")),
            Command(("func", "azure", "functionapp", "publish", settings.name, "--python",
                     "--no-build"), cwd=f"{folder}/{name}"),
        ]  # fmt: skip
    if settings.use_wsk:
        return [Command(("wsk", "action", "update", settings.name, f"{folder}/{name}.zip",
                         f"--kind=python:{target.python}", "--web", "raw", "--param",
                         "FAASPORT_STORE", Env("FAASPORT_STORE")))]  # fmt: skip
    return [Command(("wskdeploy", "--manifest", "deployments/openwhisk/manifest.yaml"))]


def missing_clis(planned: Sequence[Command]) -> list[str]:
    """The CLIs the commands need that are not on PATH."""
    names = dict.fromkeys(str(command.argv[0]) for command in planned)
    return [name for name in names if shutil.which(name) is None]


def deploy(planned: Sequence[Command], root: Path, dry_run: bool, out: TextIO) -> int:
    """Print the commands; unless ``dry_run``, run them in order. The exit status."""
    for command in planned:
        print(command.text(), file=out, flush=True)
    if dry_run:
        return 0
    absent = missing_clis(planned)
    if absent:
        for name in absent:
            print(f"faasport: {name} is not installed; get it with {INSTALL_HINTS[name]}",
                  file=sys.stderr, flush=True)  # fmt: skip
        return 127
    for command in planned:
        status = subprocess.run(command.resolved(), cwd=root / command.cwd, check=False)
        if status.returncode != 0:
            return status.returncode
    return 0
