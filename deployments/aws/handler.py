"""The AWS Lambda entry (``deployments.aws.handler.handler``): the notes API behind the adapter.

``FAASPORT_BASE_PATH`` names a custom-domain base-path mapping to remove from paths.
Importing this module opens no connection; the store opens on the first request.
"""

from __future__ import annotations

import os

from adapters.aws import lambda_handler
from core.app import create_app

handler = lambda_handler(create_app(), base_path=os.environ.get("FAASPORT_BASE_PATH", ""))
