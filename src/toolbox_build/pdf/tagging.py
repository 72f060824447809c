"""Repairs to WeasyPrint's tagged PDF (structure tree, artifacts, link texts, form appearances).

WeasyPrint 70 builds the structure tree page by page, so a table or section that runs over several
pages becomes several elements (Kozea/WeasyPrint#2903); it leaves the text of running headers and
footers tagged but outside the tree instead of marking it as an artifact; its table header cells
carry no /Scope; a link's /Contents is its internal target; and a check box has no "Off"
appearance and a text field none at all. ``TagRepair`` fixes all of this on the in-memory
``pydyf.PDF`` (WeasyPrint's public ``finisher`` hook), before anything is written, so the result
stays byte-reproducible and costs no second pass over the file.

To know which elements belong together it has to see the HTML element behind each structure
element: it wraps WeasyPrint's ``_build_box_tree`` for the duration of one render. That function
is private, which is one reason WeasyPrint is pinned (pyproject.toml).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pydyf

HEADING = re.compile(r"^/H([1-6])$")
FONT_OPERATOR = re.compile(rb"/(\S+) [\d.]+ Tf")
SUBSET_TAG = re.compile(r"^/[A-Z]{6}\+")


def _untagged(name: Any) -> Any:
    """A font name without its subset tag: /ABCDEF+DejaVu-Sans becomes /DejaVu-Sans."""
    text = name.decode() if isinstance(name, bytes) else str(name)
    return SUBSET_TAG.sub("/", text)


def _number(reference: Any) -> int | None:
    """The object number of a pydyf reference (b'12 0 R'), or None for anything else."""
    if isinstance(reference, bytes) and reference.endswith(b" R"):
        return int(reference.split()[0])
    return None


def _rectangle(rect: Any) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of an annotation's /Rect, whichever corners it names."""
    x1, y1, x2, y2 = (float(v) for v in rect)
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def _area(rect: tuple[float, float, float, float]) -> float:
    width, height = rect[2] - rect[0], rect[3] - rect[1]
    return width * height if width > 0 and height > 0 else 0.0


def _inside(inner: tuple[float, ...], outer: tuple[float, ...], slack: float = 0.5) -> bool:
    return (
        inner[0] >= outer[0] - slack
        and inner[1] >= outer[1] - slack
        and inner[2] <= outer[2] + slack
        and inner[3] <= outer[3] + slack
    )


def _element_text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


