"""The project's settings, read once from mkdocs.yml, checked, and handed to every output.

The site, the PDF and the release all need the same few settings (``site_url``, ``repo_url``, the
language, the Markdown extensions). Reading them in one place means they cannot disagree, and a bad
value is one clear error instead of a traceback somewhere in a renderer.

mkdocs.yml may use MkDocs' own YAML tags: ``!ENV`` (an environment variable, with a default),
``!relative`` and ``!!python/name:`` (Material's emoji configuration). They are understood here
and written back unchanged into the generated build/mkdocs.yml.

Settings are data: MkDocs and Zensical load the generated file with PyYAML's full loader, follow
``INHERIT``, run ``hooks`` and plugins, copy ``theme.custom_dir`` into the site and let
``pymdownx.snippets`` include files into pages. So what may reach them is checked here, on the
composed YAML before anything is constructed (``_check_tags``) and on the values (``_check_code``,
``_check_paths``): Python tags and environment variables only from allow-lists, no hooks, no
inherited files, only the Markdown extensions of Python-Markdown and PyMdown Extensions and the
plugins the site can use, and paths only to plain folders of the project. Every refusal is a
SettingsError on the line of mkdocs.yml it comes from.
"""

from __future__ import annotations

import importlib
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

CONFIG_FILE = "mkdocs.yml"
DEFAULT_EXTENSIONS: list[Any] = ["admonition", "attr_list", "md_in_html", "tables", "toc"]
# The Python names mkdocs.yml may use with !!python/name: Material's documented emoji settings,
# pymdownx's own emoji indexes and generators, and the fence formatters of pymdownx.superfences.
# Any other name would be imported (and so run) by MkDocs or Zensical at build time.
ALLOWED_PYTHON_NAMES = frozenset(
    {
        "material.extensions.emoji.twemoji",
        "material.extensions.emoji.to_svg",
        "pymdownx.emoji.emojione",
        "pymdownx.emoji.gemoji",
        "pymdownx.emoji.twemoji",
        "pymdownx.emoji.to_alt",
        "pymdownx.emoji.to_png",
        "pymdownx.emoji.to_png_sprite",
        "pymdownx.emoji.to_svg",
        "pymdownx.emoji.to_svg_sprite",
        "pymdownx.superfences.fence_code_format",
        "pymdownx.superfences.fence_div_format",
    }
)
# The callables mkdocs.yml may use with !!python/object/apply: (Material's documented
# `toc.slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}`).
ALLOWED_PYTHON_CALLS = frozenset({"pymdownx.slugs.slugify"})
PYTHON_TAG = "tag:yaml.org,2002:python/"
# !ENV may read only this project's own variables: the publish workflow sets TOOLBOX_SITE_URL
# and TOOLBOX_REPO_URL for the build. The other variables the workflows set (GH_TOKEN,
# ISSUE_BODY, NUMBER, URL, BRANCH, BASE, BASE_REF) belong to other steps: a token and
# contributors' text, which must never reach a page.
ALLOWED_ENV_PREFIX = "TOOLBOX_"
# MkDocs plugins the site may use: the search of MkDocs or Material (on or off; the site searches
# with Pagefind, so the bundled mkdocs.yml has none) and Material's offline plugin. Other plugins
# run code of their own over the pages (macros, markdown-exec), fetch from the network (privacy,
# social) or pack project files into the site (info); MkDocs resolves a bare name to the theme's
# plugin of that name, so both spellings are listed.
ALLOWED_PLUGINS = frozenset({"search", "offline", "material/search", "material/offline"})
# Markdown extensions by name: Python-Markdown's own and those of PyMdown Extensions (which
# Material documents). MkDocs imports any other name as a Python module, that is: runs it.
MARKDOWN_EXTENSIONS = frozenset(
    {
        "abbr",
        "admonition",
        "attr_list",
        "codehilite",
        "def_list",
        "extra",
        "fenced_code",
        "footnotes",
        "legacy_attrs",
        "legacy_em",
        "md_in_html",
        "meta",
        "nl2br",
        "sane_lists",
        "smarty",
        "tables",
        "toc",
        "wikilinks",
    }
)
EXTENSION_PACKAGE = "pymdownx"


def allowed_extension(name: str) -> bool:
    """A Python-Markdown extension ('toc', 'markdown.extensions.toc') or a module of PyMdown
    Extensions ('pymdownx.details'), without importing anything."""
    base = name.partition(":")[0]
    if base.removeprefix("markdown.extensions.") in MARKDOWN_EXTENSIONS:
        return True
    package, _, module = base.partition(".")
    return package == EXTENSION_PACKAGE and module.isidentifier()


