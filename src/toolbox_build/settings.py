"""The project's settings, read once from mkdocs.yml, checked, and handed to every output.

The site, the PDF and the release all need the same few settings (``site_url``, ``repo_url``, the
language, the Markdown extensions). Reading them in one place means they cannot disagree, and a bad
value is one clear error instead of a traceback somewhere in a renderer.

mkdocs.yml may use MkDocs' own YAML tags: ``!ENV`` (an environment variable, with a default),
``!relative`` and ``!!python/name:`` (Material's emoji configuration). They are understood here
and written back unchanged into the generated build/mkdocs.yml.
"""

from __future__ import annotations

import importlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

CONFIG_FILE = "mkdocs.yml"
DEFAULT_EXTENSIONS: list[Any] = ["admonition", "attr_list", "md_in_html", "tables", "toc"]
# Modules whose names mkdocs.yml may point at with !!python/name: (the emoji index and
# generator of Material and pymdownx); anything else would run arbitrary code at build time.
IMPORTABLE_PREFIXES = ("material.", "pymdownx.", "markdown.")
MAX_CONFIG_BYTES = 256 * 1024
# Where mkdocs.yml names the editors' address for proposals by e-mail (MkDocs passes `extra`
# through to the theme untouched; `toolbox` keeps this project's own keys apart).
PROPOSAL_EMAIL_KEY = "extra.toolbox.proposal_email"
# A plain address (local@domain.tld): no display name, no comments, no spaces, no mailto:.
_EMAIL = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)


class SettingsError(Exception):
    """mkdocs.yml cannot be used: where, what is wrong, and what was expected (Dutch)."""

    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(f"{CONFIG_FILE}:{line}:{column}: {message}")
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True)
class EnvValue:
    """``!ENV NAME`` or ``!ENV [NAME, OTHER, default]``, kept so it can be written back."""

    names: tuple[str, ...]
    default: Any

    def resolve(self) -> Any:
        for name in self.names:
            if name in os.environ:
                return os.environ[name]
        return self.default


@dataclass(frozen=True)
class PythonName:
    """``!!python/name:module.attribute``: imported only from known extension packages."""

    dotted: str

    def resolve(self) -> Any:
        module, _, attribute = self.dotted.rpartition(".")
        if not self.dotted.startswith(IMPORTABLE_PREFIXES) or not module:
            raise SettingsError(
                f"!!python/name:{self.dotted} wordt niet geladen — alleen namen "
                f"uit {', '.join(p.rstrip('.') for p in IMPORTABLE_PREFIXES)} zijn toegestaan"
            )
        try:
            return getattr(importlib.import_module(module), attribute)
        except (ImportError, AttributeError) as exc:
            raise SettingsError(f"!!python/name:{self.dotted} bestaat niet ({exc})") from None


@dataclass(frozen=True)
class RelativePath:
    """``!relative`` (MkDocs): a path relative to the current Markdown file or config."""

    value: str


class _Loader(yaml.SafeLoader):
    pass


def _env(loader: _Loader, node: yaml.Node) -> EnvValue:
    if isinstance(node, yaml.ScalarNode):
        return EnvValue((str(loader.construct_scalar(node)),), None)
    items = loader.construct_sequence(node, deep=True)  # type: ignore[arg-type]
    if not items:
        raise yaml.constructor.ConstructorError(
            None, None, "!ENV heeft minstens één naam nodig", node.start_mark
        )
    if len(items) == 1:
        return EnvValue((str(items[0]),), None)
    return EnvValue(tuple(str(i) for i in items[:-1]), items[-1])


def _relative(loader: _Loader, node: yaml.Node) -> RelativePath:
    value = loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else ""
    return RelativePath(str(value))


def _python_name(loader: _Loader, suffix: str, node: yaml.Node) -> PythonName:
    return PythonName(suffix)


_Loader.add_constructor("!ENV", _env)
_Loader.add_constructor("!relative", _relative)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)


class _Dumper(yaml.SafeDumper):
    pass


