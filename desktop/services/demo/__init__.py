"""The demo hall and synthetic data for demos and benchmarks (never on a real counter)."""