# Markdown extensions that read files, and their options that name paths (relative to the
# project; made absolute here, since both extensions resolve them against the working folder).
FILE_OPTIONS = {"pymdownx.snippets": ("base_path",), "pymdownx.b64": ("base_path", "root_path")}
# Folders a path setting may not point into: the build output (besides hidden folders such as
# .git and .venv, refused by their leading dot).
OUTPUT_FOLDERS = frozenset({"build", "site"})
MAX_FOLDER_ENTRIES = 10_000  # a snippet folder is walked to check it holds no links out
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
            if not name.startswith(ALLOWED_ENV_PREFIX):  # refused on load already
                raise SettingsError(f"!ENV {name} wordt niet gelezen")
            if name in os.environ:
                return os.environ[name]
        return self.default


@dataclass(frozen=True)
class PythonName:
    """``!!python/name:module.attribute``: imported only from known extension packages."""

    dotted: str

    def resolve(self) -> Any:
        return _import_allowed(self.dotted, ALLOWED_PYTHON_NAMES, "!!python/name:")


@dataclass(frozen=True)
class PythonCall:
    """``!!python/object/apply:module.callable`` with its arguments: only allow-listed callables."""

    dotted: str
    args: tuple[Any, ...] = ()
    kwds: dict[str, Any] = field(default_factory=dict)

    def resolve(self) -> Any:
        function = _import_allowed(self.dotted, ALLOWED_PYTHON_CALLS, "!!python/object/apply:")
        return function(*resolved(list(self.args)), **resolved(self.kwds))


def _import_allowed(dotted: str, allowed: frozenset[str], tag: str) -> Any:
    """The object named ``dotted``, imported only when it is on the allow-list (checked on load
    already; checked again here because importing is what runs code)."""
    module, _, attribute = dotted.rpartition(".")
    if dotted not in allowed or not module:
        raise SettingsError(
            f"{tag}{dotted} wordt niet geladen — toegestaan: {', '.join(sorted(allowed))}"
        )
    try:
        return getattr(importlib.import_module(module), attribute)
    except (ImportError, AttributeError) as exc:
        raise SettingsError(f"{tag}{dotted} bestaat niet ({exc})") from None


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


def _python_call(loader: _Loader, suffix: str, node: yaml.Node) -> PythonCall:
    """PyYAML's forms: a sequence of arguments, or a mapping with `args` and `kwds`."""
    if isinstance(node, yaml.SequenceNode):
        return PythonCall(suffix, tuple(loader.construct_sequence(node, deep=True)))
    if isinstance(node, yaml.MappingNode):
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
        args, kwds = value.get("args") or [], value.get("kwds") or {}
        if isinstance(args, list) and isinstance(kwds, dict) and set(value) <= {"args", "kwds"}:
            return PythonCall(suffix, tuple(args), dict(kwds))
    elif isinstance(node, yaml.ScalarNode) and not loader.construct_scalar(node):
        return PythonCall(suffix)
    raise yaml.constructor.ConstructorError(
        None, None, f"!!python/object/apply:{suffix} verwacht args en kwds", node.start_mark
    )


_Loader.add_constructor("!ENV", _env)
_Loader.add_constructor("!relative", _relative)
_Loader.add_multi_constructor(f"{PYTHON_TAG}name:", _python_name)
_Loader.add_multi_constructor(f"{PYTHON_TAG}object/apply:", _python_call)


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


def _dump_call(dumper: _Dumper, value: PythonCall) -> yaml.Node:
    fields = {"args": list(value.args), "kwds": value.kwds}
    return dumper.represent_mapping(f"{PYTHON_TAG}object/apply:{value.dotted}", fields)


_Dumper.add_representer(PythonCall, _dump_call)


def dump_config(config: dict[str, Any]) -> str:
    """YAML for a generated mkdocs.yml, with MkDocs' tags written back as they were read."""
    return yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False)


def resolved(value: Any) -> Any:
    """``value`` with !ENV resolved and !!python/name imported, for use in Python."""
    if isinstance(value, EnvValue | PythonName | PythonCall):
        return resolved(value.resolve())
    if isinstance(value, RelativePath):
        return value.value
    if isinstance(value, dict):
        return {k: resolved(v) for k, v in value.items()}
    if isinstance(value, list):
        return [resolved(v) for v in value]
    return value


@lru_cache(maxsize=65_536)  # the same pages are linked from thousands of rows
def page_url(path: str, directory_urls: bool) -> str:
    """The URL the site engine gives a Markdown page: 'fiches/a.md' -> 'fiches/a/'."""
    if not path.endswith(".md"):
        return path
    stem = path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/" if directory_urls else f"{stem}.html"


