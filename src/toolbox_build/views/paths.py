"""Where each generated page lives in the docs folder, and how a page is labelled.

Shared by the page renderer, records.json and the PDF; it imports nothing from the site package,
so those modules can use it without importing one another.
"""

from __future__ import annotations

from ..catalog.model import Page

FICHE_DIR = "fiches"
CHAPTER_DIR = "deel-1"
TOOL_DIR = "tools"
ORG_DIR = "organisaties"
REFERENCES_PAGE = "referenties.md"
GUIDE_PAGE = "leeswijzer.md"
CATALOGUE_PAGE = f"{TOOL_DIR}/index.md"
EDITION_PAGE = "editie.md"
ACCOUNT_PAGE = "verantwoording.md"


def page_path(page: Page) -> str:
    if page.kind == "intro":
        return "inleiding.md"
    return f"{FICHE_DIR if page.kind == 'fiche' else CHAPTER_DIR}/{page.id}.md"


def tool_path(tool_id: str) -> str:
    return f"{TOOL_DIR}/{tool_id}.md"


def org_path(org_id: str) -> str:
    return f"{ORG_DIR}/{org_id}.md"


def page_label(page: Page) -> str:
    return f"{page.letter}. {page.title}" if page.letter else page.title
