"""Settings for one counter PC, declared once, typed and validated.

Layers, lowest first: built-in defaults < provisioning file (IT) < local settings
(written by the Settings screen, kept in the data dir) < CLI flags. Every key is
declared in a section dataclass below with its default, a check and a one-line doc;
an unknown key or a bad value in any layer raises :class:`ConfigError` naming the
key and the file, so the app never starts half-configured.
"""
from __future__ import annotations

import dataclasses
import os
import re
import sys
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from desktop.domain.errors import UserError
from desktop.domain.hall_clock import DEFAULT_ZONE, check_zone

APP_NAME = "OneWindow"
PROVISIONING_ENV = "ONEWINDOW_CONFIG"
LOCAL_SETTINGS_NAME = "settings.toml"
PROVISIONING_NAME = "provisioning.toml"
LINUX_SYSTEM_PROVISIONING = Path("/etc/onewindow/provisioning.toml")


class ConfigError(UserError, ValueError):
    """A setting is unknown or invalid; the message names the key and where it came from."""


Check = Callable[[Any], str | None]  # returns a reason when the value is bad


def _setting(default: Any, doc: str, check: Check | None = None) -> Any:
    return field(default=default, metadata={"doc": doc, "check": check})


def _pattern(regex: str, what: str) -> Check:
    compiled = re.compile(regex)

    def check(value: Any) -> str | None:
        return None if compiled.fullmatch(str(value)) else f"must be {what}"

    return check


def _one_of(*choices: str) -> Check:
    def check(value: Any) -> str | None:
        return None if value in choices else f"must be one of {', '.join(choices)}"

    return check


def _between(low: int, high: int) -> Check:
    def check(value: Any) -> str | None:
        return None if low <= value <= high else f"must be between {low} and {high}"

    return check


def _url_or_empty(value: Any) -> str | None:
    if value == "" or re.fullmatch(r"https?://[^\s/]+(/\S*)?", value):
        return None
    return "must be an http(s) URL such as https://zwfw.example.gov.cn or empty"


@dataclass(frozen=True)
class HallSettings:
    time_zone: str = _setting(DEFAULT_ZONE, "the hall's time zone (IANA name): every business date and time shown",
                              check_zone)
    region_code: str = _setting("620100", "行政区划代码 of the hall, six digits",
                                _pattern(r"\d{6}", "six digits (行政区划代码, e.g. 620100)"))
    name: str = _setting("示例市政务服务中心", "hall name printed on receipts")
    window_id: str = _setting("W01", "this counter's window id, e.g. W03",
                              _pattern(r"[A-Z][A-Z0-9]{1,7}", "a letter then 1-7 letters/digits, e.g. W03"))
    phone: str = _setting("0931-12345", "enquiry phone printed on receipts")
    address: str = _setting("", "hall address printed on notices")
    enquiry_url: str = _setting("https://zwfw.example.gov.cn/query", "status-enquiry URL in the receipt QR code",
                                _url_or_empty)
    logo: str = _setting("", "path of a logo image for printed documents (optional)")
    seal: str = _setting("", "path of a seal image for printed documents (optional)")
    legal_basis: str = _setting("", "legal basis printed on non-acceptance notices (optional)")
    reconsideration_body: str = _setting("示例市人民政府", "body that hears administrative reconsideration")
    court: str = _setting("示例市人民法院", "court for administrative litigation")
    cache_days: int = _setting(90, "days of the hall's closed cases kept in this PC's hall cache (open ones always)",
                               _between(1, 3650))


_PAPER_KINDS = ("receipt", "receipt-slip", "materials-receipt", "deferral-undertaking", "supplement-notice",
                "rejection-notice")


def _paper_kinds(value: Any) -> str | None:
    unknown = [k.strip() for k in str(value).split(",") if k.strip() and k.strip() not in _PAPER_KINDS]
    return f"unknown paper kind(s) {', '.join(unknown)}; known: {', '.join(_PAPER_KINDS)}" if unknown else None


