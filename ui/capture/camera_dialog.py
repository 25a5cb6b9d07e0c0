"""The document-camera window: live preview, choose camera, capture key (空格), status line."""
from __future__ import annotations

from ui.capture.camera import CameraBackend
from ui.qt import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QImage,
    QKeySequence,
    QLabel,
    QPixmap,
    QPushButton,
    QShortcut,
    QSize,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)


class CameraDialog(QDialog):
    """Shows the preview; every capture is emitted as ``shot_taken(bytes)`` for the panel to store."""

    shot_taken = Signal(bytes)

    def __init__(self, backend: CameraBackend, parent: QWidget | None = None, *, retake: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("camera_dialog")
        self.setWindowTitle(self.tr("Document camera — retake the page") if retake else self.tr("Document camera"))
        self.backend = backend
        self.retake = retake
        self.preview = QLabel(self.tr("Opening the camera…"))
        self.preview.setObjectName("camera_preview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(QSize(480, 360))
        self.preview.setStyleSheet("background:#222;color:#ddd;")
        self.choice = QComboBox()
        self.choice.setObjectName("camera_choice")
        self.choice.addItems(backend.cameras())
        self.choice.currentTextChanged.connect(self._switch)
        self.capture_button = QPushButton(self.tr("Capture (Space)"))
        self.capture_button.setObjectName("camera_capture")
        self.capture_button.clicked.connect(self.backend.capture)
        close = QPushButton(self.tr("Done"))
        close.setObjectName("camera_close")
        close.clicked.connect(self.accept)
        self.message = QLabel("")
        self.message.setObjectName("camera_message")
        self.message.setWordWrap(True)
        QShortcut(QKeySequence(Qt.Key.Key_Space), self, activated=self.backend.capture)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Camera:")))
        top.addWidget(self.choice, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.capture_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)

        backend.frame.connect(self._show_frame)
        backend.error.connect(self._on_error)
        backend.shot.connect(self._on_shot)
        available = backend.availability()
        if available.available:
            backend.start(self.choice.currentText())
        else:
            self._on_error(available.reason)
        self.capture_button.setDefault(True)
        self.capture_button.setFocus()  # Space or Enter takes the shot; Esc closes

    def _switch(self, name: str) -> None:
        self.backend.start(name)

    def _show_frame(self, image: QImage) -> None:
        self.preview.setPixmap(QPixmap.fromImage(image).scaled(
            self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))

    def _on_shot(self, data: bytes) -> None:
        self.message.setText(self.tr("Captured, saving…"))
        self.shot_taken.emit(data)
        if self.retake:
            self.accept()

    def _on_error(self, message: str) -> None:
        self.capture_button.setEnabled(False)
        self.preview.setText(self.tr("Camera unavailable"))
        self.message.setText(message)

    def done(self, result: int) -> None:
        self.backend.stop()
        for signal, slot in ((self.backend.frame, self._show_frame), (self.backend.error, self._on_error),
                             (self.backend.shot, self._on_shot)):
            signal.disconnect(slot)
        super().done(result)
