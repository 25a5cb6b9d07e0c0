"""The reference central platform: a real HTTP process with its own SQLite database.

It implements the contract in ``resources/api/openapi.yaml`` so the sync client can be tested
end to end on loopback, and it can inject the faults real networks produce (latency, 5xx, 429,
a connection dropped after the commit, malformed bodies, the wrong content type, clock skew).
Run it with ``python -m tests.central_server --port P --db FILE [--faults SPEC --seed N]``.
Admin endpoints under ``/admin/`` (no auth, loopback only) let tests inspect and steer it.
"""