@dataclass(frozen=True)
class ProjectSettings:
    """What the outputs need from mkdocs.yml. ``config`` is the whole file as read (tags kept)."""

    config: dict[str, Any] = field(default_factory=dict)
    site_name: str = "Toolbox"
    site_description: str | None = None  # one sentence: what the toolbox offers, and to whom
    site_url: str | None = None  # with trailing slash
    repo_url: str | None = None  # without trailing slash
    proposal_email: str | None = None  # the editors' address for proposals by e-mail
    language: str = "nl"
    use_directory_urls: bool = True
    markdown_extensions: list[str] = field(default_factory=lambda: list(DEFAULT_EXTENSIONS))
    extension_configs: dict[str, dict[str, Any]] = field(default_factory=dict)

    def page_url(self, docs_path: str) -> str | None:
        """The public address of a generated page ('fiches/a.md'), when site_url is set."""
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
        _check_tags(node)
        config = yaml.load(text, Loader=_Loader) if node is not None else {}
    except UnicodeDecodeError:
        raise SettingsError("geen UTF-8-tekst") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise SettingsError(f"ongeldige YAML ({problem})", line, column) from None
    marks = _key_lines(node)
    return _settings(config if config is not None else {}, marks, root)


def _walk(node: yaml.Node | None) -> list[tuple[yaml.Node, str]]:
    """Every node of the document in file order with the dotted key it is under
    ('markdown_extensions.pymdownx.emoji.emoji_index'); a list adds no part to the key, and a
    node shared through an alias is visited once (an alias bomb stays small)."""
    found: list[tuple[yaml.Node, str]] = []
    seen: set[int] = set()
    stack: list[tuple[yaml.Node | None, str]] = [(node, "")]
    while stack:
        current, key = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        found.append((current, key))
        children: list[tuple[yaml.Node, str]] = []
        if isinstance(current, yaml.MappingNode):
            for name, value in current.value:
                inner = f"{key}.{name.value}" if key else str(name.value)
                children += [(name, key), (value, inner)]
        elif isinstance(current, yaml.SequenceNode):
            children = [(item, key) for item in current.value]
        stack.extend(reversed(children))
    return found


def _key_lines(node: yaml.Node | None) -> dict[str, tuple[int, int]]:
    """Line and column of every key ('extra.toolbox.proposal_email'), and of every plain list
    item under its key as if it were one ('plugins.macros' for `plugins: [macros]`)."""
    marks: dict[str, tuple[int, int]] = {}
    for current, key in _walk(node):
        if isinstance(current, yaml.MappingNode):
            for name, _ in current.value:
                if isinstance(name, yaml.ScalarNode):
                    inner = f"{key}.{name.value}" if key else str(name.value)
                    marks.setdefault(inner, _mark(name))
        elif isinstance(current, yaml.SequenceNode) and key:
            for item in current.value:
                if isinstance(item, yaml.ScalarNode):
                    marks.setdefault(f"{key}.{item.value}", _mark(item))
    return marks


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _at(marks: dict[str, tuple[int, int]], key: str) -> tuple[int, int]:
    """Where ``key`` is, or the nearest key above it."""
    while key:
        if key in marks:
            return marks[key]
        key = key.rpartition(".")[0]
    return 1, 1


def _check_tags(node: yaml.Node | None) -> None:
    """Python tags and !ENV, on the composed document: refused before anything is constructed,
    whatever spelling (`!!python/…`, `!<tag:yaml.org,2002:python/…>`, a %TAG handle) was used."""
    for current, key in _walk(node):
        tag, line = current.tag, current.start_mark.line + 1
        where = key or "mkdocs.yml"
        if tag.startswith(PYTHON_TAG):
            kind, _, dotted = tag[len(PYTHON_TAG) :].partition(":")
            if kind == "name" and dotted in ALLOWED_PYTHON_NAMES:
                continue
            if kind == "object/apply" and dotted in ALLOWED_PYTHON_CALLS:
                continue
            raise SettingsError(
                f"'{where}' moet een toegestane Python-naam zijn ({_allowed_python()}), niet "
                f"!!python/{kind}{':' if dotted else ''}{dotted} — een andere Python-naam zou bij "
                "elke build code uitvoeren; kies een naam uit de lijst of laat de instelling weg",
                line,
                current.start_mark.column + 1,
            )
        if tag == "!ENV":
            items = current.value if isinstance(current, yaml.SequenceNode) else [current]
            for item in items[:-1] if len(items) > 1 else items:
                name = item.value if isinstance(item, yaml.ScalarNode) else "…"
                if not str(name).startswith(ALLOWED_ENV_PREFIX):
                    mark = item.start_mark
                    raise SettingsError(
                        f"'{where}' moet een omgevingsvariabele lezen die met "
                        f"{ALLOWED_ENV_PREFIX} begint, niet !ENV {name} — andere variabelen "
                        "(zoals GH_TOKEN) kunnen geheimen bevatten die zo op de site belanden; "
                        f"gebruik bv. {ALLOWED_ENV_PREFIX}SITE_URL",
                        mark.line + 1,
                        mark.column + 1,
                    )