def _dump_env(dumper: _Dumper, value: EnvValue) -> yaml.Node:
    if value.default is None and len(value.names) == 1:
        return dumper.represent_scalar("!ENV", value.names[0])
    return dumper.represent_sequence("!ENV", [*value.names, value.default])


_Dumper.add_representer(EnvValue, _dump_env)
_Dumper.add_representer(
    PythonName, lambda d, v: d.represent_scalar(f"tag:yaml.org,2002:python/name:{v.dotted}", "")
)
_Dumper.add_representer(RelativePath, lambda d, v: d.represent_scalar("!relative", v.value))


def dump_config(config: dict[str, Any]) -> str:
    """YAML for a generated mkdocs.yml, with MkDocs' tags written back as they were read."""
    return yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


def resolved(value: Any) -> Any:
    """``value`` with !ENV resolved and !!python/name imported, for use in Python."""
    if isinstance(value, EnvValue | PythonName):
        return resolved(value.resolve())
    if isinstance(value, RelativePath):
        return value.value
    if isinstance(value, dict):
        return {k: resolved(v) for k, v in value.items()}
    if isinstance(value, list):
        return [resolved(v) for v in value]
    return value


@dataclass(frozen=True)
class ProjectSettings:
    """What the outputs need from mkdocs.yml. ``config`` is the whole file as read (tags kept)."""

    config: dict[str, Any] = field(default_factory=dict)
    site_name: str = "Toolbox Zorgzame buurten"
    site_url: str | None = None  # with trailing slash
    repo_url: str | None = None  # without trailing slash
    proposal_email: str | None = None  # the editors' address for proposals by e-mail
    language: str = "nl"
    use_directory_urls: bool = True
    markdown_extensions: list[str] = field(default_factory=lambda: list(DEFAULT_EXTENSIONS))
    extension_configs: dict[str, dict[str, Any]] = field(default_factory=dict)

    def page_url(self, docs_path: str) -> str | None:
        """The public address of a generated page ('fiches/a.md'), when site_url is set."""
        from .templating import page_url

        if not self.site_url:
            return None
        return self.site_url + page_url(docs_path, self.use_directory_urls)

    def site_url_warning(self) -> str | None:
        """One line saying what is lost without site_url, or None when it is set."""
        if self.site_url:
            return None
        return (
            "waarschuwing: geen site_url in mkdocs.yml — zonder webadres geen sitemap.xml, "
            "geen canonieke links, en in de PDF geen QR-codes of webadressen van de fiches"
        )

    def proposal_email_warning(self) -> str | None:
        """One line saying the e-mail route is off and what turns it on, or None when set."""
        if self.proposal_email:
            return None
        return (
            f"waarschuwing: geen {PROPOSAL_EMAIL_KEY} in mkdocs.yml — zonder e-mailadres van "
            "de redactie biedt de site bij 'Stel een tool voor' geen e-mail aan"
        )


def load_settings(root: Path | None) -> ProjectSettings:
    """The settings of the project at ``root``; defaults when it has no mkdocs.yml."""
    path = root / CONFIG_FILE if root else None
    if path is None or not path.exists():
        return ProjectSettings()
    if path.is_symlink() or not path.is_file():
        raise SettingsError("geen gewoon bestand (symbolische link of map)")
    if path.stat().st_size > MAX_CONFIG_BYTES:
        raise SettingsError(f"groter dan {MAX_CONFIG_BYTES // 1024} KiB")
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=_Loader)
        config = yaml.load(text, Loader=_Loader) if node is not None else {}
    except UnicodeDecodeError:
        raise SettingsError("geen UTF-8-tekst") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise SettingsError(f"ongeldige YAML ({problem})", line, column) from None
    lines = _top_level_lines(node)
    return _settings(config if config is not None else {}, lines)