@dataclass(frozen=True)
class PaperSettings:
    agency: str = _setting("示例政务", "机关代字 in document numbers (文号), e.g. 兰政务 → 兰政务受〔2026〕第0007号",
                           _pattern(r"[^\s{}]{1,20}", "1-20 characters without spaces or braces"))
    form_file: str = _setting("", "official-form data file (numbering rules, legal basis, clauses); "
                                  "empty: the bundled resources/papers/official_form.toml")
    after_decision: str = _setting(
        "receipt, deferral-undertaking, supplement-notice, rejection-notice",
        "papers ticked in the one-step offer after a decision, in this order (comma-separated): receipt, "
        "receipt-slip (80 mm), materials-receipt, deferral-undertaking, supplement-notice, rejection-notice; "
        "each is offered only where the case may have it", _paper_kinds)


@dataclass(frozen=True)
class ServerSettings:
    url: str = _setting("", "central platform base URL; empty means offline-only", _url_or_empty)
    enrol_code: str = _setting("", "one-time enrolment code from IT")
    ca_bundle: str = _setting("", "path of a CA bundle for provincial CAs (empty: system CAs)")
    timeout_seconds: int = _setting(10, "network timeout per request", _between(1, 300))
    sync_interval_seconds: int = _setting(60, "background sync period", _between(5, 86400))
    push_batch_size: int = _setting(1000, "applications sent per push request (the platform takes at most 1000)",
                                    _between(1, 1000))
    platform: str = _setting("reference", "the platform's code mapping: a name under resources/platforms "
                             "(e.g. reference, example-province) or a path to a .toml file",
                             _pattern(r"[\w./\\:-]+", "a platform name such as reference, or a .toml path"))


@dataclass(frozen=True)
class UiSettings:
    language: str = _setting("zh_CN", "UI language", _one_of("zh_CN", "en"))
    idle_lock_minutes: int = _setting(10, "lock the session after this many idle minutes", _between(1, 240))


@dataclass(frozen=True)
class PrinterSettings:
    a4: str = _setting("", "printer for A4 documents (empty: system default)")
    thermal: str = _setting("", "80 mm receipt printer (empty: none, slips go to PDF)")


@dataclass(frozen=True)
class SecuritySettings:
    lockout_attempts: int = _setting(5, "failed logins before the account locks", _between(1, 100))
    lockout_minutes: int = _setting(15, "how long a locked account stays locked", _between(1, 1440))
    encrypt_attachments: bool = _setting(False, "encrypt attachment files with a key in the OS keyring")
    store_encryption: str = _setting("auto", "database encryption key source: auto (keyring, else key file, "
                                     "else plain with a warning), keyring, key-file or off",
                                     _one_of("auto", "keyring", "key-file", "off"))
    store_key_file: str = _setting("", "file holding the database key (64 hex digits, 0600) where no keyring exists")
    # An installed bundle must not let whoever first opens a fresh PC make themselves administrator:
    # IT creates the first admin with `onewindow users add NAME --role admin`, or enables this in the
    # provisioning file. A source checkout (a developer's) keeps the set-up dialog.
    allow_first_run_setup: bool = _setting(
        not getattr(sys, "frozen", False),
        "let the GUI create the first administrator on an empty database (installed builds: false)")


@dataclass(frozen=True)
class StorageSettings:
    data_dir: str = _setting("", "where the database, attachments and backups live (empty: platform default)")
    backup_keep: int = _setting(10, "how many database backups to keep", _between(1, 1000))
    attachment_quota_mb: int = _setting(20480, "warn when attachments exceed this size", _between(10, 10_000_000))
    jpeg_quality: int = _setting(85, "JPEG quality of normalised page images", _between(30, 100))
    max_long_side_px: int = _setting(2480, "long side of normalised page images", _between(600, 10000))


@dataclass(frozen=True)
class CertificateSettings:
    cache_days: int = _setting(7, "how long looked-up e-certificates stay usable offline", _between(0, 365))


@dataclass(frozen=True)
class DeviceSettings:
    id_reader: str = _setting("auto", "ID-card reader: auto, sdk, simulated or none",
                              _one_of("auto", "sdk", "simulated", "none"))
    id_reader_sdk: str = _setting("", "path of the card reader vendor SDK library")
    id_reader_sim_file: str = _setting("", "JSON file the simulated reader reads cards from")
    scan_folder: str = _setting("", "folder the scanner saves into (watched for new pages)")
    camera: str = _setting("", "document camera name (empty: first camera; 'simulated': the demo camera; "
                               "'none': no camera)")
    scanner: str = _setting("auto", "scanner: auto (TWAIN on Windows, SANE elsewhere), sane, twain, simulated or none",
                            _one_of("auto", "sane", "twain", "simulated", "none"))


