"""One frozen Settings object per process: packaged defaults < file < env < flags."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from athar.errors import ConfigError

ENV_PREFIX = "ATHAR_"


@dataclass(frozen=True)
class WorkspaceSettings:
    path: str = "athar-data"
    database_url: str = ""


@dataclass(frozen=True)
class IngestSettings:
    max_item_bytes: int = 1 << 30
    batch_size: int = 500
    actor: str = ""


@dataclass(frozen=True)
class FetchSettings:
    timeout_s: float = 30.0
    max_redirects: int = 10
    user_agent: str = "Athar/0.1"
    allow_private_addresses: bool = False


@dataclass(frozen=True)
class MediaSettings:
    """Photos and video (issue 7): limits, frames, OCR, near-duplicate thresholds."""

    max_image_pixels: int = 150_000_000
    frames_per_second: float = 1.0
    max_frames: int = 300
    scene_threshold: float = 0.3
    frame_max_side: int = 1280
    thumbnail_side: int = 320
    contact_sheet_frames: int = 24
    ocr: bool = True
    ocr_languages: str = "ara+eng+rus+ukr"
    ocr_min_confidence: int = 60
    ocr_max_frames: int = 8
    pdq_match_distance: int = 31
    pdq_unreliable_quality: int = 49
    phash_match_distance: int = 10
    video_match_fraction: float = 0.5
    c2pa_trust_anchors: str = ""
    tool_timeout_s: float = 600.0


@dataclass(frozen=True)
class Settings:
    workspace: WorkspaceSettings = field(default_factory=WorkspaceSettings)
    ingest: IngestSettings = field(default_factory=IngestSettings)
    fetch: FetchSettings = field(default_factory=FetchSettings)
    media: MediaSettings = field(default_factory=MediaSettings)


def _defaults() -> dict[str, dict[str, Any]]:
    text = resources.files("athar.data").joinpath("default_settings.toml").read_text("utf-8")
    return tomllib.loads(text)


def _coerce(section: str, key: str, value: Any, default: Any) -> Any:
    """Give ``value`` the type of ``default``; strings from env/flags are parsed."""
    name = f"{section}.{key}"
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in {"1", "true", "yes", "on", "0", "false", "no", "off"}:
            return value.lower() in {"1", "true", "yes", "on"}
        raise ConfigError("ATH102", key=name, expected="true or false (no quotes in TOML)", value=value)
    if isinstance(default, (int, float)):
        try:
            number = type(default)(value)
        except (TypeError, ValueError):
            raise ConfigError(
                "ATH102", key=name, expected=f"a number ({type(default).__name__})", value=value
            ) from None
        if isinstance(value, bool) or number < 0:
            raise ConfigError("ATH102", key=name, expected="a non-negative number", value=value)
        return number
    if not isinstance(value, str):
        raise ConfigError("ATH102", key=name, expected="a string", value=value)
    return value


def _merge(target: dict[str, dict[str, Any]], layer: Mapping[str, Any], defaults: dict[str, dict[str, Any]]) -> None:
    for section, values in layer.items():
        if section not in defaults or not isinstance(values, Mapping):
            raise ConfigError("ATH101", key=section, section="top level", known=", ".join(defaults))
        for key, value in values.items():
            if key not in defaults[section]:
                raise ConfigError("ATH101", key=f"{section}.{key}", section=section, known=", ".join(defaults[section]))
            target[section][key] = _coerce(section, key, value, defaults[section][key])


def _env_layer(environ: Mapping[str, str]) -> dict[str, dict[str, str]]:
    layer: dict[str, dict[str, str]] = {}
    for name, value in environ.items():
        if name.startswith(ENV_PREFIX) and "__" in name:
            section, key = name[len(ENV_PREFIX) :].lower().split("__", 1)
            layer.setdefault(section, {})[key] = value
    # The two short names the README promises.
    if environ.get("ATHAR_WORKSPACE"):
        layer.setdefault("workspace", {})["path"] = environ["ATHAR_WORKSPACE"]
    if environ.get("ATHAR_DB"):
        layer.setdefault("workspace", {})["database_url"] = environ["ATHAR_DB"]
    return layer


def load_settings(
    *,
    config_file: str | Path | None = None,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Build Settings: packaged defaults < ``athar.toml`` or ``config_file`` < env < ``overrides``."""
    defaults = _defaults()
    merged = {section: dict(values) for section, values in defaults.items()}
    path = Path(config_file) if config_file else Path("athar.toml")
    if config_file or path.exists():
        try:
            layer = tomllib.loads(path.read_text("utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError("ATH103", path=path, reason=exc) from None
        _merge(merged, layer, defaults)
    _merge(merged, _env_layer(os.environ if environ is None else environ), defaults)
    if overrides:
        _merge(merged, {s: {k: v for k, v in vals.items() if v is not None} for s, vals in overrides.items()}, defaults)
    return Settings(
        workspace=WorkspaceSettings(**merged["workspace"]),
        ingest=IngestSettings(**merged["ingest"]),
        fetch=FetchSettings(**merged["fetch"]),
        media=MediaSettings(**merged["media"]),
    )


def replace(settings: Settings, section: str, **values: Any) -> Settings:
    """Return ``settings`` with some keys of one section changed (for tests and callers)."""
    return dataclasses.replace(settings, **{section: dataclasses.replace(getattr(settings, section), **values)})
