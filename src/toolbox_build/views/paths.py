"""Where each generated page lives in the docs folder, and how a page is labelled.

Shared by the page renderer, records.json and the PDF; it imports nothing from the site package,
so those modules can use it without importing one another.
"""

from __future__ import annotations

from ..catalog.model import Page
from ..settings import page_url

FICHE_DIR = "fiches"
CHAPTER_DIR = "deel-1"
TOOL_DIR = "tools"
ORG_DIR = "organisaties"
REFERENCES_PAGE = "referenties.md"
GUIDE_PAGE = "leeswijzer.md"
CATALOGUE_PAGE = f"{TOOL_DIR}/index.md"
EDITION_PAGE = "editie.md"
ACCOUNT_PAGE = "verantwoording.md"
INTRO_PAGE = "inleiding.md"


def page_path(page: Page) -> str:
    if page.kind == "intro":
        return INTRO_PAGE
    return f"{FICHE_DIR if page.kind == 'fiche' else CHAPTER_DIR}/{page.id}.md"


def tool_path(tool_id: str) -> str:
    return f"{TOOL_DIR}/{tool_id}.md"


def org_path(org_id: str) -> str:
    return f"{ORG_DIR}/{org_id}.md"


def page_label(page: Page) -> str:
    return f"{page.letter}. {page.title}" if page.letter else page.title


def section_urls(directory_urls: bool) -> dict[str, str]:
    """The address of each kind of page, relative to the site's root, for the theme's templates
    (header, search dialog, 404 page, page types): they read these instead of spelling them."""
    return {
        "catalogue": page_url(CATALOGUE_PAGE, directory_urls),
        "guide": page_url(GUIDE_PAGE, directory_urls),
        "intro": page_url(INTRO_PAGE, directory_urls),
        "fiches": f"{FICHE_DIR}/",
        "chapters": f"{CHAPTER_DIR}/",
        "tools": f"{TOOL_DIR}/",
        "organisations": f"{ORG_DIR}/",
        "tools_index": page_url(CATALOGUE_PAGE, False),
        "organisations_index": page_url(f"{ORG_DIR}/index.md", False),
    }


def pages_outside_nav() -> str:
    """MkDocs' `not_in_nav`: the tool and organisation pages are reached from the catalogue."""
    return f"/{TOOL_DIR}/*.md\n/{ORG_DIR}/*.md\n"
