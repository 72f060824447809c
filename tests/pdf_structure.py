"""Reading a tagged PDF back with pypdf: the structure tree, marked content, annotations."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pypdf import PageObject, PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
)


@dataclass
class Structure:
    types: Counter = field(default_factory=Counter)
    nested_links: int = 0
    heading_levels: list[int] = field(default_factory=list)
    header_cells: list[DictionaryObject] = field(default_factory=list)
    figures: list[DictionaryObject] = field(default_factory=list)
    reachable: set[tuple[int, int]] = field(default_factory=set)
    tables: list[DictionaryObject] = field(default_factory=list)


def value(container: Any, key: Any, default: Any = None) -> Any:
    """container[key] with indirect references followed; default when the key is absent."""
    found = container.get(key) if isinstance(container, DictionaryObject) else container[key]
    return default if found is None else found.get_object()


def items(array: Any) -> list:
    """The elements of an array, indirect references followed."""
    return [item.get_object() for item in array.get_object()]


def is_dictionary(obj: Any) -> bool:
    """A dictionary that is not a stream."""
    return isinstance(obj, DictionaryObject) and not isinstance(obj, StreamObject)


def object_id(obj: Any) -> tuple[int, int]:
    """(object number, generation) of an indirect object; (0, 0) for a direct one."""
    ref = obj if isinstance(obj, IndirectObject) else getattr(obj, "indirect_reference", None)
    return (ref.idnum, ref.generation) if ref is not None else (0, 0)


def pdf_root(pdf: PdfReader) -> DictionaryObject:
    return pdf.trailer["/Root"]


def kids_of(element: DictionaryObject) -> list:
    kids = value(element, "/K")
    if kids is None:
        return []
    return items(kids) if isinstance(kids, ArrayObject) else [kids]


def structure(pdf: PdfReader) -> Structure:
    found = Structure()

    def walk(element, parent_type: str | None) -> None:
        if not is_dictionary(element) or "/S" not in element:
            return
        kind = str(element["/S"])
        found.reachable.add(object_id(element))
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
        for kid in kids_of(element):
            walk(kid, kind)

    for top in kids_of(pdf_root(pdf)["/StructTreeRoot"]):
        walk(top, None)
    return found


def rows_of(table: DictionaryObject) -> list[DictionaryObject]:
    rows = []
    for part in kids_of(table):
        if is_dictionary(part) and value(part, "/S") in ("/THead", "/TBody"):
            rows.extend(r for r in kids_of(part) if is_dictionary(r))
        elif is_dictionary(part) and value(part, "/S") == "/TR":
            rows.append(part)
    return rows


def cells_of(row: DictionaryObject) -> list[DictionaryObject]:
    kids = [c for c in kids_of(row) if is_dictionary(c)]
    return [c for c in kids if value(c, "/S") in ("/TD", "/TH")]


def parent_tree(pdf: PdfReader) -> dict[int, Any]:
    """The structure parent tree (a flat /Nums array): key to its value."""
    nums = pdf_root(pdf)["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    return {int(nums[i]): value(nums, i + 1) for i in range(0, len(nums), 2)}


def marked_content(page: PageObject) -> list[tuple[str, DictionaryObject | None]]:
    """(tag, property list) of each marked-content operator (BMC, BDC, MP, DP) in the page's
    content, in order; a property list named in the page's /Properties resources is looked up."""
    found = []
    for operands, operator in page.get_contents().operations:
        if operator in (b"BMC", b"MP"):
            found.append((str(operands[0]), None))
        elif operator in (b"BDC", b"DP"):
            properties = operands[1]
            if isinstance(properties, NameObject):
                properties = value(value(page["/Resources"], "/Properties"), properties)
            found.append((str(operands[0]), properties))
    return found


def untagged_content(pdf: PdfReader, found: Structure) -> list[tuple[int, int]]:
    """(page, MCID) of marked content that is neither an artifact nor in the structure tree."""
    per_page = parent_tree(pdf)
    missing = []
    for index, page in enumerate(pdf.pages):
        mapping = per_page.get(index)
        for _, properties in marked_content(page):
            if properties is None or "/MCID" not in properties:
                continue
            mcid = int(properties["/MCID"])
            inside = mapping is not None and 0 <= mcid < len(mapping)
            ref = value(mapping, mcid) if inside else None
            if not is_dictionary(ref) or object_id(ref) not in found.reachable:
                missing.append((index, mcid))
    return missing


def page_annotations(page: PageObject) -> list[DictionaryObject]:
    return items(page["/Annots"]) if "/Annots" in page else []


def link_annotations(pdf: PdfReader) -> list[DictionaryObject]:
    return [
        annot
        for page in pdf.pages
        for annot in page_annotations(page)
        if value(annot, "/Subtype") == "/Link"
    ]


def artifact_text(pdf: PdfReader, page_index: int) -> bool:
    return any(tag == "/Artifact" for tag, _ in marked_content(pdf.pages[page_index]))


def name_tree_keys(node: DictionaryObject) -> set[str]:
    """Every key of a name tree (its /Names arrays, through /Kids)."""
    keys = set()
    if "/Names" in node:
        names = node["/Names"]
        keys.update(str(value(names, i)) for i in range(0, len(names), 2))
    for kid in items(node.get("/Kids", ArrayObject())):
        keys |= name_tree_keys(kid)
    return keys


def outline_entries(reader: PdfReader) -> list[tuple[int, str]]:
    """The bookmarks as (level, title), level 1 at the top, in document order."""
    flat: list[tuple[int, str]] = []

    def walk(entries: list[Any], depth: int) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                flat.append((depth, entry.title))

    walk(reader.outline, 1)
    return flat
