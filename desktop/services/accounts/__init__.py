"""Accounts and sign-in: argon2 hashes, roles, lockout, audited account changes."""
