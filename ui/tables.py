"""How the app's lists behave: the clerk reads them and picks a row, never edits a cell in place."""
from __future__ import annotations

from ui.qt import QAbstractItemView


def read_only_rows(view: QAbstractItemView, *, single: bool = True) -> None:
    """Whole rows are selected (one at a time unless ``single`` is False) and no cell is editable."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