def _allowed_python() -> str:
    """The allow-lists, grouped by module: '!!python/name: uit material.extensions.emoji
    (to_svg, twemoji), …; !!python/object/apply:pymdownx.slugs.slugify'."""
    modules: dict[str, list[str]] = {}
    for dotted in sorted(ALLOWED_PYTHON_NAMES):
        module, _, name = dotted.rpartition(".")
        modules.setdefault(module, []).append(name)
    names = "; ".join(f"{m} ({', '.join(n)})" for m, n in modules.items())
    calls = ", ".join(f"!!python/object/apply:{c}" for c in sorted(ALLOWED_PYTHON_CALLS))
    return f"!!python/name: uit {names}; {calls}"


def _check_code(config: dict[str, Any], marks: dict[str, tuple[int, int]]) -> None:
    """No inherited settings file, no hooks, only the allowed Markdown extensions and plugins:
    each would make MkDocs or Zensical read or run files that validate never sees."""
    if "INHERIT" in config:
        raise SettingsError(
            f"'INHERIT' moet ontbreken, niet {config['INHERIT']!r} — MkDocs zou dat bestand "
            "ongecontroleerd inlezen (ook Python-tags); zet die instellingen in mkdocs.yml zelf",
            *_at(marks, "INHERIT"),
        )
    hooks = config.get("hooks")
    if hooks:
        raise SettingsError(
            f"'hooks' moet leeg zijn, niet {hooks!r} — een hook is Python-code die bij elke "
            "build zou draaien; laat 'hooks' weg",
            *_at(marks, "hooks"),
        )
    for item in config.get("markdown_extensions") or []:
        name = next(iter(item)) if isinstance(item, dict) and len(item) == 1 else item
        if isinstance(name, str) and not allowed_extension(name):
            raise SettingsError(
                f"'markdown_extensions' mag alleen extensies van Python-Markdown of PyMdown "
                f"Extensions (pymdownx.…) noemen, niet {name!r} — MkDocs zou die naam als "
                "Python-module importeren en uitvoeren; laat de extensie weg (bv. toc, "
                "admonition, attr_list, pymdownx.details)",
                *_at(marks, f"markdown_extensions.{name}"),
            )
    plugins = config.get("plugins")
    if not plugins:
        return
    if isinstance(plugins, dict):
        names: list[Any] = list(plugins)
    elif isinstance(plugins, list):
        names = [next(iter(p)) if isinstance(p, dict) and len(p) == 1 else p for p in plugins]
    else:
        names = [plugins]
    for name in names:
        if not isinstance(name, str) or name not in ALLOWED_PLUGINS:
            raise SettingsError(
                f"'plugins' moet een van {', '.join(sorted(ALLOWED_PLUGINS))} bevatten, niet "
                f"{name!r} — andere plugins voeren eigen code uit of nemen bestanden op in de "
                "site; laat de plugin weg (de site zoekt met Pagefind)",
                *_at(marks, f"plugins.{name}"),
            )


def _folder_problem(root: Path, value: Any) -> str | None:
    """Why ``value`` (a path relative to the project) may not be read for the site, or None.
    Links are resolved; a folder is walked for links and hidden entries inside it."""
    if not isinstance(value, str) or not value.strip():
        return "geef een pad relatief aan het project"
    project = root.resolve()
    target = (root / value).resolve()
    try:
        parts = target.relative_to(project).parts
    except ValueError:
        return "dat ligt buiten het project"
    if not parts:
        return "dat is de projectmap zelf"
    hidden = next((p for p in parts if p.startswith(".")), None)
    if hidden:
        return f"dat ligt in de verborgen map {hidden}"
    if parts[0] in OUTPUT_FOLDERS:
        return f"dat ligt in de uitvoermap {parts[0]}/"
    if target.is_dir():
        return _inside_problem(target)
    return None


