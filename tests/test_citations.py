"""Short citations and citation groups, shared by the site and the PDF."""

from __future__ import annotations

from toolbox_build.catalog.citation_syntax import CITATION
from toolbox_build.catalog.model import Origin, Reference
from toolbox_build.views.citations import (
    SHORT_TITLE,
    display_year,
    replace_citations,
    short_citation,
)

ORIGIN = Origin.__new__(Origin)


def _ref(key, authors, year, title):
    return Reference(key, authors, year, title, ORIGIN)


def test_undated_reference_reads_zd_with_its_letter():
    assert display_year(_ref("x", ["A"], "n.d.", "T")) == "z.d."
    assert display_year(_ref("x", ["A"], "n.d.-b", "T")) == "z.d.-b"
    assert short_citation(_ref("x", ["Beke, L.", "Ketelslegers, B."], "n.d.", "T")) == (
        "Beke & Ketelslegers, z.d."
    )


def test_reference_without_author_cites_its_title_without_site_name():
    ref = _ref("x", [], "n.d.", "De outreach cirkel - YouTube")
    assert short_citation(ref) == "De outreach cirkel, z.d."
    ref = _ref("x", [], "2021", "Een nieuw perspectief op de buurt | Zorgen voor Morgen")
    assert short_citation(ref) == "Een nieuw perspectief op de buurt, 2021"


def test_long_title_is_cut_at_a_word_never_inside_one():
    title = "Referentiekader Buurtgericht netwerken voor kinderen en gezinnen"
    text = short_citation(_ref("x", [], "n.d.", title))
    short = text.removesuffix("…, z.d.")
    assert short != text and len(short) <= SHORT_TITLE
    assert title.startswith(short + " ")


def test_group_of_keys_becomes_one_citation_per_key():
    refs = {
        "a-2022": _ref("a-2022", ["Bloemen, S."], "2022", "T"),
        "a-2023": _ref("a-2023", ["Bloemen, S.", "X", "Y"], "2023", "U"),
    }
    text = replace_citations("zie [@a-2022; @a-2023].", refs, lambda key, text: f"<{key}|{text}>")
    assert text == "zie <a-2022|Bloemen, 2022>; <a-2023|Bloemen e.a., 2023>."


def test_group_with_an_unknown_key_stays_as_written_and_validators_see_every_key():
    refs = {"a": _ref("a", ["A"], "2020", "T")}
    assert replace_citations("[@a; @zz]", refs, lambda k, t: "X") == "[@a; @zz]"
    assert [m.group(1) for m in CITATION.finditer("[@a] en [@b; @c]")] == ["a", "b", "c"]
