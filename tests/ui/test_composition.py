"""The house rules of ui/: one composition root, operations of plain values, an event hub.

These read the source (an AST scan) and the operation classes themselves, so a new screen that
builds its own service, or an operation that captures a widget, fails here before it fails at
the counter.
"""
from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import ui
import ui.operations
from ui.operations.base import Operation, is_plain

UI_DIR = Path(ui.__file__).parent
COMPOSITION_ROOT = "ui.composition"  # a package: its modules (the ports) are the root too
# Start-up opens the store before anyone signs in; it builds no service.
MAY_OPEN_THE_STORE = {"ui.app", "ui.startup_checks", COMPOSITION_ROOT, f"{COMPOSITION_ROOT}.ports"}
SERVICE_PACKAGES = ("desktop.services", "sync", "desktop.devices")
FACTORIES = {"make_reader", "make_scanner", "make_camera_backend", "certificate_service", "certificate_port",
             "background_lookup"}
SERVICE_PARAMETERS = {"ctx", "engine", "db", "services"}


def ui_modules() -> list[tuple[str, ast.Module]]:
    found = []
    for path in sorted(UI_DIR.rglob("*.py")):
        parts = path.relative_to(UI_DIR.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found.append((name, ast.parse(path.read_text(encoding="utf-8"))))
    return found


def imported_names(tree: ast.Module) -> dict[str, str]:
    """Local name -> 'module.attribute' for every ``from X import Y`` in the module (nested ones too)."""
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                names[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return names


def is_service_constructor(qualified: str) -> bool:
    module, _, attr = qualified.rpartition(".")
    if attr in FACTORIES:
        return True
    if not module.startswith(SERVICE_PACKAGES) and qualified not in {
            "ui.printing.qt_printer.QtPrinterBackend", "ui.capture.camera.QtCameraBackend",
            "ui.capture.camera.SimulatedCameraBackend", "desktop.services.bundle.Services"}:
        return False
    try:
        obj = getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError):
        return False
    if not inspect.isclass(obj) or dataclasses.is_dataclass(obj) or issubclass(obj, Exception):
        return False  # values (a filter, a period) and errors are made anywhere
    if qualified.startswith("ui.") or qualified.endswith(".Services"):
        return True
    params = inspect.signature(obj.__init__).parameters
    return bool(SERVICE_PARAMETERS & set(params))


def constructions(tree: ast.Module) -> list[tuple[int, str]]:
    names = imported_names(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names:
            qualified = names[node.func.id]
            if is_service_constructor(qualified):
                found.append((node.lineno, qualified))
    return found


def test_only_the_composition_root_constructs_services_devices_or_ports():
    offenders = [f"{name}:{line} builds {what}" for name, tree in ui_modules() if name != COMPOSITION_ROOT and not name.startswith(COMPOSITION_ROOT + ".")
                 for line, what in constructions(tree)]
    assert offenders == []


def test_the_scan_would_see_a_screen_that_builds_its_own_service():
    tree = ast.parse("from desktop.services.intake.service import IntakeService\n"
                     "from desktop.devices.id_reader import make_reader\n"
                     "from desktop.services.applications.list_queries import ApplicationFilter\n"
                     "def build(ctx):\n"
                     "    return IntakeService(ctx), make_reader(ctx.config.devices), ApplicationFilter()\n")
    assert [what for _line, what in constructions(tree)] == [
        "desktop.services.intake.service.IntakeService", "desktop.devices.id_reader.make_reader"]


def test_screens_never_hold_the_store_context():
    offenders = []
    for name, tree in ui_modules():
        if name in MAY_OPEN_THE_STORE or name == "ui.session":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "desktop.services.context":
                offenders.append(f"{name}:{node.lineno} imports the store context")
            if isinstance(node, ast.Attribute) and node.attr == "open" and isinstance(node.value, ast.Name) \
                    and node.value.id == "AppContext":
                offenders.append(f"{name}:{node.lineno} opens the store")
    assert offenders == []


def test_the_main_window_wires_no_page_by_name():
    tree = dict(ui_modules())["ui.main_window"]
    calls = [node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Name) and node.func.id in {"getattr", "hasattr"}]
    assert calls == []


def all_operations() -> list[type[Operation]]:
    for info in pkgutil.iter_modules(ui.operations.__path__, "ui.operations."):
        importlib.import_module(info.name)
    seen, todo = [], list(Operation.__subclasses__())
    while todo:
        cls = todo.pop()
        seen.append(cls)
        todo += cls.__subclasses__()
    return [cls for cls in seen if dataclasses.is_dataclass(cls) and "__dataclass_fields__" in cls.__dict__]


def test_every_operation_is_a_frozen_dataclass():
    operations = all_operations()
    assert len(operations) >= 40
    assert [cls.__name__ for cls in operations if not cls.__dataclass_params__.frozen] == []


def test_an_operation_refuses_a_widget_or_a_callable_as_input(qtbot):
    from ui.operations.intake import RequestSupplement, SaveDraft
    from ui.qt import QPlainTextEdit

    note = QPlainTextEdit()
    qtbot.addWidget(note)
    with pytest.raises(TypeError, match="plain value"):
        RequestSupplement("uuid-1", note)  # the 补正 crash: the dialog's widget handed to the worker
    with pytest.raises(TypeError, match="plain value"):
        SaveDraft("uuid-1", {"applicant": lambda: note.toPlainText()})
    assert RequestSupplement("uuid-1", note.toPlainText()).note == ""


def test_plain_values_are_what_a_worker_may_receive():
    import datetime as dt

    from desktop.services.applications.list_queries import ApplicationFilter

    assert is_plain({"applicant": {"name": "张三", "kind": "person"}, "agent": None})
    assert is_plain((dt.date(2026, 11, 20), Path("/tmp/a.jpg"), ApplicationFilter(window_id="W01")))
    assert not is_plain(object())
    assert not is_plain([print])
