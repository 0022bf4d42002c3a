"""Store fixtures: the shared MongoDB wire-protocol server."""

from tests.mongo_server import mongodb_uri

__all__ = ["mongodb_uri"]
