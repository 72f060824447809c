"""Reading a tagged PDF back with pikepdf: the structure tree, marked content, annotations."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import pikepdf


@dataclass
class Structure:
    types: Counter = field(default_factory=Counter)
    nested_links: int = 0
    heading_levels: list[int] = field(default_factory=list)
    header_cells: list[pikepdf.Dictionary] = field(default_factory=list)
    figures: list[pikepdf.Dictionary] = field(default_factory=list)
    reachable: set[tuple[int, int]] = field(default_factory=set)
    tables: list[pikepdf.Dictionary] = field(default_factory=list)


def _kids(element: pikepdf.Dictionary) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def structure(pdf: pikepdf.Pdf) -> Structure:
    found = Structure()

    def walk(element, parent_type: str | None) -> None:
        if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
            return
        kind = str(element.S)
        found.reachable.add(element.objgen)
        found.types[kind] += 1
        if kind == "/Link" and parent_type == "/Link":
            found.nested_links += 1
        if match := re.fullmatch(r"/H([1-6])", kind):
            found.heading_levels.append(int(match.group(1)))
        if kind == "/TH":
            found.header_cells.append(element)
        if kind == "/Figure":
            found.figures.append(element)
        if kind == "/Table":
            found.tables.append(element)
        for kid in _kids(element):
            walk(kid, kind)

    for top in _kids(pdf.Root.StructTreeRoot):
        walk(top, None)
    return found


def rows_of(table: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    rows = []
    for part in _kids(table):
        if isinstance(part, pikepdf.Dictionary) and part.get("/S") in ("/THead", "/TBody"):
            rows.extend(r for r in _kids(part) if isinstance(r, pikepdf.Dictionary))
        elif isinstance(part, pikepdf.Dictionary) and part.get("/S") == "/TR":
            rows.append(part)
    return rows


def cells_of(row: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    kids = [c for c in _kids(row) if isinstance(c, pikepdf.Dictionary)]
    return [c for c in kids if c.get("/S") in ("/TD", "/TH")]


def untagged_content(pdf: pikepdf.Pdf, found: Structure) -> list[tuple[int, int]]:
    """(page, MCID) of marked content that is neither an artifact nor in the structure tree."""
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    per_page = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    missing = []
    for index, page in enumerate(pdf.pages):
        content = page.Contents.read_bytes()
        mapping = per_page.get(index)
        for mcid in map(int, re.findall(rb"/MCID (\d+)", content)):
            ref = mapping[mcid] if mapping is not None and mcid < len(mapping) else None
            if not isinstance(ref, pikepdf.Dictionary) or ref.objgen not in found.reachable:
                missing.append((index, mcid))
    return missing


def link_annotations(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    return [
        annot
        for page in pdf.pages
        for annot in page.get("/Annots", [])
        if annot.get("/Subtype") == "/Link"
    ]


def artifact_text(pdf: pikepdf.Pdf, page_index: int) -> bool:
    return b"/Artifact" in pdf.pages[page_index].Contents.read_bytes()
