"""A catalog change that keeps a matter's name reuses its stored search keys: no pypinyin needed.

pypinyin takes 0.15-0.3 s to load its tables, once per process. The clerk's PC pulls once after
start, and that pull is usually a delta of fees, time limits and materials; the search keys
depend only on the name and department, so the stored ones are reused and pypinyin is not
loaded at all. A renamed matter still gets new keys (the pinned pull test compares every key).
"""
from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from desktop.services.catalog.service import apply_matters

CHILD = r"""
import json, sys
from pathlib import Path
from desktop.config import load_config
from desktop.services.context import AppContext
from desktop.services.catalog.service import apply_matters

ctx = AppContext.open(load_config(data_dir=Path(sys.argv[1]), search_default_provisioning=False))
items = json.loads(sys.argv[2])
with ctx.db.transaction() as s:
    summary = apply_matters(s, items, [], "server", actor="sync")
ctx.close()
print(json.dumps({"changed": summary.changed, "pypinyin": "pypinyin" in sys.modules}))
"""


def _keys(ctx) -> dict[str, tuple[str, str, str]]:
    with ctx.db.session() as s:
        return {code: (t, i, p) for code, t, i, p in s.execute(
            text("SELECT code, search_text, initials, pinyin FROM matter ORDER BY code"))}


def test_a_pull_of_changed_fees_and_materials_after_start_does_not_load_pypinyin(ctx, catalog, sample_data):
    before = _keys(ctx)
    changed = copy.deepcopy(sample_data["matters"][:5])
    for m in changed:
        m["fee_note"] = "收费标准调整"
        m["materials"] = m["materials"][:1]
    ctx.close()  # the child process is the app started afresh
    data_dir = Path(ctx.config.db_path).parent
    root = Path(__file__).resolve().parents[3]
    out = subprocess.run([sys.executable, "-c", CHILD, str(data_dir), json.dumps(changed, ensure_ascii=False)],
                         cwd=root, capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"})
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"changed": [m["code"] for m in changed], "pypinyin": False}
    reopened = type(ctx).open(ctx.config)
    try:
        assert _keys(reopened) == before
    finally:
        reopened.close()


def test_a_renamed_matter_gets_new_keys(ctx, catalog, sample_data):
    renamed = {**copy.deepcopy(sample_data["matters"][0]), "name": "鳏寡老人补贴申领"}
    with ctx.db.transaction() as s:
        apply_matters(s, [renamed], [], "server")
    key = _keys(ctx)[renamed["code"]]
    assert key[1] == "gglrbtsl" and key[2] == "guangualaorenbutieshenling"
