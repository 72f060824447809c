"""Links inside HTML blocks are computed by us (the engine only rewrites Markdown links)."""

from __future__ import annotations

import pytest

from toolbox_build.templating import html_link, md_escape


@pytest.mark.parametrize(
    ("target", "current", "expected"),
    [
        ("tools/x.md", "fiches/a.md", "../../tools/x/"),
        ("index.md", "fiches/a.md", "../../"),
        ("referenties.md#ref-k", "tools/x.md", "../../referenties/#ref-k"),
        ("fiches/a.md", "index.md", "fiches/a/"),
        ("records.json", "tools/index.md", "../records.json"),
        ("index.md", "index.md", "./"),
        ("organisaties/s.md", "organisaties/index.md", "s/"),
    ],
)
def test_html_link_with_directory_urls(target, current, expected):
    assert html_link(target, current) == expected


def test_html_link_without_directory_urls():
    assert html_link("tools/x.md", "fiches/a.md", directory_urls=False) == "../tools/x.html"


def test_markdown_escape_keeps_text_literal():
    assert str(md_escape("a *b* [c](d) <e>")) == r"a \*b\* \[c\]\(d\) &lt;e&gt;"
