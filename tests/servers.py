"""Real servers and runtimes for the tests: Go binaries built once and cached, free ports.

Binaries are built with ``go install`` into ``.cache/bin/<name>-<version>/`` (ignored by
git), so later runs reuse them. Under ``CI=true`` a server that cannot be had fails the
test; elsewhere it is skipped with the reason.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache"


def missing(reason: str) -> None:
    """Fail under CI (a real server must be there), skip elsewhere."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"required for CI: {reason}")
    pytest.skip(reason)


def _go(name: str) -> str:
    """The Go toolchain, or fail (CI) / skip (elsewhere)."""
    go = shutil.which("go")
    if go is None:
        missing(f"the Go toolchain is needed to build {name}")
        raise AssertionError("unreachable")
    return go


def _slot(name: str, version: str) -> Path:
    """The cache folder of one binary version (the binary inside is named ``name``)."""
    folder = CACHE / "bin" / f"{name}-{version}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def go_binary(package: str, version: str, name: str, env: dict[str, str] | None = None) -> Path:
    """Build ``package@version`` with ``go install`` once; the cached binary's path."""
    folder = _slot(name, version)
    binary = folder / name
    if binary.exists():
        return binary
    go = _go(name)
    build_env = {**os.environ, "GOBIN": str(folder), "GOFLAGS": "-trimpath", **(env or {})}
    log = folder / "build.log"
    with log.open("w") as out:
        result = subprocess.run(
            [go, "install", f"{package}@{version}"], env=build_env, stdout=out, stderr=out,
            timeout=1200, check=False,
        )  # fmt: skip
    if result.returncode != 0 or not binary.exists():
        missing(f"go install {package}@{version} failed: {log.read_text()[-2000:]}")
    return binary


def go_module_binary(
    module: str, version: str, package: str, name: str, extra_files: dict[str, str]
) -> Path:
    """Build ``module@version``'s ``package`` from a copy of its module cache folder.

    For modules that ``go install`` builds but that need a generated file to run
    (FerretDB wants ``build/version/version.txt``): download, copy, add the files, build.
    """
    folder = _slot(name, version)
    binary = folder / name
    if binary.exists():
        return binary
    go = _go(name)
    log = folder / "build.log"
    with log.open("w") as out:
        fetched = subprocess.run(
            [go, "mod", "download", "-json", f"{module}@{version}"], capture_output=True,
            text=True, timeout=1200, check=False,
        )  # fmt: skip
        out.write(fetched.stderr)
        if fetched.returncode != 0:
            missing(f"go mod download {module}@{version} failed: {fetched.stdout[-2000:]}")
        source = folder / "src"
        shutil.rmtree(source, ignore_errors=True)
        shutil.copytree(json.loads(fetched.stdout)["Dir"], source)
        for path in source.rglob("*"):
            path.chmod(path.stat().st_mode | 0o200)  # the module cache is read-only
        for relative, text in extra_files.items():
            (source / relative).write_text(text)
        built = subprocess.run(
            [go, "build", "-trimpath", "-o", str(binary), package], cwd=source, stdout=out,
            stderr=out, timeout=1200, check=False,
        )  # fmt: skip
    shutil.rmtree(folder / "src", ignore_errors=True)
    if built.returncode != 0 or not binary.exists():
        missing(f"go build of {module}@{version} failed: {log.read_text()[-2000:]}")
    return binary


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_port(
    port: int, timeout: float = 30.0, process: subprocess.Popen[bytes] | None = None
) -> None:
    """Block until 127.0.0.1:``port`` accepts connections, or raise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listened on 127.0.0.1:{port} within {timeout} s")


def stop(process: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    """Terminate a server and reap it."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
