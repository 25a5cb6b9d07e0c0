"""Counter devices behind small interfaces: real adapters where the platform has them, simulators for tests/demo."""