@dataclass(frozen=True)
class LoggingSettings:
    level: str = _setting("INFO", "log level", _one_of("DEBUG", "INFO", "WARNING", "ERROR"))


SECTIONS: dict[str, type] = {
    "hall": HallSettings,
    "server": ServerSettings,
    "ui": UiSettings,
    "printers": PrinterSettings,
    "papers": PaperSettings,
    "security": SecuritySettings,
    "storage": StorageSettings,
    "certificates": CertificateSettings,
    "devices": DeviceSettings,
    "logging": LoggingSettings,
}

# Keys a layer may not set, and why: the data dir decides where local settings live,
# so local settings cannot move it.
_FORBIDDEN_IN_LOCAL = {("storage", "data_dir"): "set the data dir with --data-dir or the provisioning file",
                       ("security", "allow_first_run_setup"): "only IT's provisioning file can enable it"}


@dataclass(frozen=True)
class Config:
    hall: HallSettings = field(default_factory=HallSettings)
    server: ServerSettings = field(default_factory=ServerSettings)
    ui: UiSettings = field(default_factory=UiSettings)
    printers: PrinterSettings = field(default_factory=PrinterSettings)
    papers: PaperSettings = field(default_factory=PaperSettings)
    security: SecuritySettings = field(default_factory=SecuritySettings)
    storage: StorageSettings = field(default_factory=StorageSettings)
    certificates: CertificateSettings = field(default_factory=CertificateSettings)
    devices: DeviceSettings = field(default_factory=DeviceSettings)
    logging: LoggingSettings = field(default_factory=LoggingSettings)
    # Where each layer came from, for diagnostics ("defaults" always first).
    sources: tuple[str, ...] = ("defaults",)

    @property
    def data_dir(self) -> Path:
        return Path(self.storage.data_dir) if self.storage.data_dir else default_data_dir()

    @property
    def db_path(self) -> Path:
        return self.data_dir / "onewindow.sqlite3"

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def attachments_dir(self) -> Path:
        return self.data_dir / "attachments"

    @property
    def log_dir(self) -> Path:
        if self.storage.data_dir:
            return self.data_dir / "logs"
        return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))

    @property
    def local_settings_path(self) -> Path:
        return self.data_dir / LOCAL_SETTINGS_NAME

    def as_dict(self, *, redact_secrets: bool = False) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for section in SECTIONS:
            values = dataclasses.asdict(getattr(self, section))
            if redact_secrets and section == "server" and values.get("enrol_code"):
                values["enrol_code"] = "***"
            out[section] = values
        return out

    def replace(self, section: str, **changes: Any) -> Config:
        """A copy with some keys of one section changed (validated like any layer)."""
        layer = {section: changes}
        return _apply_layer(self, layer, source="(in memory)", local=False)


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_provisioning_paths() -> list[Path]:
    """Where IT may drop a provisioning file, most specific first."""
    paths = []
    if env := os.environ.get(PROVISIONING_ENV):
        paths.append(Path(env))
    # Next to the installed executable (PyInstaller bundle or Windows install dir).
    paths.append(Path(sys.executable).resolve().parent / PROVISIONING_NAME)
    if sys.platform.startswith("win"):
        program_data = os.environ.get("PROGRAMDATA", r"C:\ProgramData")
        paths.append(Path(program_data) / APP_NAME / PROVISIONING_NAME)
    else:
        paths.append(LINUX_SYSTEM_PROVISIONING)
    return paths


