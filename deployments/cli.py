"""The `faasport` command: serve, invoke and openapi (package and deploy join them)."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any

from deployments import providers
from deployments.local.options import LocalOptions
from deployments.packaging import commands as packaging

EVENT_FORMATS = ("v1", "v2", "url", "alb", "alb-multi")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return int(args.run(args))
    except (ValueError, OSError) as error:
        print(f"faasport: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # a second Ctrl-C while stopping: leave without a traceback
        return 130


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="faasport",
        description="Run one notes backend unchanged on AWS Lambda, Google Cloud Functions, "
        "Azure Functions and Apache OpenWhisk, or locally.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_serve(commands)
    _add_invoke(commands)
    packaging.add(commands)
    openapi = commands.add_parser("openapi", help="print the OpenAPI 3.1 document")
    openapi.set_defaults(run=run_openapi)
    return parser


def _add_local_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("provider options")
    group.add_argument(
        "--event-format",
        choices=EVENT_FORMATS,
        default="v2",
        help="aws: the event shape to build (default: v2, HTTP API)",
    )
    group.add_argument(
        "--route-prefix", default="api", help="azure: the host's routePrefix (default: api)"
    )
    group.add_argument(
        "--web-mode",
        choices=("raw", "standard"),
        default="raw",
        help="openwhisk: web action mode (default: raw)",
    )
    group.add_argument("--ow-namespace", default="guest", help="openwhisk: namespace in the URL")
    group.add_argument("--ow-package", default="default", help="openwhisk: package in the URL")
    group.add_argument("--ow-action", default="notes", help="openwhisk: action name in the URL")


def _add_serve(commands: Any) -> None:
    serve = commands.add_parser("serve", help="run the backend over HTTP on this machine")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8080, help="port (default: 8080)")
    serve.add_argument("--store", help="store URL, overrides FAASPORT_STORE")
    serve.add_argument("--provider", choices=(*providers.PROVIDERS, "all"), default="core",
                       help="front door: the core directly (default) or a provider's emulation; "
                       "'all' serves each on consecutive ports")  # fmt: skip
    _add_local_options(serve)
    serve.set_defaults(run=run_serve)


def _add_invoke(commands: Any) -> None:
    invoke = commands.add_parser(
        "invoke", help="run one native event (or request description) and print the result"
    )
    invoke.add_argument("provider", choices=providers.PROVIDERS)
    invoke.add_argument("event", help="JSON file with the native input, or - for stdin")
    invoke.add_argument("--store", help="store URL, overrides FAASPORT_STORE")
    _add_local_options(invoke)
    invoke.set_defaults(run=run_invoke)


def local_options(args: argparse.Namespace) -> LocalOptions:
    """The provider options named on the command line."""
    return LocalOptions(
        event_format=args.event_format, route_prefix=args.route_prefix, web_mode=args.web_mode,
        namespace=args.ow_namespace, package=args.ow_package, action=args.ow_action,
    )  # fmt: skip


def run_serve(args: argparse.Namespace) -> int:
    """`faasport serve`: block serving until Ctrl-C."""
    if args.store:
        os.environ["FAASPORT_STORE"] = args.store
    names = providers.PROVIDERS if args.provider == "all" else (args.provider,)
    options = local_options(args)
    servers = [_start(name, args.host, args.port + i, options) for i, name in enumerate(names)]
    stopping = threading.Event()
    # SIGTERM (a process manager, a container stop) stops as cleanly as Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    try:
        while not stopping.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        print("\nfaasport: stopping", file=sys.stderr)
        for stop in servers:
            stop()
    return 0


def _start(name: str, host: str, port: int, options: LocalOptions) -> Any:
    """Start provider ``name`` in a thread; return a function that stops it."""
    module = providers.load(name)
    if hasattr(module, "start"):
        stop = module.start(host, port, options)
    else:
        from deployments.local.server import LocalServer

        server = LocalServer(host, port, module.gateway(options))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        stop = server.shutdown
    print(f"faasport: {name} listening on http://{host}:{port}", file=sys.stderr, flush=True)
    return stop


def run_invoke(args: argparse.Namespace) -> int:
    """`faasport invoke`: one native input through the provider's entry, result to stdout."""
    if args.store:
        os.environ["FAASPORT_STORE"] = args.store
    text = sys.stdin.read() if args.event == "-" else _read(args.event)
    try:
        payload = json.loads(text)
    except ValueError as error:
        raise ValueError(f"the event is not valid JSON: {error}") from None
    result = providers.load(args.provider).invoke(payload, local_options(args))
    print(json.dumps(result, indent=2))
    return 0


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def run_openapi(args: argparse.Namespace) -> int:
    """`faasport openapi`: print the document."""
    from core.app import API_TITLE, API_VERSION, create_app
    from core.openapi import openapi_document

    routes = create_app().router.routes
    print(json.dumps(openapi_document(routes, API_TITLE, API_VERSION), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
