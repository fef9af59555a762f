"""framing: source attribution and framing analysis of news."""

__version__ = "0.3.0"
SCHEMA_VERSION = "1.1"
