"""The `faasport package` and `faasport deploy` subcommands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from deployments.packaging import build, deploy, preflight
from deployments.packaging.layout import ARCHES, PROVIDERS, PYTHONS, Target


def add(commands: Any) -> None:
    """Register ``package`` and ``deploy`` on the `faasport` subcommand parsers."""
    package = commands.add_parser(
        "package", help="build the artifact a provider takes under dist/<provider>/ and check it"
    )
    package.add_argument("provider", choices=PROVIDERS)
    package.add_argument("--python", choices=PYTHONS, default="3.11",
                         help="the target runtime's Python (default: 3.11)")  # fmt: skip
    package.add_argument("--arch", choices=ARCHES, default="x86_64",
                         help="the target CPU architecture (default: x86_64)")  # fmt: skip
    package.add_argument("--out", type=Path, default=Path("dist"), help="default: dist")
    package.add_argument("--limits", type=Path, default=preflight.LIMITS,
                         help="a limits table to use instead of the published one")  # fmt: skip
    package.set_defaults(run=run_package)

    ship = commands.add_parser("deploy", help="print, then run, the provider CLI's commands")
    ship.add_argument("provider", choices=PROVIDERS)
    ship.add_argument("--dry-run", action="store_true", help="only print the commands")
    ship.add_argument("--dist", default="dist", help="the package output (default: dist)")
    defaults = deploy.Settings()
    ship.add_argument(
        "--name",
        default=defaults.name,
        help=f"stack / function / app / action name (default: {defaults.name})",
    )
    ship.add_argument("--region", default=defaults.region, help="gcp region (default: %(default)s)")
    ship.add_argument(
        "--resource-group",
        default=defaults.resource_group,
        help="azure resource group (default: %(default)s)",
    )
    ship.add_argument(
        "--vault",
        default=defaults.vault,
        help="azure Key Vault holding the store URL (default: %(default)s)",
    )
    ship.add_argument(
        "--secret",
        default=defaults.secret,
        help="secret holding the store URL in Secret Manager / Key Vault (default: %(default)s)",
    )
    ship.add_argument(
        "--wsk", action="store_true", help="openwhisk: `wsk action update` instead of wskdeploy"
    )
    ship.set_defaults(run=run_deploy)  # fmt: skip


def run_package(args: argparse.Namespace) -> int:
    """`faasport package`: build, print findings and the size summary; 1 on any error."""
    root = build.ROOT
    out = args.out if args.out.is_absolute() else Path.cwd() / args.out
    options = build.Options(root=root, out=out, cache=root / ".cache" / "pip", limits=args.limits)
    result = build.package(args.provider, Target(args.python, args.arch), options, sys.stderr)
    for finding in result.findings:
        print(f"faasport: {finding.level}: {finding.message}", file=sys.stderr)
    if not result.ok:
        print(f"faasport: {args.provider}: refused; nothing to upload", file=sys.stderr)
        return 1
    print(result.zip)
    return 0


def run_deploy(args: argparse.Namespace) -> int:
    """`faasport deploy`: the commands for the built artifact; run them unless --dry-run."""
    settings = deploy.Settings(
        name=args.name, region=args.region, resource_group=args.resource_group,
        vault=args.vault, secret=args.secret, use_wsk=args.wsk,
    )  # fmt: skip
    dist = Path(args.dist)
    target = deploy.target_of(dist, args.provider)
    planned = deploy.commands(args.provider, args.dist.rstrip("/"), target, settings)
    if not (dist / args.provider).exists():
        print(f"faasport: {dist / args.provider} does not exist yet: run "
              f"`faasport package {args.provider}` first", file=sys.stderr)  # fmt: skip
        if not args.dry_run:
            return 1
    return deploy.deploy(planned, Path.cwd(), args.dry_run, sys.stdout)
