"""One structured JSON log line per request, and the logger setup."""

from __future__ import annotations

import json
import logging
import sys

LOGGER_NAME = "faasport"
logger = logging.getLogger(LOGGER_NAME)


class JsonFormatter(logging.Formatter):
    """Formats records as one JSON object per line, merging ``extra={"fields": {...}}``."""

    def format(self, record: logging.LogRecord) -> str:
        """Render ``record`` as JSON."""
        line: dict[str, object] = {"level": record.levelname.lower(), "msg": record.getMessage()}
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            line.update(fields)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


def configure(level: str) -> None:
    """Send faasport's log lines as JSON to stderr once, at ``level``."""
    logger.setLevel(level)
    if not any(isinstance(h.formatter, JsonFormatter) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
        logger.propagate = False
