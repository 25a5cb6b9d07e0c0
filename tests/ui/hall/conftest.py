"""The reference server for the hall page's tests (a real loopback process, as in tests/integration)."""
from tests.integration.conftest import central, start_server  # noqa: F401