def read_settings_file(path: Path) -> dict[str, dict[str, Any]]:
    """Parse a TOML or INI settings file into {section: {key: value}}."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the settings file ({exc.strerror})") from exc
    if path.suffix.lower() in {".ini", ".cfg"}:
        return _parse_ini(path, raw.decode("utf-8-sig"))
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
    for section, values in data.items():
        if not isinstance(values, dict):
            raise ConfigError(f"{path}: '{section}' must be a [section] table, not a single value")
    return data


def _parse_ini(path: Path, text: str) -> dict[str, dict[str, Any]]:
    import configparser

    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text, source=str(path))
    except configparser.Error as exc:
        raise ConfigError(f"{path}: not a valid INI file ({exc})") from exc
    return {section: dict(parser.items(section)) for section in parser.sections()}


def _coerce(value: Any, target: type, where: str) -> Any:
    if target is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in {"1", "true", "yes", "on"}:
            return True
        if isinstance(value, str) and value.strip().lower() in {"0", "false", "no", "off"}:
            return False
        raise ConfigError(f"{where}: must be true or false, got {value!r}")
    if target is int:
        if isinstance(value, bool):
            raise ConfigError(f"{where}: must be a whole number, got {value!r}")
        try:
            return int(str(value).strip())
        except ValueError:
            raise ConfigError(f"{where}: must be a whole number, got {value!r}") from None
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise ConfigError(f"{where}: must be text, got {value!r}")
    return str(value)


def _apply_layer(base: Config, layer: Mapping[str, Mapping[str, Any]], *, source: str, local: bool) -> Config:
    sections: dict[str, Any] = {}
    for section, values in layer.items():
        cls = SECTIONS.get(section)
        if cls is None:
            raise ConfigError(f"{source}: unknown section [{section}] (known: {', '.join(SECTIONS)})")
        fields = {f.name: f for f in dataclasses.fields(cls)}
        current = sections.get(section, getattr(base, section))
        changes = {}
        for key, value in values.items():
            where = f"{source}: [{section}] {key}"
            if key not in fields:
                raise ConfigError(f"{where}: unknown key (known in [{section}]: {', '.join(fields)})")
            if local and (section, key) in _FORBIDDEN_IN_LOCAL:
                raise ConfigError(f"{where}: not allowed in local settings; "
                                  f"{_FORBIDDEN_IN_LOCAL[(section, key)]}")
            typed = _coerce(value, _field_type(fields[key]), where)
            check = fields[key].metadata.get("check")
            if check and (reason := check(typed)):
                raise ConfigError(f"{where}: {reason} (got {typed!r})")
            changes[key] = typed
        sections[section] = dataclasses.replace(current, **changes)
    return dataclasses.replace(base, **sections, sources=base.sources + (source,))


def _field_type(f: dataclasses.Field) -> type:
    return {"str": str, "int": int, "bool": bool}[f.type if isinstance(f.type, str) else f.type.__name__]


def load_config(
    *,
    provisioning: Path | None = None,
    data_dir: Path | None = None,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
    search_default_provisioning: bool = True,
) -> Config:
    """Build the effective config from all layers.

    ``provisioning`` is an explicit ``--config`` file (it must exist); otherwise the first
    existing default location is used. ``data_dir`` (``--data-dir``) beats every layer, so a
    portable install or a test never touches the user's home.
    """
    config = Config()
    prov_path = provisioning
    if prov_path is None and search_default_provisioning:
        prov_path = next((p for p in default_provisioning_paths() if p.is_file()), None)
    if prov_path is not None:
        config = _apply_layer(config, read_settings_file(prov_path), source=str(prov_path), local=False)
    if data_dir is not None:
        config = _apply_layer(config, {"storage": {"data_dir": str(Path(data_dir).resolve())}},
                              source="--data-dir", local=False)
    local_path = config.local_settings_path
    if local_path.is_file():
        config = _apply_layer(config, read_settings_file(local_path), source=str(local_path), local=True)
    if overrides:
        config = _apply_layer(config, overrides, source="command line", local=False)
    return config


def save_local_settings(config: Config, changes: Mapping[str, Mapping[str, Any]]) -> Config:
    """Validate ``changes`` and merge them into the data dir's local settings file.

    Written atomically (temp file + rename), so a crash never leaves half a file behind.
    """
    import tomli_w

    path = config.local_settings_path
    current = read_settings_file(path) if path.is_file() else {}
    merged = {section: dict(values) for section, values in current.items()}
    for section, values in changes.items():
        merged.setdefault(section, {}).update(values)
    validated = _apply_layer(config, merged, source=str(path), local=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".toml.tmp")
    with open(tmp, "wb") as fh:
        tomli_w.dump(merged, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return validated


def describe_settings() -> list[tuple[str, str, Any, str]]:
    """(section, key, default, doc) for every setting: used by docs and `onewindow config show`."""
    rows = []
    for section, cls in SECTIONS.items():
        for f in dataclasses.fields(cls):
            rows.append((section, f.name, f.default, f.metadata.get("doc", "")))
    return rows
