"""Configuration: configs/*.toml, overridden by CLI flags."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Optional

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from toolkit.paths import PACKAGE_DIR, REPO_DIR
from toolkit.errors import ConfigError
from toolkit.translate.translator import TranslationOptions
from toolkit.formats.xliff import XLIFF_VERSIONS

# Resolved relative to the repository for a source checkout; the same file ships in the
# package (toolkit/configs) so an installed toolkit finds its defaults too.
_REPO_DEFAULT = REPO_DIR / "configs" / "default.toml"
_PACKAGED_DEFAULT = PACKAGE_DIR / "configs" / "default.toml"


@dataclass(frozen=True)
class LanguageConfig:
    model: str
    spacy_model: str


@dataclass(frozen=True)
class Config:
    source_language: str = "fr"
    target_language: str = "en"
    languages: dict[str, LanguageConfig] = field(default_factory=dict)
    translate: TranslationOptions = TranslationOptions()
    path: Optional[str] = None
    xliff: str = "2.1"  # XLIFF version of the <id>.xlf files: "2.1" or "1.2"

    @property
    def language(self) -> LanguageConfig:
        try:
            return self.languages[self.source_language]
        except KeyError:
            raise ConfigError(
                f"no [languages.{self.source_language}] section in {self.path or 'the configuration'}: "
                "add one with `model` and `spacy_model`"
            ) from None

    def with_overrides(self, *, model: Optional[str] = None, xliff: Optional[str] = None, **translate: Any) -> "Config":
        """This configuration with command-line flag values (None: not given) in place;
        a bad value is reported under its flag's name, not the configuration file's."""
        config = self
        if xliff:
            config = replace(config, xliff=_xliff_version(xliff, "--xliff"))
        if model:
            languages = dict(config.languages)
            languages[config.source_language] = replace(config.language, model=model)
            config = replace(config, languages=languages)
        changes = {k: v for k, v in translate.items() if v is not None}
        if changes:
            def name_of(key: str) -> str:
                return flag_name(key) if key in changes else f"{config.path or 'the configuration'}: {key}"

            values = {**_options_dict(config.translate), **changes}
            config = replace(config, translate=_translation_options(values, config.path, name_of))
        return config


def flag_name(key: str) -> str:
    """The command-line flag that overrides [translate] `key`."""
    return "--" + key.replace("_", "-")


def default_config_path() -> Path:
    return _REPO_DEFAULT if _REPO_DEFAULT.exists() else _PACKAGED_DEFAULT


def _options_dict(options: TranslationOptions) -> dict[str, Any]:
    return options.as_table()


def _translation_options(values: dict[str, Any], where: Optional[str], name_of: Optional[Callable[[str], str]] = None) -> TranslationOptions:
    """Validated options; `name_of(key)` says where a value came from in a message
    (a flag, or by default the key in the configuration file `where`)."""
    known = set(TranslationOptions().as_table())
    unknown = set(values) - known
    if unknown:
        raise ConfigError(f"{where}: unknown [translate] keys {sorted(unknown)}; known: {sorted(known)}")
    name_of = name_of or (lambda key: f"{where}: {key}")

    def bad(key: str, rule: str, value: Any) -> ConfigError:
        name = name_of(key)
        overrides = f" (it overrides {key} in the configuration)" if name.startswith("--") else ""
        return ConfigError(f"{name} must be {rule}, got {value!r}{overrides}")

    options = TranslationOptions.from_table(values)
    table = options.as_table()
    for key in ("beam", "max_batch_tokens", "max_batch_size", "max_input_tokens"):
        value = table[key]
        if not isinstance(value, int) or value < 1:
            raise bad(key, "a positive integer (≥ 1)", value)
    for key in ("threads", "ct2_workers"):
        value = table[key]
        if not isinstance(value, int) or value < 0:
            raise bad(key, "0 (auto) or a positive integer", value)
    if options.max_input_tokens > options.max_batch_tokens:
        raise ConfigError(
            f"{name_of('max_input_tokens')} ({options.max_input_tokens}) exceeds "
            f"{name_of('max_batch_tokens')} ({options.max_batch_tokens})"
        )
    return options


def _xliff_version(value: Any, where: str) -> str:
    if value not in XLIFF_VERSIONS:
        raise ConfigError(f"{where} must be one of {', '.join(map(repr, XLIFF_VERSIONS))} (a string), got {value!r}")
    return value


def load_config(path: Optional[Path] = None) -> Config:
    path = Path(path) if path else default_config_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"configuration file not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    languages = {}
    for code, section in data.get("languages", {}).items():
        try:
            languages[code] = LanguageConfig(model=section["model"], spacy_model=section["spacy_model"])
        except KeyError as exc:
            raise ConfigError(f"{path}: [languages.{code}] lacks {exc.args[0]!r}") from None
    xliff = _xliff_version(data.get("xliff", Config.xliff), f"{path}: xliff")
    return Config(
        source_language=data.get("source_language", "fr"),
        target_language=data.get("target_language", "en"),
        languages=languages,
        translate=_translation_options(data.get("translate", {}), str(path)),
        path=str(path),
        xliff=xliff,
    )
