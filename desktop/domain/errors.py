"""The one kind of error whose message is meant for the person at the screen.

A service that refuses something the clerk (or the supervisor, or IT at the command line)
can act on raises a subclass of :class:`UserError` whose text is already in their language
and says what to do. The GUI shows such a message as it is, and the CLI prints it, without a
list of "known" error classes to keep up to date; anything that is *not* a ``UserError``
is a bug and goes to the crash path with its stack in the log.

Subclasses may keep other bases too (``class ConfigError(UserError, ValueError)``) so older
``except ValueError`` sites keep working.
"""
from __future__ import annotations


class UserError(Exception):
    """A refusal or a problem explained to the user; ``str(error)`` is the message to show."""
