"""Azure Functions entry (Python v2 model): the notes backend as one catch-all HTTP function.

The worker indexes ``app``. Nothing connects at import: the store opens on first use.
``FAASPORT_AZURE_AUTH_LEVEL`` (function, anonymous or admin; default function) sets the key
the host requires.
"""

import os

from adapters.azure import function_app
from core.app import create_app

app = function_app(create_app(), auth_level=os.environ.get("FAASPORT_AZURE_AUTH_LEVEL", "FUNCTION"))
