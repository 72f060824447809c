"""The folders of a project: what it reads (tools_catalog/, content/) and what builds write."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .safe_files import is_dir_entry


@dataclass(frozen=True)
class ProjectLayout:
    """Where a project keeps its files, relative to its root: the sources it reads and the
    folders the build writes (the one description every command uses)."""

    root: Path

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    @property
    def docs_dir(self) -> Path:
        """The generated Markdown pages the site engine reads."""
        return self.build_dir / "docs"

    @property
    def config_file(self) -> Path:
        """The generated mkdocs.yml (the project's, plus where the pages are)."""
        return self.build_dir / "mkdocs.yml"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    @property
    def pdf_dir(self) -> Path:
        return self.build_dir / "pdf"

    @property
    def links_dir(self) -> Path:
        """The link check's reports and cache."""
        return self.build_dir / "links"

    @property
    def tools_dir(self) -> Path:
        return self.root / "tools_catalog"

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    def registry(self, name: str) -> Path:
        return self.content_dir / f"{name}.yaml"

    def tool_files(self) -> list[Path]:
        return self.tool_entries()[0]

    def tool_entries(self) -> tuple[list[Path], list[tuple[Path, str, str]]]:
        """The records in tools_catalog/, and every other entry with (path, message, hint).

        A record is a file whose name ends in exactly ``.yaml`` (or ``.yml`` when no ``.yaml``
        of the same name exists). Anything else would be skipped without a word, so each one
        is reported with the name it should have.
        """
        records: list[Path] = []
        others: list[tuple[Path, str, str]] = []
        if not self.tools_dir.is_dir():
            return records, others
        with os.scandir(self.tools_dir) as listing:  # knows folders without a stat() each
            entries = sorted((Path(e.path), is_dir_entry(e)) for e in listing)
        names = {path.name for path, _ in entries}
        for path, is_dir in entries:
            problem = _not_a_record(path, names, is_dir)
            if problem is None:
                records.append(path)
            elif problem[0]:
                others.append((path, *problem))
        return records, others

    def page_files(self) -> list[Path]:
        # Upper-case Markdown files (README.md) are notes for editors, not pages.
        return sorted(
            p for p in self.content_dir.rglob("*.md") if not p.stem.isupper() and p.is_file()
        )


def _not_a_record(path: Path, names: set[str], is_dir: bool) -> tuple[str, str] | None:
    """None for a record; ("", "") for a file to skip silently; else (message, hint)."""
    name = path.name
    if name == ".gitkeep":
        return "", ""
    if is_dir:
        inside = sorted(p.name for p in path.rglob("*") if p.is_file())
        listed = ", ".join(inside[:5]) + (", …" if len(inside) > 5 else "")
        return (
            f"submap '{name}/' in tools_catalog/ wordt niet gelezen"
            + (f" (bevat {listed})" if listed else ""),
            "zet elk toolbestand rechtstreeks in tools_catalog/ (bv. "
            f"tools_catalog/{inside[0] if inside else 'naam-van-de-tool.yaml'}) en verwijder "
            "de submap",
        )
    if name.startswith("."):
        return (
            f"verborgen bestand '{name}' in tools_catalog/ wordt niet gelezen",
            "verwijder het; is het een toolrecord, geef het dan een naam zonder punt vooraan, "
            f"bv. tools_catalog/{name.lstrip('.').split('.')[0] or 'naam-van-de-tool'}.yaml",
        )
    if name.endswith(".yaml"):
        return None
    if name.endswith(".yml"):
        stem = name.removesuffix(".yml")
        if f"{stem}.yaml" in names:
            return (
                f"'{name}' staat naast '{stem}.yaml' met dezelfde naam; beide zouden tool "
                f"'{stem}' zijn",
                f"houd één bestand: zet de inhoud samen in {stem}.yaml en verwijder {name}",
            )
        return None
    lower = name.lower()
    record_suffix = re.search(r"\.ya?ml(?=\.|$)", lower)
    if record_suffix and record_suffix.end() == len(lower):
        stem = name[: record_suffix.start()]
        message = f"bestand '{name}' wordt niet gelezen: de extensie moet in kleine letters"
    elif record_suffix:
        stem = name[: record_suffix.start()]
        message = f"bestand '{name}' wordt niet gelezen: de naam eindigt niet op .yaml"
    elif "." not in name:
        stem = name
        message = f"bestand '{name}' heeft geen extensie en wordt niet gelezen"
    else:
        stem = name.rsplit(".", 1)[0]
        return (
            f"bestand '{name}' in tools_catalog/ is geen toolrecord en wordt niet gelezen",
            f"is het een toolrecord, hernoem het dan naar tools_catalog/{stem}.yaml; anders "
            "verplaats je het uit tools_catalog/",
        )
    wanted = f"tools_catalog/{stem}.yaml"
    return message, f"hernoem het naar {wanted} (de naam eindigt op .yaml)"
