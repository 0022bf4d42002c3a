"""The OpenWhisk action: ``main(args)``, the notes App behind the web-action adapter.

Zipped with this file at the root beside ``core/`` and ``adapters/`` (``--kind python:3.11
--web raw``). Settings come from the environment and from the bound ``FAASPORT_*``
parameters of the first activation; nothing connects at import.
"""

import os

from adapters.openwhisk import web_action
from core.app import create_app
from core.config import Settings

main = web_action(lambda bound: create_app(Settings.from_env({**os.environ, **bound})), os.environ)
