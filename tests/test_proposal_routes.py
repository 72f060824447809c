"""Proposals without a GitHub account: the site's e-mail to the editors, prefilled with the fields
of "Nieuwe tool voorstellen", and `new --from-issue` reading such a mail."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from toolbox_build.contribute.issue_forms import (
    parse_issue_body,
)
from toolbox_build.validate import validate_project
from toolbox_build.views.proposal_forms import (
    NEW_TOOL_FIELDS,
    form_fields,
    mail_url,
    new_tool_form,
)

from .conftest import FIXTURES

ISSUES = FIXTURES / "issues"
ADDRESS = "redactie@voorbeeld.be"
WARNING = (
    "toolbox: waarschuwing: geen extra.toolbox.proposal_email in mkdocs.yml — zonder "
    "e-mailadres van de redactie biedt de site bij 'Stel een tool voor' geen e-mail aan"
)
FICHE = "A. Visievorming: samen naar een gedeeld verhaal"
MAIL_BODY = (
    "Beste redactie,\r\n"
    "\r\n"
    "Ik stel deze tool voor voor de toolbox Zorgzame buurten.\r\n"
    "(Vul na elke veldnaam in wat je weet en laat de rest leeg. Verander de veldnamen niet.)\r\n"
    "\r\n"
    "Naam van de tool: \r\n"
    "Korte omschrijving in je eigen woorden: \r\n"
    "Link naar de tool: \r\n"
    "Label van de link: \r\n"
    f"Fiche: {FICHE}\r\n"
    "Tussentitel in de fiche: \r\n"
    "Eigenaar: \r\n"
    "Naam van de nieuwe organisatie: \r\n"
    "Website van de nieuwe organisatie: \r\n"
    "Voor wie is de tool? \r\n"
    "Vorm: \r\n"
    "Toelichting voor de redactie: \r\n"
)


def _configure(config: Path, *, repo_url: str | None = None, email: str | None = None) -> None:
    """mkdocs.yml with the given repo_url and extra.toolbox.proposal_email (or without them)."""
    text = config.read_text(encoding="utf-8")
    text = "".join(
        line for line in text.splitlines(keepends=True) if not line.startswith("repo_url:")
    )
    if repo_url:
        text = f"repo_url: {repo_url}\n" + text
    if email is not None:
        extra = "extra:\n  generator: false"
        assert extra in text
        text = text.replace(extra, f"{extra}\n  toolbox:\n    proposal_email: {email}", 1)
    config.write_text(text, encoding="utf-8")


def _pages(root: Path) -> dict[str, str]:
    from toolbox_build.site.build import render_docs

    result = validate_project(root)
    assert result.ok, [p.format_text() for p in result.problems]
    files, _ = render_docs(result.catalog, root)
    return {f.path: f.text for f in files}


def _suggest_line(page: str) -> str:
    lines = [line for line in page.splitlines() if 'class="zb-suggest"' in line]
    assert len(lines) <= 1
    return lines[0] if lines else ""


def _mailto(page: str) -> str:
    (href,) = re.findall(r'href="(mailto:[^"]*)"', _suggest_line(page))
    return html.unescape(href)


def _decoded(href: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(href)
    assert parts.scheme == "mailto"
    fields = dict(pair.split("=", 1) for pair in parts.query.split("&"))
    # RFC 6068: every character outside the unreserved set is percent-encoded (no '+').
    for value in fields.values():
        assert re.fullmatch(r"[A-Za-z0-9._~%-]*", value), value
    return unquote(parts.path), {key: unquote(value) for key, value in fields.items()}


# --- the link on the site --------------------------------------------------------------------


def test_the_mail_link_of_a_fiche_decodes_to_the_forms_fields_with_the_fiche(site_project):
    _configure(site_project / "mkdocs.yml", email=ADDRESS)
    page = _pages(site_project)["fiches/a-visievorming.md"]
    address, fields = _decoded(_mailto(page))
    assert address == ADDRESS
    assert fields == {"subject": f"Nieuwe tool voorstellen: {FICHE}", "body": MAIL_BODY}
    assert "&amp;body=" in _suggest_line(page)  # the link itself is HTML-escaped


def test_the_mail_lists_the_generated_forms_labels_in_its_order(site_project):
    _configure(site_project / "mkdocs.yml", email=ADDRESS)
    catalog = validate_project(site_project).catalog
    form_labels = [f.label for f in form_fields(new_tool_form(catalog))]
    assert form_labels == [f.label for f in NEW_TOOL_FIELDS]
    _, fields = _decoded(_mailto(_pages(site_project)["deel-1/buurtanalyse.md"]))
    lines = fields["body"].split("\r\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(form_labels[0]))
    labels = [re.sub(r"(?<=\?) .*$|: .*$", "", line) for line in lines[start:-1]]
    assert labels == form_labels
    assert "Fiche: De buurtanalyse" in lines


def test_mail_addresses_escape_every_value():
    url = mail_url("redactie@voorbeeld.be", "A & B?", "x=1&y\r\n<b>#")
    assert (
        url == "mailto:redactie@voorbeeld.be?subject=A%20%26%20B%3F&body=x%3D1%26y%0D%0A%3Cb%3E%23"
    )
    assert mail_url(None, "s", "b") is None


@pytest.mark.parametrize(
    ("repo_url", "email", "fiche_links", "tool_links"),
    [
        (
            "https://github.com/voorbeeld/toolbox",
            ADDRESS,
            ["Stel een tool voor", "Stel een tool voor per e-mail", "Stel een wijziging voor"],
            ["Stel een wijziging voor"],
        ),
        (None, ADDRESS, ["Stel een tool voor per e-mail"], []),
        (
            "https://github.com/voorbeeld/toolbox",
            None,
            ["Stel een tool voor", "Stel een wijziging voor"],
            ["Stel een wijziging voor"],
        ),
        (None, None, [], []),
    ],
    ids=["both", "mail-only", "github-only", "neither"],
)
def test_the_site_offers_each_route_only_with_its_setting(
    site_project, repo_url, email, fiche_links, tool_links
):
    _configure(site_project / "mkdocs.yml", repo_url=repo_url, email=email)
    pages = _pages(site_project)
    fiche_pages = [p for p in pages if p.startswith(("fiches/", "deel-1/"))]
    tool_pages = [p for p in pages if p.startswith("tools/") and p != "tools/index.md"]
    assert fiche_pages and tool_pages
    for path in fiche_pages:
        line = _suggest_line(pages[path])
        assert re.findall(r'<a class="md-button"[^>]*>([^<]*)</a>', line) == fiche_links, path
        assert ("mailto:" in line) is bool(email)
    for path in tool_pages:
        line = _suggest_line(pages[path])
        assert re.findall(r'<a class="md-button"[^>]*>([^<]*)</a>', line) == tool_links, path
    if not fiche_links:
        assert not any("Stel een" in text for text in pages.values())


# --- the build's warning ----------------------------------------------------------------------


def test_a_build_without_the_address_says_once_that_the_mail_route_is_off(site_project, run_cli):
    result = run_cli("build", "--no-pdf")
    assert result.exit_code == 0, result.err
    assert result.err.splitlines().count(WARNING) == 1
    assert "mailto:" not in (
        site_project / "site" / "fiches" / "a-visievorming" / "index.html"
    ).read_text(encoding="utf-8")


def test_a_build_with_the_address_has_no_warning_and_the_link(site_project, run_cli):
    _configure(site_project / "mkdocs.yml", email=ADDRESS)
    result = run_cli("build", "--no-pdf")
    assert result.exit_code == 0, result.err
    assert "proposal_email" not in result.err
    built = (site_project / "site" / "fiches" / "a-visievorming" / "index.html").read_text(
        encoding="utf-8"
    )
    assert f'href="mailto:{ADDRESS}?subject=Nieuwe%20tool%20voorstellen%3A%20A.%20' in built


def test_only_the_site_build_says_it_and_rendering_pages_prints_nothing(site_project, capsys):
    # The build command says it once; the renderer has no side effects, and the PDF, which
    # offers no "Stel een tool voor", never says it.
    from toolbox_build.site.pages import SiteRenderer

    catalog = validate_project(site_project).catalog
    SiteRenderer(catalog, site_project).render_all()
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    "value",
    [
        "redactie(at)voorbeeld.be",
        "Redactie <redactie@voorbeeld.be>",
        "mailto:a@voorbeeld.be",
        "a@b",
    ],
)
def test_a_malformed_address_is_an_error_on_its_line(site_project, run_cli, value):
    _configure(site_project / "mkdocs.yml", email=value)
    line = next(
        number
        for number, text in enumerate(
            (site_project / "mkdocs.yml").read_text(encoding="utf-8").splitlines(), start=1
        )
        if "proposal_email:" in text
    )
    result = run_cli("validate")
    assert result.exit_code == 1
    assert (
        f"mkdocs.yml:{line}:1: fout [bad-setting] 'extra.toolbox.proposal_email' moet een "
        f"e-mailadres (bv. redactie@voorbeeld.be) zijn, niet {value!r}"
    ) in result.out


def test_an_empty_address_leaves_the_route_off(site_project):
    _configure(site_project / "mkdocs.yml", email='""')
    result = validate_project(site_project)
    assert result.ok
    assert result.settings.proposal_email is None


# --- a mail read back -------------------------------------------------------------------------


def _mail_from_issue(issue: str) -> str:
    """The complete proposal as a contributor would mail it: the prefilled body filled in,
    then sent as a reply (quoted), with CRLF, a line wrapped by the client and a signature."""
    catalog_fields = {
        "Naam van de tool": "Buurtbabbels organiseren",
        "Korte omschrijving in je eigen woorden": (
            "Een draaiboek om met bewoners aan tafel te zitten en te horen\n"
            "wat zij in hun buurt belangrijk vinden."
        ),
        "Link naar de tool": "www.saamo.be/buurtbabbels",
        "Label van de link": "Draaiboek bij SAAMO",
        "Fiche": "De buurtanalyse",
        # wrapped by the mail client in the middle of a dropdown's option
        "Tussentitel in de fiche": "De buurtanalyse ›\nAlgemene tools",
        "Eigenaar": "SAAMO",
        "Naam van de nieuwe organisatie": "",
        "Website van de nieuwe organisatie": "",
        "Voor wie is de tool?": "Medewerker in de buurt, Startend",
        "Vorm": "Draaiboek, Hand-outs van een vorming",
        "Toelichting voor de redactie": "",
    }
    # The issue body says the same thing (a check on this test's own data).
    values, _ = parse_issue_body(issue)
    assert {k: " ".join(v.split()) for k, v in values.items()} == {
        k: " ".join(v.split()) for k, v in catalog_fields.items()
    }
    lines = ["Hallo,", "", "Hieronder mijn voorstel.", ""]
    for label, value in catalog_fields.items():
        first, *rest = value.split("\n")
        lines.append(f"{label}{' ' if label.endswith('?') else ': '}{first}")
        lines += rest
    mail = "\r\n".join(
        ["Op 3 maart schreef Jan:", *(f"> {line}" if line else ">" for line in lines)]
    )
    # Below "-- " nothing is read: a signature line that looks like a field changes nothing.
    signature = "-- \r\nJan Peeters\r\nEigenaar: Peeters & Co\r\n"
    return mail + "\r\n\r\nGroeten,\r\nJan\r\n" + signature


def test_a_mail_becomes_the_same_record_as_the_issue(project, tmp_path, run_cli):
    issue = (ISSUES / "complete_proposal.md").read_text(encoding="utf-8")
    twin = tmp_path / "twin"
    shutil.copytree(project, twin)
    issue_file = tmp_path / "issue.md"
    issue_file.write_text(issue, encoding="utf-8")
    mail_file = tmp_path / "mail.txt"
    mail_file.write_bytes(_mail_from_issue(issue).encode("utf-8"))
    assert b"\r\n" in mail_file.read_bytes()

    from_issue = run_cli("new", "--from-issue", str(issue_file), str(project))
    from_mail = run_cli("new", "--from-issue", str(mail_file), str(twin))
    assert from_issue.exit_code == 0, from_issue.out
    assert from_mail.exit_code == 0, from_mail.out
    assert from_mail.out == from_issue.out
    record = "tools_catalog/buurtbabbels-organiseren.yaml"
    written = (twin / record).read_text(encoding="utf-8")
    assert written == (project / record).read_text(encoding="utf-8")
    data = yaml.safe_load(written)
    assert data["placements"][0]["category"] == "algemene-tools"
    assert data["description"].endswith("wat zij in hun buurt belangrijk vinden.")
    assert "Jan" not in written and "Groeten" not in written


def test_a_mail_gets_the_same_checks_as_an_issue(project, tmp_path, run_cli):
    mail = MAIL_BODY.replace("Naam van de tool: ", "Naam van de tool: Buurtbabbels")
    mail = mail.replace("Vorm: ", "Vorm: Kookboek")
    body = tmp_path / "mail.txt"
    body.write_bytes(mail.encode("utf-8"))
    result = run_cli("new", "--from-issue", str(body))
    assert result.exit_code == 1
    assert result.lines[0] == (
        "Dit voorstel kan nog niet omgezet worden. Dit moet nog aangepast worden:"
    )
    assert result.lines[2:5] == [
        "- **Korte omschrijving in je eigen woorden**: dit veld is leeg — vul het in",
        "- **Eigenaar**: er is geen eigenaar gekozen — kies een organisatie",
        "- **Voor wie is de tool?**: er is niets gekozen — kies minstens één waarde",
    ]
    assert result.lines[5].startswith("- **Vorm**: onbekende keuze 'Kookboek' — kies uit: ")
    assert sorted(p.name for p in (project / "tools_catalog").iterdir()) == [
        "inspirerende-video-eenzaamheid.yaml",
        "methodieken-groepsgesprekken.yaml",
    ]


def test_a_field_given_twice_in_a_mail_is_refused(project, tmp_path, run_cli):
    mail = MAIL_BODY.replace("Eigenaar: ", "Eigenaar: SAAMO") + "eigenaar: Andere\r\n"
    body = tmp_path / "mail.txt"
    body.write_bytes(mail.encode("utf-8"))
    result = run_cli("new", "--from-issue", str(body))
    assert result.exit_code == 1
    assert (
        "- **Eigenaar**: dit veld staat meer dan eens in het voorstel — laat het één keer staan"
    ) in result.lines


def test_a_heading_inside_a_mail_does_not_make_it_a_github_form(project):
    from toolbox_build.catalog.load import read_project

    catalog, _, _ = read_project(project)
    fields = form_fields(new_tool_form(catalog))
    mail = MAIL_BODY.replace(
        "Korte omschrijving in je eigen woorden: ",
        "Korte omschrijving in je eigen woorden: Een gids.\r\n### Stap 1\r\nbewoners uitnodigen",
    )
    values, problems = parse_issue_body(mail, fields)
    assert problems == []
    assert values["Korte omschrijving in je eigen woorden"] == (
        "Een gids.\n### Stap 1\nbewoners uitnodigen"
    )
    assert values["Fiche"] == FICHE
    # A GitHub form body stays a GitHub form body, with or without the fields given.
    issue = (ISSUES / "complete_proposal.md").read_text(encoding="utf-8")
    assert parse_issue_body(issue, fields) == parse_issue_body(issue)