class TagRepair:
    """One render's repairs: ``with repair.recording(): document.write_pdf(finisher=repair)``."""

    def __init__(self) -> None:
        # id(structure element) -> (key of its HTML element, the HTML element, the element)
        self.sources: dict[int, tuple[tuple[int, str], Any, Any]] = {}
        self.merged = 0
        # page index -> MCIDs of decorative content (leader dots), made artifacts
        self.decorative: dict[int, set[int]] = {}

    # -- recording while WeasyPrint builds the tree ------------------------------------------

    @contextmanager
    def recording(self) -> Iterator[None]:
        from weasyprint.layout.absolute import AbsolutePlaceholder
        from weasyprint.pdf import tags

        original = tags._build_box_tree
        sources = self.sources
        decorative = self.decorative

        def build_box_tree(box, parent, pdf, page_number, nums, annotations, marks):
            source = box._box if isinstance(box, AbsolutePlaceholder) else box
            leader = getattr(source, "is_leader", False)
            for element in original(box, parent, pdf, page_number, nums, annotations, marks):
                if leader:
                    # Leader dots (a table of contents line) are decoration: their marked
                    # content leaves the tree and becomes an artifact (_artifacts_for_orphans);
                    # the element keeps its link annotation, for the Link it is part of.
                    dots = [kid for kid in element["K"] if isinstance(kid, int)]
                    decorative.setdefault(page_number, set()).update(dots)
                    element["K"] = pydyf.Array(k for k in element["K"] if k not in dots)
                # The innermost call sees an element first; the html and body boxes pass their
                # children's elements through and must not claim them.
                html = source.element
                if html is not None and id(element) not in sources:
                    sources[id(element)] = ((id(html), source.element_tag), html, element)
                    # WeasyPrint passes only the document's language on: a tool's English
                    # name (lang="en") says so on its own element, for a screen reader's voice.
                    lang = html.get("lang")
                    if lang and source.element_tag not in ("html", "body"):
                        element["Lang"] = pydyf.String(lang)
                annotation = getattr(source, "link_annotation", None)
                if annotation is not None and html is not None:
                    text = html.get("title") or _element_text(html)
                    if text:
                        annotation["Contents"] = pydyf.String(text)
                yield element

        tags._build_box_tree = build_box_tree
        try:
            yield
        finally:
            tags._build_box_tree = original

    # -- the finisher -------------------------------------------------------------------------

    def __call__(self, document: Any, pdf: pydyf.PDF) -> None:
        self.pdf = pdf
        root_ref = pdf.catalog.get("StructTreeRoot")
        if root_ref is None:
            return
        root = self._get(root_ref)
        self.parent_tree = self._get(root["ParentTree"])
        self.replaced: dict[bytes, bytes] = {}
        self.annotation_parents: dict[int, bytes] = {}  # StructParent -> Link element
        for ref in list(root["K"]):
            self._repair(self._get(ref))
        self._remap_parent_tree()
        self._prune_link_annotations()
        reachable = self._reachable(root)
        self._artifacts_for_orphans(reachable)
        self._headings(root)
        self._form_appearances()
        self._field_fonts()

    def _get(self, reference: Any) -> Any:
        number = _number(reference)
        return self.pdf.objects[number] if number is not None else reference

    def _struct_kids(self, element: Any) -> list[Any]:
        kids = (self._get(k) for k in element["K"] if _number(k) is not None)
        return [kid for kid in kids if self._is_struct(kid)]

    def _key(self, element: Any) -> tuple[int, str] | None:
        source = self.sources.get(id(element))
        return source[0] if source else None

    def _html(self, element: Any) -> Any:
        source = self.sources.get(id(element))
        return source[1] if source else None

    def _is_struct(self, obj: Any) -> bool:
        return isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/StructElem"

    def _repair(self, element: Any) -> None:
        """Merge split children, flatten nested links, set header scopes; then recurse."""
        kids = element["K"]
        result = pydyf.Array()
        for kid in kids:
            obj = self._get(kid)
            if not self._is_struct(obj):
                result.append(kid)
                continue
            if element["S"] == "/Link" and obj["S"] == "/Link":
                self._absorb(element, obj, result)  # a link inside a link (leader, ::after)
                continue
            if obj["S"] == element["S"] and self._key(obj) == self._key(element) is not None:
                # An anonymous box WeasyPrint wrapped around inline content (an image between
                # paragraphs): the same HTML element twice, once inside itself.
                self._absorb(element, obj, result)
                continue
            previous = self._earlier_part(result, obj, element["S"] == "/TR")
            if previous is not None:
                self._merge(previous, obj)
                continue
            if obj["S"] == "/THead" and self._has_head(result, obj):
                continue  # a header repeated on the next page: its text becomes an artifact
            result.append(kid)
        element["K"] = result
        if element["S"] == "/TH":
            self._scope(element)
        if element["S"] == "/Link":
            self._gather_annotations(element)
        for kid in self._struct_kids(element):
            self._repair(kid)

    def _earlier_part(self, kids: list[Any], obj: Any, any_sibling: bool) -> Any:
        """The element ``obj`` continues: the last structure sibling before it, or, in a row
        split over two pages, the cell of the same column."""
        for kid in reversed(kids):
            earlier = self._get(kid)
            if not self._is_struct(earlier):
                continue
            if self._continues(earlier, obj):
                return earlier
            if not any_sibling:
                return None
        return None

    def _continues(self, first: Any, second: Any) -> bool:
        key = self._key(first)
        return (
            key is not None
            and key == self._key(second)
            and first["S"] == second["S"]
            and first.get("Pg") != second.get("Pg")
        )

    def _has_head(self, kids: list[Any], head: Any) -> bool:
        key = self._key(head)
        return any(self._is_struct(o) and self._key(o) == key for o in map(self._get, kids))

    def _merge(self, first: Any, second: Any) -> None:
        """``second`` continues ``first`` on a later page: one element from now on."""
        self.merged += 1
        for kid in second["K"]:
            first["K"].append(kid)
            obj = self._get(kid)
            if self._is_struct(obj):
                obj["P"] = first.reference
        self.replaced[second.reference] = first.reference
        # Children split the same way (rows of a table body, a paragraph) merge when the
        # recursion reaches ``first``.

    def _absorb(self, outer: Any, inner: Any, result: list[Any]) -> None:
        """Put ``inner``'s children in its place inside ``outer`` (links nested in links, or
        an element nested in itself)."""
        for kid in inner["K"]:
            obj = self._get(kid)
            if self._is_struct(obj) and obj["S"] == "/Link" == outer["S"]:
                self._absorb(outer, obj, result)
                continue
            result.append(kid)
            if self._is_struct(obj):
                obj["P"] = outer.reference
        self.replaced[inner.reference] = outer.reference

    def _gather_annotations(self, link: Any) -> None:
        """Inline boxes inside a link (the pieces of a printed address) carry their own link
        annotations, tagged under a Span: each belongs to the Link element, and says what the
        whole link says."""
        html = self._html(link)
        text = (html.get("title") or _element_text(html)) if html is not None else ""
        stack = [self._get(k) for k in link["K"]]
        while stack:
            obj = stack.pop()
            if not self._is_struct(obj):
                continue
            for kid in list(obj["K"]):
                item = self._get(kid)
                if isinstance(item, pydyf.Dictionary) and item.get("Type") == "/OBJR":
                    obj["K"].remove(kid)
                    link["K"].append(kid)
                    annotation = self._get(item["Obj"])
                    self.annotation_parents[annotation.get("StructParent")] = link.reference
                elif self._is_struct(item):
                    stack.append(item)
        if text:
            for kid in link["K"]:
                item = self._get(kid)
                if isinstance(item, pydyf.Dictionary) and item.get("Type") == "/OBJR":
                    self._get(item["Obj"])["Contents"] = pydyf.String(text)

    def _scope(self, cell: Any) -> None:
        html = self._html(cell)
        scope = (html.get("scope") if html is not None else None) or ""
        if scope.startswith("row"):
            value = "/Row"
        elif scope.startswith("col"):
            value = "/Column"
        else:
            parent = self._get(cell["P"])
            grand = self._get(parent["P"]) if self._is_struct(parent) else None
            in_head = self._is_struct(grand) and grand["S"] == "/THead"
            value = "/Column" if in_head else "/Row"
        attributes = cell.get("A")
        if not isinstance(attributes, pydyf.Dictionary):
            attributes = cell["A"] = pydyf.Dictionary({"O": "/Table"})
        attributes["Scope"] = value

    def _remap_parent_tree(self) -> None:
        def final(ref: bytes) -> bytes:
            while ref in self.replaced:
                ref = self.replaced[ref]
            return ref

        nums = self.parent_tree["Nums"]
        for index in range(1, len(nums), 2):
            value = nums[index]
            if isinstance(value, pydyf.Array):
                for i, ref in enumerate(value):
                    if isinstance(ref, bytes) and ref in self.replaced:
                        value[i] = final(ref)
            elif nums[index - 1] in self.annotation_parents:
                nums[index] = self.annotation_parents[nums[index - 1]]
            elif isinstance(value, bytes) and value in self.replaced:
                nums[index] = final(value)

    def _prune_link_annotations(self) -> None:
        """WeasyPrint gives every inline box inside a link its own annotation: the link, the
        printed address inside it, each piece of the address, and empty fragments (a <wbr>)
        of zero width. Per link and page only the boxes a reader can click remain: none of zero
        size and none inside another box of the same link. The Link element and the parent
        tree lose the dropped ones too."""
        nums = self.parent_tree["Nums"]
        owners = {nums[i]: nums[i + 1] for i in range(0, len(nums), 2)}
        dropped: set[int] = set()  # StructParent keys
        for page_ref in self.pdf.page_references:
            page = self._get(page_ref)
            if "Annots" not in page:
                continue
            kept: dict[Any, list[tuple[float, float, float, float]]] = {}
            links = []
            for ref in page["Annots"]:
                annotation = self._get(ref)
                if annotation.get("Subtype") == "/Link" and "StructParent" in annotation:
                    links.append((ref, annotation, _rectangle(annotation["Rect"])))
            # Largest first, so a box is compared with the boxes that could hold it.
            links.sort(key=lambda item: -_area(item[2]))
            drop = set()
            for ref, annotation, rect in links:
                owner = owners.get(annotation["StructParent"])
                boxes = kept.setdefault(owner, [])
                if _area(rect) <= 0 or any(_inside(rect, box) for box in boxes):
                    drop.add(ref)
                    dropped.add(annotation["StructParent"])
                    self._drop_reference(owner, ref)
                else:
                    boxes.append(rect)
            if drop:
                page["Annots"] = pydyf.Array(r for r in page["Annots"] if r not in drop)
        if dropped:
            pairs = [
                (nums[i], nums[i + 1]) for i in range(0, len(nums), 2) if nums[i] not in dropped
            ]
            self.parent_tree["Nums"] = pydyf.Array(x for pair in pairs for x in pair)

    def _drop_reference(self, owner: Any, annotation_ref: bytes) -> None:
        """Take the object reference to a dropped annotation out of its structure element."""
        element = self._get(owner)
        if not self._is_struct(element):
            return
        for kid in list(element["K"]):
            item = self._get(kid)
            if (
                isinstance(item, pydyf.Dictionary)
                and item.get("Type") == "/OBJR"
                and item.get("Obj") == annotation_ref
            ):
                element["K"].remove(kid)

    def _reachable(self, root: Any) -> set[bytes]:
        seen: set[bytes] = set()
        stack = list(root["K"])
        while stack:
            ref = stack.pop()
            if _number(ref) is None or ref in seen:
                continue
            obj = self._get(ref)
            if not self._is_struct(obj):
                continue
            seen.add(ref)
            stack.extend(obj["K"])
        return seen

    def _artifacts_for_orphans(self, reachable: set[bytes]) -> None:
        """Content whose structure element is outside the tree (running headers and footers,
        repeated table headers, leader dots) becomes an /Artifact, as PDF/UA requires."""
        nums = self.parent_tree["Nums"]
        pages = self.pdf.page_references
        for index in range(0, len(nums), 2):
            value = nums[index + 1]
            page_index = nums[index]
            if not isinstance(value, pydyf.Array) or page_index >= len(pages):
                continue
            orphans = {
                mcid
                for mcid, ref in enumerate(value)
                if isinstance(ref, bytes) and ref not in reachable
            } | self.decorative.get(page_index, set())
            if not orphans:
                continue
            for mcid in orphans:
                value[mcid] = "null"
            page = self._get(pages[page_index])
            self._mark_artifacts(self._get(page["Contents"]), orphans)

    def _mark_artifacts(self, stream: Any, mcids: set[int]) -> None:
        ops = stream.stream
        for i in range(len(ops) - 2):
            props = ops[i + 1]
            if (
                ops[i + 2] == b"BDC"
                and isinstance(props, pydyf.Dictionary)
                and props.get("MCID") in mcids
            ):
                ops[i] = "/Artifact"
                ops[i + 1] = pydyf.Dictionary({})

    def _headings(self, root: Any) -> None:
        """Heading levels follow the outline and never skip: a heading sits one level below the
        nearest earlier heading of a higher HTML level, so headings of one HTML level under the
        same parent share a level (H1, H3, H3 becomes H1, H2, H2, not H1, H2, H3)."""
        outline: list[tuple[int, int]] = []  # (HTML level, PDF level) of the open headings
        stack = list(reversed(root["K"]))
        while stack:
            obj = self._get(stack.pop())
            if not self._is_struct(obj):
                continue
            match = HEADING.match(str(obj["S"]))
            if match:
                level = int(match.group(1))
                while outline and outline[-1][0] >= level:
                    outline.pop()
                pdf_level = outline[-1][1] + 1 if outline else 1
                outline.append((level, pdf_level))
                obj["S"] = f"/H{pdf_level}"
            stack.extend(reversed(obj["K"]))

    def _form_appearances(self) -> None:
        """Every state of every field has an appearance, so no viewer needs /NeedAppearances."""
        form = self.pdf.catalog.get("AcroForm")
        if form is None:
            return
        for ref in form["Fields"]:
            field = self._get(ref)
            rect = [float(v) for v in field["Rect"]]
            width, height = abs(rect[2] - rect[0]), abs(rect[3] - rect[1])
            if field.get("FT") == "/Btn" and "AP" in field:
                states = field["AP"]["N"]
                if "Off" not in states:
                    states["Off"] = self._appearance(width, height, [])
            elif field.get("FT") == "/Tx" and "AP" not in field:
                field["AP"] = pydyf.Dictionary(
                    {"N": self._appearance(width, height, [b"/Tx BMC", b"EMC"])}
                )
        form.pop("NeedAppearances", None)

    def _field_fonts(self) -> None:
        """The font named in a field's /DA is embedded whole (WeasyPrint does not subset a font
        used in forms: every letter a reader types has its glyph and width), but its name still
        carries a subset tag ("ABCDEF+DejaVu-Sans"). A viewer takes a tagged font for a subset
        and types with another font instead, which may lack é or œ: the tag goes."""
        form = self.pdf.catalog.get("AcroForm")
        if form is None or "DR" not in form:
            return
        fonts = self._get(self._get(form["DR"]).get("Font"))
        if not isinstance(fonts, pydyf.Dictionary):
            return
        names = set()
        for ref in form["Fields"]:
            appearance = self._get(ref).get("DA")
            text = getattr(appearance, "string", b"")
            if isinstance(text, str):
                text = text.encode()
            names.update(m.decode() for m in FONT_OPERATOR.findall(text))
        for name in sorted(names):
            font = self._get(fonts.get(name))
            if not isinstance(font, pydyf.Dictionary):
                continue
            descendants = [self._get(d) for d in font.get("DescendantFonts", [])]
            for target in [font, *descendants]:
                if "BaseFont" in target:
                    target["BaseFont"] = _untagged(target["BaseFont"])
                descriptor = self._get(target.get("FontDescriptor"))
                if isinstance(descriptor, pydyf.Dictionary) and "FontName" in descriptor:
                    descriptor["FontName"] = _untagged(descriptor["FontName"])

    def _appearance(self, width: float, height: float, ops: list[bytes]) -> bytes:
        stream = pydyf.Stream(
            ops,
            {"Type": "/XObject", "Subtype": "/Form", "BBox": pydyf.Array((0, 0, width, height))},
        )
        self.pdf.add_object(stream)
        return stream.reference
