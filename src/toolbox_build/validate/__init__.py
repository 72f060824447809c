"""Validation: every rule runs over the whole project and adds problems; nothing stops early."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..catalog.load import read_project
from ..catalog.model import Catalog
from ..problems import Problem, Severity, display_path, sort_key
from ..settings import CONFIG_FILE, ProjectSettings, SettingsError, load_settings
from . import (
    capitals,
    corrections,
    cross_references,
    duplicates,
    editions,
    figures,
    generated_paths,
    glued_words,
    link_owners,
    links,
    merged_citations,
    near_urls,
    organisations_use,
    prose_depth,
    prose_html,
    references_use,
    site_ids,
    text_hygiene,
)
from .rule_runner import run_rules


@dataclass
class ValidationResult:
    catalog: Catalog
    problems: list[Problem]
    settings: ProjectSettings = field(default_factory=ProjectSettings)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors


RULES = (
    cross_references.check,
    duplicates.check,
    links.check,
    prose_html.check,
    prose_depth.check,
    site_ids.check,
    generated_paths.check,
    text_hygiene.check,
    corrections.check,
    editions.check,
    references_use.check,
    near_urls.check,
    link_owners.check,
    glued_words.check,
    merged_citations.check,
    figures.check,
    capitals.check,
    organisations_use.check,
)
# The rules that look at addresses take half of the rules' time at scale: on a large catalogue
# they run in a second process (rule_runner.py).
IN_SECOND_PROCESS = (links.check, near_urls.check, link_owners.check)


def validate_project(root: Path) -> ValidationResult:
    catalog, documents, problems = read_project(root)
    problems.extend(run_rules(RULES, IN_SECOND_PROCESS, catalog, documents))
    try:
        settings = load_settings(root)
    except SettingsError as exc:
        settings = ProjectSettings()
        where = display_path(root / CONFIG_FILE)
        problems.append(
            Problem(
                where,
                exc.line,
                exc.column,
                Severity.ERROR,
                "bad-setting",
                exc.message,
                "zie de uitleg over mkdocs.yml in docs/maintaining.md",
            )
        )
    catalog.settings = settings
    unique = sorted(set(problems), key=sort_key)
    return ValidationResult(catalog, unique, settings)
