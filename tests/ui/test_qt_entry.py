"""``ui.qt`` hands out each Qt name on first use, and it is the very object PySide6's module names."""
from __future__ import annotations

import ast
import importlib
import json
import subprocess
import sys
from pathlib import Path

import ui.qt

QT_PY = Path(ui.qt.__file__)


def listed_names() -> list[tuple[str, str]]:
    """(module, name) for every name ``ui/qt.py`` imports for the type checker."""
    tree = ast.parse(QT_PY.read_text(encoding="utf-8"))
    return [(node.module, alias.name) for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("PySide6.")
            for alias in node.names]


def test_every_listed_name_resolves_to_pysides_own_object():
    names = listed_names()
    assert len(names) > 90
    for module, name in names:
        assert getattr(ui.qt, name) is getattr(importlib.import_module(module), name), name


def test_importing_the_entry_point_builds_no_qt_class_until_it_is_asked_for():
    probe = ("import json, ui.qt; before = sorted(k for k in vars(ui.qt) if k.startswith('Q'));"
             " from ui.qt import QTextEdit; print(json.dumps([before, 'QTextEdit' in vars(ui.qt)]))")
    done = subprocess.run([sys.executable, "-c", probe], cwd=QT_PY.parents[1], capture_output=True, text=True,
                          timeout=120, check=True)
    before, cached = json.loads(done.stdout.strip().splitlines()[-1])
    assert before == [] and cached
