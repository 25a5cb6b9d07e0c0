"""Where the official form of the papers comes from: the bundled data file, or the one IT names.

Read once per file version (path and modification time), checked in full: a mistake in the
province's wording file is reported naming the file and key when the store opens, not when a
clerk presses Print with a citizen waiting.
"""
from __future__ import annotations

import functools
import tomllib
from importlib import resources
from pathlib import Path

from desktop.config import Config
from desktop.domain.errors import UserError
from desktop.domain.official_form import OfficialForm, OfficialFormError, parse_official_form

BUNDLED_FILE = "official_form.toml"


class OfficialFormInvalid(UserError):
    """The official-form file cannot be used; the message names the file and the key."""


@functools.cache
def _parsed(path: str, mtime_ns: int) -> OfficialForm:
    with open(path, "rb") as fh:
        return parse_official_form(tomllib.load(fh))


@functools.cache
def _bundled() -> OfficialForm:
    text = resources.files("resources.papers").joinpath(BUNDLED_FILE).read_text(encoding="utf-8")
    return parse_official_form(tomllib.loads(text))


def load_official_form(config: Config) -> OfficialForm:
    """The numbering rules, legal-basis lines and clauses this hall prints."""
    name = config.papers.form_file
    try:
        if not name:
            return _bundled()
        path = Path(name)
        return _parsed(str(path), path.stat().st_mtime_ns)
    except OSError as exc:
        raise OfficialFormInvalid(f"文书格式文件 {name} 无法读取（{exc.strerror or exc}），"
                                  "请检查配置 [papers] form_file。") from exc
    except (tomllib.TOMLDecodeError, OfficialFormError) as exc:
        raise OfficialFormInvalid(f"文书格式文件 {name or BUNDLED_FILE} 有误：{exc}") from exc
