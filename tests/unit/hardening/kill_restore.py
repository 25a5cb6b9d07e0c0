"""Run in a child process by the restore tests: restore a backup and die (os._exit) at the N-th rename."""
from __future__ import annotations

import os
import sys
from pathlib import Path


def main() -> None:
    backup, db, crash_at = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    real_replace, real_rename = os.replace, os.rename
    calls = {"n": 0}

    def counted(real):
        def rename(src, dst, *args, **kwargs):
            calls["n"] += 1
            if calls["n"] == crash_at:
                os._exit(137)  # kill -9 at this rename: no cleanup, no finally
            return real(src, dst, *args, **kwargs)
        return rename

    os.replace, os.rename = counted(real_replace), counted(real_rename)
    from desktop.store import migrate

    migrate.restore_database(backup, db)
    print("renames", calls["n"], flush=True)


if __name__ == "__main__":
    main()