def _inside_problem(folder: Path) -> str | None:
    count = 0
    for current, dirs, files in os.walk(folder, followlinks=False):
        for name in sorted([*dirs, *files]):
            count += 1
            entry = Path(current) / name
            where = entry.relative_to(folder).as_posix()
            if count > MAX_FOLDER_ENTRIES:
                return f"die map bevat meer dan {MAX_FOLDER_ENTRIES} bestanden"
            if entry.is_symlink():
                return f"{where} daarin is een symbolische link"
            if name.startswith("."):
                return f"{where} daarin is verborgen"
    return None


def _check_paths(config: dict[str, Any], marks: dict[str, tuple[int, int]], root: Path) -> None:
    """``theme.custom_dir`` and the paths of the extensions that read files: plain folders of the
    project (MkDocs copies the one into the site, the others put files into pages)."""
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir") is not None:
        value = resolved(theme["custom_dir"])
        problem = _folder_problem(root, value)
        if problem:
            raise SettingsError(
                f"'theme.custom_dir' moet een map binnen het project zijn, niet {value!r}: "
                f"{problem} — MkDocs kopieert die map naar de site; gebruik een gewone map "
                "zoals overrides",
                *_at(marks, "theme.custom_dir"),
            )
    for item in config.get("markdown_extensions") or []:
        if isinstance(item, str):
            item = {item: None}
        if not isinstance(item, dict) or len(item) != 1:
            continue  # reported by _extensions
        ((name, options),) = item.items()
        base = str(name).partition(":")[0]
        if base not in FILE_OPTIONS or not (options is None or isinstance(options, dict)):
            continue
        if options is None:
            options = item[name] = {}
        _check_file_options(base, options, marks, root)


def _check_file_options(
    name: str, options: dict[str, Any], marks: dict[str, tuple[int, int]], root: Path
) -> None:
    key = f"markdown_extensions.{name}"
    hint = (
        "de extensie voegt bestanden uit die map in de pagina's in; geef een eigen map van het "
        "project op, zoals content/snippets"
    )
    for option in FILE_OPTIONS[name]:
        if option not in options and option != "base_path":
            continue
        value = resolved(options.get(option))
        values = value if isinstance(value, list) else [value]
        for path in values:
            problem = (
                "zonder base_path leest de extensie uit de werkmap"
                if option not in options
                else _folder_problem(root, path)
            )
            if problem:
                got = repr(path) if option in options else "leeg"
                raise SettingsError(
                    f"'{key}.{option}' moet een map binnen het project zijn, niet {got}: "
                    f"{problem} — {hint}",
                    *_at(marks, f"{key}.{option}.{path}"),
                )
        absolute = [str((root / p).resolve()) for p in values]
        options[option] = absolute if isinstance(value, list) else absolute[0]
    for option in ("restrict_base_path", "restrict_path"):
        if options.get(option) is False:
            raise SettingsError(
                f"'{key}.{option}' moet true zijn, niet false — anders leest de extensie met ../ "
                "ook buiten base_path; laat de instelling weg",
                *_at(marks, f"{key}.{option}"),
            )
    if options.get("url_download"):
        raise SettingsError(
            f"'{key}.url_download' moet false zijn, niet {options['url_download']!r} — de build "
            "zou dan tekst van andere websites in de pagina's opnemen; laat de instelling weg",
            *_at(marks, f"{key}.url_download"),
        )
    if not isinstance(options.get("check_paths", False), bool):
        raise SettingsError(
            f"'{key}.check_paths' moet true of false zijn, niet {options['check_paths']!r} — "
            "met true is een ontbrekend bestand een fout in plaats van een lege plek",
            *_at(marks, f"{key}.check_paths"),
        )
    for appended in resolved(options.get("auto_append")) or []:
        parts = Path(str(appended)).parts
        bad = not isinstance(appended, str) or Path(appended).is_absolute()
        if bad or any(p == ".." or p.startswith(".") for p in parts):
            raise SettingsError(
                f"'{key}.auto_append' moet bestandsnamen binnen base_path bevatten, niet "
                f"{appended!r} — geen absolute paden, geen ../ en geen verborgen bestanden; "
                "zet het bestand in de map van base_path",
                *_at(marks, f"{key}.auto_append.{appended}"),
            )


def _settings(config: Any, marks: dict[str, tuple[int, int]], root: Path) -> ProjectSettings:
    if not isinstance(config, dict):
        raise SettingsError("verwacht een mapping van instellingen")
    _check_code(config, marks)
    _check_paths(config, marks, root)
    lines = {key: line for key, (line, _) in marks.items()}

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
        site_description=str(resolved(config.get("site_description")) or "") or None,
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
