"""Pure domain rules: no I/O, no storage, no Qt. Everything here is safe to call from anywhere."""