def _top_level_lines(node: yaml.Node | None) -> dict[str, int]:
    """Line of each top-level key, and of the keys under `extra` as 'extra.toolbox.…'."""
    lines: dict[str, int] = {}

    def walk(mapping: yaml.Node | None, prefix: str, depth: int) -> None:
        if not isinstance(mapping, yaml.MappingNode):
            return
        for key, value in mapping.value:
            if not isinstance(key, yaml.ScalarNode):
                continue
            name = f"{prefix}{key.value}"
            lines[name] = key.start_mark.line + 1
            if depth and (name == "extra" or name.startswith("extra.")):
                walk(value, f"{name}.", depth - 1)

    walk(node, "", 2)
    return lines


def _settings(config: Any, lines: dict[str, int]) -> ProjectSettings:
    if not isinstance(config, dict):
        raise SettingsError("verwacht een mapping van instellingen")

    def fail(key: str, expected: str, got: Any) -> SettingsError:
        return SettingsError(f"'{key}' moet {expected} zijn, niet {got!r}", lines.get(key, 1))

    site_url = resolved(config.get("site_url"))
    if site_url:
        if not isinstance(site_url, str) or not _is_web_address(site_url):
            raise fail("site_url", "een webadres (https://…)", site_url)
        site_url = site_url.rstrip("/") + "/"
    repo_url = resolved(config.get("repo_url"))
    if repo_url:
        if not isinstance(repo_url, str) or not _is_web_address(repo_url):
            raise fail("repo_url", "een webadres (https://github.com/…)", repo_url)
        repo_url = repo_url.rstrip("/")
    proposal_email = _proposal_email(config.get("extra"), fail)
    theme = resolved(config.get("theme") or {})
    if not isinstance(theme, dict):
        theme = {"name": theme}
    language = theme.get("language", "nl")
    if not isinstance(language, str) or not language.isascii() or not language.strip():
        raise fail("theme", "een thema met een taalcode (language: nl)", language)
    directory_urls = resolved(config.get("use_directory_urls", True))
    if not isinstance(directory_urls, bool):
        raise fail("use_directory_urls", "true of false", directory_urls)
    names, extension_configs = _extensions(config.get("markdown_extensions"), fail)
    return ProjectSettings(
        config=config,
        site_name=str(resolved(config.get("site_name")) or ProjectSettings.site_name),
        site_url=site_url or None,
        repo_url=repo_url or None,
        proposal_email=proposal_email,
        language=language,
        use_directory_urls=directory_urls,
        markdown_extensions=names,
        extension_configs=extension_configs,
    )


def _proposal_email(extra: Any, fail: Any) -> str | None:
    """``extra.toolbox.proposal_email``: a plain e-mail address, or None when unset or empty."""
    extra = resolved(extra)
    if extra is None:
        return None
    if not isinstance(extra, dict):
        raise fail("extra", "een mapping", extra)
    own = extra.get("toolbox")
    if own is None:
        return None
    if not isinstance(own, dict):
        raise fail("extra.toolbox", "een mapping (proposal_email: …)", own)
    address = own.get("proposal_email")
    if address is None or address == "":
        return None
    if not isinstance(address, str) or len(address) > 254 or not _EMAIL.fullmatch(address.strip()):
        raise fail(PROPOSAL_EMAIL_KEY, "een e-mailadres (bv. redactie@voorbeeld.be)", address)
    return address.strip()


def _extensions(value: Any, fail: Any) -> tuple[list[str], dict[str, dict[str, Any]]]:
    if value is None:
        return list(DEFAULT_EXTENSIONS), {}
    if not isinstance(value, list):
        raise fail("markdown_extensions", "een lijst", value)
    names: list[str] = []
    configs: dict[str, dict[str, Any]] = {}
    for item in value:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict) and len(item) == 1:
            ((name, options),) = item.items()
            if options is not None and not isinstance(options, dict):
                raise fail("markdown_extensions", f"instellingen als mapping voor {name}", options)
            names.append(str(name))
            configs[str(name)] = dict(options or {})
        else:
            raise fail("markdown_extensions", "namen of 'naam: {instellingen}'", item)
    return names, configs


def _is_web_address(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.hostname)
