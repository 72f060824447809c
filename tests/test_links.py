"""Links: relative links inside HTML blocks, and the validator's rules for a URL's host."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolbox_build.views.templating import html_link, md_escape

RECORDS = Path(__file__).parent / "fixtures" / "records"
INTERNAL_HINT = (
    " — gebruik het openbare adres van de website; interne en lokale adressen zijn voor lezers"
    " onbereikbaar en worden niet opgevraagd"
)


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


def url_problems(result) -> list[str]:
    """The lines of the URL rules (other rules may also speak about the same record)."""
    return [line for line in result.lines if " [url-" in line]


def test_internal_address_is_an_error(add_record, run_cli):
    path = add_record("url_internal_address")
    result = run_cli("validate", path)
    assert url_problems(result) == [
        f"{path}:6:10: fout [url-internal-address] url 'http://127.0.0.1/beheer' wijst naar"
        " 127.0.0.1, een loopback-adres (deze computer)" + INTERNAL_HINT
    ]
    assert result.exit_code == 1


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("http://127.8.9.10/", "127.8.9.10, een loopback-adres (deze computer)"),
        ("http://10.0.0.5/", "10.0.0.5, een adres in een privaat netwerk"),
        ("http://172.16.3.4/", "172.16.3.4, een adres in een privaat netwerk"),
        ("http://172.31.255.255/", "172.31.255.255, een adres in een privaat netwerk"),
        ("https://192.168.1.1/", "192.168.1.1, een adres in een privaat netwerk"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254, een cloud-metadata-adres"),
        ("http://169.254.10.1/", "169.254.10.1, een link-local-adres"),
        ("http://0.0.0.0/", "0.0.0.0, het niet-gespecificeerde adres"),
        ("http://[::1]/", "::1, een loopback-adres (deze computer)"),
        ("http://[::]/", "::, het niet-gespecificeerde adres"),
        ("http://[fc00::1]/", "fc00::1, een unique-local-adres (privaat IPv6-netwerk)"),
        ("http://[fd12:3456::1]/", "fd12:3456::1, een unique-local-adres (privaat IPv6-netwerk)"),
        ("http://[fe80::1]/", "fe80::1, een link-local-adres"),
        ("http://[fd00:ec2::254]/", "fd00:ec2::254, een cloud-metadata-adres"),
        (
            "http://[::ffff:127.0.0.1]/",
            "'::ffff:127.0.0.1' = 127.0.0.1, een loopback-adres (deze computer)",
        ),
        (
            "http://[::ffff:a9fe:a9fe]/",
            "'::ffff:a9fe:a9fe' = 169.254.169.254, een cloud-metadata-adres",
        ),
        (
            "http://[2002:c0a8:101::]/",
            "'2002:c0a8:101::' = 192.168.1.1, een adres in een privaat netwerk",
        ),
        ("http://2130706433/", "'2130706433' = 127.0.0.1, een loopback-adres (deze computer)"),
        ("http://0x7f.1/", "'0x7f.1' = 127.0.0.1, een loopback-adres (deze computer)"),
        ("http://0x7f000001/", "'0x7f000001' = 127.0.0.1, een loopback-adres (deze computer)"),
        ("http://0177.0.0.1/", "'0177.0.0.1' = 127.0.0.1, een loopback-adres (deze computer)"),
        ("http://127.1/", "'127.1' = 127.0.0.1, een loopback-adres (deze computer)"),
        ("http://012.0.0.1/", "'012.0.0.1' = 10.0.0.1, een adres in een privaat netwerk"),
        ("http://127.0.0.1./", "'127.0.0.1.' = 127.0.0.1, een loopback-adres (deze computer)"),
        ("http://localhost/", "'localhost', een lokale naam (deze computer)"),
        ("http://LocalHost:8000/", "'localhost', een lokale naam (deze computer)"),
        ("http://beheer.localhost/", "'beheer.localhost', een lokale naam (deze computer)"),
        ("http://printer.local/", "'printer.local', een naam in het lokale netwerk"),
        ("http://nas.home.arpa/", "'nas.home.arpa', een naam in het lokale netwerk"),
        ("http://wiki.corp.internal/", "'wiki.corp.internal', een interne naam"),
        (
            "http://metadata.google.internal/",
            "'metadata.google.internal', een cloud-metadata-adres",
        ),
    ],
)
def test_every_internal_address_class_and_spelling_is_refused(url, target, project, run_cli):
    record = (RECORDS / "url_internal_address.yaml").read_text(encoding="utf-8")
    (project / "tools_catalog" / "intern.yaml").write_text(
        record.replace("http://127.0.0.1/beheer", url), encoding="utf-8"
    )
    result = run_cli("validate", "tools_catalog/intern.yaml")
    assert url_problems(result) == [
        f"tools_catalog/intern.yaml:6:10: fout [url-internal-address] url '{url}' wijst naar"
        f" {target}" + INTERNAL_HINT
    ]
    assert result.exit_code == 1


@pytest.mark.parametrize(
    "url",
    [
        "http://172.32.0.1/",
        "http://8.8.8.8/",
        "https://[2606:4700::1111]/",
        "https://www.saamo.be./",
    ],
)
def test_public_addresses_pass(url, project, run_cli):
    record = (RECORDS / "url_internal_address.yaml").read_text(encoding="utf-8")
    (project / "tools_catalog" / "publiek.yaml").write_text(
        record.replace("http://127.0.0.1/beheer", url), encoding="utf-8"
    )
    result = run_cli("validate", "tools_catalog/publiek.yaml")
    assert url_problems(result) == []


def test_number_that_is_no_ip_address_is_invalid(project, run_cli):
    record = (RECORDS / "url_internal_address.yaml").read_text(encoding="utf-8")
    (project / "tools_catalog" / "getal.yaml").write_text(
        record.replace("http://127.0.0.1/beheer", "http://999.1.1.1/"), encoding="utf-8"
    )
    result = run_cli("validate", "tools_catalog/getal.yaml")
    assert url_problems(result) == [
        "tools_catalog/getal.yaml:6:10: fout [url-invalid] url 'http://999.1.1.1/' heeft"
        " '999.1.1.1' als host, maar dat is geen geldig IP-adres — schrijf de naam van de"
        " website, bv. https://www.voorbeeld.be/…"
    ]


def test_user_name_and_password_are_an_error_and_never_shown(add_record, run_cli):
    path = add_record("url_userinfo")
    result = run_cli("validate", path)
    assert url_problems(result) == [
        f"{path}:6:10: fout [url-userinfo] url 'https://***@www.saamo.be/pagina' bevat een"
        " gebruikersnaam of wachtwoord vóór de host — verwijder het deel tot en met '@' uit het"
        " adres; publiceer nooit inloggegevens"
    ]
    assert "geheim" not in result.out + result.err
    assert result.exit_code == 1


def test_non_default_port_is_a_warning(add_record, run_cli):
    path = add_record("url_nondefault_port")
    result = run_cli("validate", path)
    assert url_problems(result) == [
        f"{path}:6:10: waarschuwing [url-port] url 'https://www.saamo.be:8443/pagina' gebruikt"
        " poort 8443 — openbare websites hebben zelden een poortnummer nodig; controleer of dit"
        " het adres is dat lezers moeten openen"
    ]
    assert result.exit_code == 0
