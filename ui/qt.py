"""The one place the GUI imports Qt from, so a Qt upgrade touches one file."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import QtCore as _QtCore
from PySide6 import QtGui as _QtGui
from PySide6 import QtWidgets as _QtWidgets

# The names the GUI uses, for the type checker. At run time each is looked up on first use
# (module ``__getattr__`` below): PySide6 builds a Qt class's Python type, with its methods and
# enums, when the class is first asked for, and building all of these up front held ~7 MB of
# types a session mostly never touches (printing, dialogs of other screens).

if TYPE_CHECKING:
    from PySide6.QtCore import (  # noqa: F401
        QT_TRANSLATE_NOOP,
        QAbstractTableModel,
        QBuffer,
        QByteArray,
        QCoreApplication,
        QDate,
        QElapsedTimer,
        QEvent,
        QFileSystemWatcher,
        QIODevice,
        QItemSelectionModel,
        QLibraryInfo,
        QLocale,
        QMarginsF,
        QModelIndex,
        QObject,
        QPersistentModelIndex,
        QPoint,
        QRect,
        QRectF,
        QRegularExpression,
        QRunnable,
        QSize,
        QSizeF,
        QSortFilterProxyModel,
        Qt,
        QThread,
        QThreadPool,
        QTimer,
        QTranslator,
        QUrl,
        Signal,
        Slot,
        qVersion,
    )
    from PySide6.QtGui import (  # noqa: F401
        QAction,
        QCloseEvent,
        QColor,
        QFont,
        QFontDatabase,
        QGuiApplication,
        QIcon,
        QImage,
        QKeyEvent,
        QKeySequence,
        QPageLayout,
        QPageSize,
        QPainter,
        QPalette,
        QPixmap,
        QRegularExpressionValidator,
        QShortcut,
        QStandardItem,
        QStandardItemModel,
    )
    from PySide6.QtWidgets import (  # noqa: F401
        QAbstractButton,
        QAbstractItemView,
        QAbstractScrollArea,
        QApplication,
        QCheckBox,
        QComboBox,
        QDateEdit,
        QDialog,
        QDialogButtonBox,
        QFileDialog,
        QFormLayout,
        QFrame,
        QGridLayout,
        QGroupBox,
        QHBoxLayout,
        QHeaderView,
        QLabel,
        QLineEdit,
        QListView,
        QListWidget,
        QListWidgetItem,
        QMainWindow,
        QMenu,
        QMenuBar,
        QMessageBox,
        QPlainTextEdit,
        QProgressBar,
        QPushButton,
        QRadioButton,
        QScrollArea,
        QSizePolicy,
        QSpinBox,
        QSplitter,
        QStackedLayout,
        QStackedWidget,
        QStatusBar,
        QStyle,
        QTableView,
        QTableWidget,
        QTableWidgetItem,
        QTabWidget,
        QTextEdit,
        QToolBar,
        QToolButton,
        QTreeView,
        QVBoxLayout,
        QWidget,
    )


def load_multimedia():
    """PySide6.QtMultimedia, or ImportError with the reason (missing codecs/audio libs on a counter PC).

    Loaded on demand, not above: a machine without the multimedia libraries must still run
    the app, with the camera shown as unavailable.
    """
    from PySide6 import QtMultimedia

    return QtMultimedia


from ui import pyside_fixes  # noqa: E402,F401 - applies work-arounds for the installed PySide6

# QtCharts (PySide6-Addons) is loaded on first use (the Reports screen), not at start-up.
_CHARTS = frozenset({"QBarCategoryAxis", "QBarSeries", "QBarSet", "QChart", "QChartView", "QHorizontalBarSeries",
                     "QValueAxis"})


# QtPrintSupport likewise loads with the first print, preview or printer list, not with the window.
_PRINT_SUPPORT = frozenset({"QPrinter", "QPrinterInfo"})


_MODULES = (_QtCore, _QtGui, _QtWidgets)  # the order the imports above name them in


def __getattr__(name: str):
    if not name.startswith("_"):
        for module in _MODULES:
            value = getattr(module, name, None)
            if value is not None:
                globals()[name] = value  # looked up once
                return value
    if name in _CHARTS:
        from PySide6 import QtCharts

        return getattr(QtCharts, name)
    if name in _PRINT_SUPPORT:
        from PySide6 import QtPrintSupport

        return getattr(QtPrintSupport, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
