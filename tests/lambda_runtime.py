"""The real Lambda runtime for tests: awslambdaric under the Runtime Interface Emulator."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.servers import free_port, go_binary, stop, wait_for_port

RIE = "github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie"
RIE_VERSION = "v0.0.0-20261030222936-bef5c4ba774d"  # what the Go module proxy serves
INVOKE = "/2015-03-31/functions/function/invocations"
HANDLER = "deployments.aws.handler.handler"


@contextmanager
def lambda_runtime(task_root: Path, store: Path, extra_env: dict[str, str]) -> Iterator[str]:
    """Run ``HANDLER`` from ``task_root`` under the emulator; yield its invoke URL."""
    binary = go_binary(RIE, RIE_VERSION, "aws-lambda-rie")
    port, api_port = free_port(), free_port()
    env = {
        "PATH": str(Path(sys.executable).parent),
        "FAASPORT_STORE": f"sqlite:///{store}",
        "FAASPORT_LOG_LEVEL": "WARNING",
        "AWS_LAMBDA_FUNCTION_NAME": "faasport-notes",
        **extra_env,
    }
    command = [
        str(binary), "--log-level", "error",
        "--runtime-interface-emulator-address", f"127.0.0.1:{port}",
        "--runtime-api-address", f"127.0.0.1:{api_port}",
        sys.executable, "-m", "awslambdaric", HANDLER,
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=task_root, env=env, stdout=subprocess.DEVNULL)
    try:
        wait_for_port(port, process=process)
        yield f"http://127.0.0.1:{port}{INVOKE}"
    finally:
        stop(process)
