"""Document camera (高拍仪) for the capture panel: a Qt Multimedia adapter and a simulated one.

Both backends share one small interface — ``availability()``, ``cameras()``, ``start(name)``,
``stop()``, ``capture()`` and the signals ``frame(QImage)``, ``shot(bytes)``, ``error(str)`` —
so the camera dialog and the tests do not care which one is behind it. A shot is raw image
bytes; the panel turns it into a page (crop, upright, normalise) off the UI thread.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from desktop.devices.capture.base import Availability, DeviceGone
from ui.qt import QBuffer, QCoreApplication, QImage, QIODevice, QObject, QTimer, Signal, load_multimedia

if TYPE_CHECKING:
    from desktop.devices.capture.simulated import SimulatedCamera

log = logging.getLogger("onewindow.ui.capture")



class CameraBackend(QObject):
    frame = Signal(QImage)  # preview frames
    shot = Signal(bytes)  # a full-resolution capture, as JPEG bytes
    error = Signal(str)  # the clerk's message; the camera has stopped

    def unplugged_message(self) -> str:
        return self.tr("The document camera was disconnected (unplugged?). Check the cable; scanning and "
                       "importing files still work.")

    def availability(self) -> Availability:
        raise NotImplementedError

    def cameras(self) -> list[str]:
        return []

    def start(self, name: str = "") -> None: ...

    def stop(self) -> None: ...

    def capture(self) -> None: ...


class UnavailableCamera(CameraBackend):
    def __init__(self, reason: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reason = reason

    def availability(self) -> Availability:
        return Availability.missing(self._reason)


class SimulatedCameraBackend(CameraBackend):
    """The simulated camera with a timer-driven preview; ``unplug()`` mimics a pulled cable."""

    def __init__(self, camera: SimulatedCamera | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if camera is None:
            # The simulated camera draws its pages with PIL: only the demo loads it.
            from desktop.devices.capture.simulated import SimulatedCamera

            camera = SimulatedCamera()
        self.camera = camera
        self._timer = QTimer(self)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self._tick)

    def availability(self) -> Availability:
        return self.camera.availability()

    def cameras(self) -> list[str]:
        return self.camera.cameras()

    def start(self, name: str = "") -> None:
        self._tick()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def capture(self) -> None:
        try:
            self.shot.emit(self.camera.shot_jpeg())
        except DeviceGone:
            self._gone()

    def unplug(self) -> None:
        self.camera.unplug()

    def _tick(self) -> None:
        try:
            img = self.camera.frame((640, 480))
        except DeviceGone:
            self._gone()
            return
        data = img.tobytes("raw", "RGB")
        self.frame.emit(QImage(data, img.width, img.height, img.width * 3, QImage.Format.Format_RGB888).copy())

    def _gone(self) -> None:
        self._timer.stop()
        self.error.emit(self.unplugged_message())


class QtCameraBackend(CameraBackend):
    """A UVC document camera through Qt Multimedia (QCamera + QImageCapture + QVideoSink)."""

    def __init__(self, preferred: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.preferred = preferred
        self._loaded = False
        self._multimedia = None
        self._import_error = ""
        self._camera = self._session = self._capture = self._sink = self._devices = None

    @property
    def _mm(self):
        """Qt Multimedia, loaded when the camera is first asked about (not when the session is built)."""
        if not self._loaded:
            self._loaded = True
            try:
                self._multimedia = load_multimedia()
            except ImportError as exc:
                self._import_error = str(exc)
                log.info("Qt Multimedia unavailable: %s", exc)
        return self._multimedia

    def availability(self) -> Availability:
        if self._mm is None:
            return Availability.missing(self.tr("Qt Multimedia is missing on this PC ({0}), so the document "
                                                "camera cannot be used; use the scanner or import files.")
                                        .format(self._import_error))
        if not self._mm.QMediaDevices.videoInputs():
            return Availability.missing(self.tr("No document camera found; check the USB connection."))
        return Availability.ok()

    def cameras(self) -> list[str]:
        if self._mm is None:
            return []
        return [d.description() for d in self._mm.QMediaDevices.videoInputs()]

    def start(self, name: str = "") -> None:
        mm = self._mm
        if mm is None:
            self.error.emit(self.availability().reason)
            return
        self.stop()
        inputs = mm.QMediaDevices.videoInputs()
        wanted = name or self.preferred
        device = next((d for d in inputs if d.description() == wanted), inputs[0] if inputs else None)
        if device is None:
            self.error.emit(self.tr("No document camera found; check the USB connection."))
            return
        self._device_id = device.id()
        self._camera = mm.QCamera(device, self)
        self._session = mm.QMediaCaptureSession(self)
        self._capture = mm.QImageCapture(self)
        self._sink = mm.QVideoSink(self)
        self._session.setCamera(self._camera)
        self._session.setImageCapture(self._capture)
        self._session.setVideoSink(self._sink)
        self._sink.videoFrameChanged.connect(lambda f: self.frame.emit(f.toImage()))
        self._capture.imageCaptured.connect(self._on_captured)
        self._capture.errorOccurred.connect(lambda _i, _e, text: self.error.emit(self.tr("Capture failed: {0}").format(text)))
        self._camera.errorOccurred.connect(lambda _e, text: self._fail(self.tr("Camera error: {0}").format(text)))
        self._devices = mm.QMediaDevices(self)
        self._devices.videoInputsChanged.connect(self._check_present)
        self._camera.start()

    def stop(self) -> None:
        if self._camera is not None:
            self._camera.stop()
        self._camera = self._session = self._capture = self._sink = None

    def capture(self) -> None:
        if self._capture is None or not self._capture.isReadyForCapture():
            self.error.emit(self.tr("The camera is not ready yet; try again in a moment."))
            return
        self._capture.capture()

    def _on_captured(self, _id: int, image: QImage) -> None:
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "JPEG", 92)
        self.shot.emit(bytes(buffer.data()))

    def _check_present(self) -> None:
        if self._mm and not any(d.id() == self._device_id for d in self._mm.QMediaDevices.videoInputs()):
            self._fail(self.unplugged_message())

    def _fail(self, message: str) -> None:
        self.stop()
        self.error.emit(message)


def make_camera_backend(devices, parent: QObject | None = None) -> CameraBackend:
    """``devices.camera``: '' first camera, a name, 'simulated' for the demo camera, 'none' for no camera."""
    if devices.camera == "none":
        return UnavailableCamera(QCoreApplication.translate(
            "CameraBackend", "No document camera is enabled on this PC (setting devices.camera = none)."), parent)
    if devices.camera == "simulated":
        return SimulatedCameraBackend(parent=parent)
    return QtCameraBackend(devices.camera, parent)
