"""Reference data kept locally: the matters catalog (import, search) and the working-day calendar."""
