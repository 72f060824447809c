"""Each fixture record shows one problem; its message is asserted word for word."""

from __future__ import annotations

import pytest

EXPECTED = {
    "yaml_syntax_error": "3:14: fout [yaml-syntax] aanhalingsteken wordt niet gesloten"
    " — sluit de waarde af met hetzelfde teken (\" of ') waarmee ze begint; staat dat teken ook"
    " in de tekst zelf, zet de waarde dan tussen het andere soort aanhalingstekens",
    "tab_after_list_dash": "8:4: fout [yaml-syntax] tab op deze regel — YAML aanvaardt geen"
    " tabs om in te springen of te scheiden; vervang de tab door spaties",
    "unclosed_quote": "2:7: fout [yaml-syntax] aanhalingsteken wordt niet gesloten"
    " — sluit de waarde af met hetzelfde teken (\" of ') waarmee ze begint; staat dat teken ook"
    " in de tekst zelf, zet de waarde dan tussen het andere soort aanhalingstekens",
    "colon_in_value": "2:19: fout [yaml-syntax] dubbele punt (:) midden in een waarde"
    ' — zet de hele waarde tussen gewone aanhalingstekens, bv. name: "Buurtwerk: een gids";'
    " of, als dit een veld is, laat de regel even ver inspringen als het veld erboven",
    "missing_colon": "4:1: fout [yaml-syntax] regel zonder dubbele punt na de veldnaam"
    " — schrijf 'veld: waarde' met een spatie na de dubbele punt; loopt de waarde van de regel"
    " erboven door, zet die waarde dan tussen aanhalingstekens",
    "list_item_indented_wrongly": "7:10: fout [yaml-syntax] dubbele punt (:) midden in een"
    ' waarde — zet de hele waarde tussen gewone aanhalingstekens, bv. name: "Buurtwerk: een'
    ' gids"; of, als dit een veld is, laat de regel even ver inspringen als het veld erboven',
    "curly_quotes_with_colon": "2:20: fout [yaml-syntax] dubbele punt (:) in een waarde tussen"
    ' gekrulde aanhalingstekens — vervang “ ” (uit Word) door gewone aanhalingstekens ("):'
    " enkel die houden de waarde bij elkaar",
    "owner_case_forgiven": "4:8: fout [bad-format] veld 'owner' 'SAAMO' heeft niet de verwachte"
    " vorm — bedoelde je 'saamo'?",
    "fiche_by_letter": "12:12: fout [bad-format] veld 'placements[0].fiche' 'A' heeft niet de"
    " verwachte vorm — bedoelde je 'a-visievorming'?",
    "language_by_label": "10:11: fout [bad-format] veld 'language' 'Nederlands' heeft niet de"
    " verwachte vorm — bedoelde je 'nl'?",
    "language_unknown_lists_all": "10:11: fout [unknown-languages] onbekende taal 'klingon'"
    " — kies uit: en, nl, fr",
    "format_unknown_lists_nearest": "8:11: fout [unknown-formats] onbekende vorm 'kookboek'"
    " — kies uit: boek, draaiboek, toolkit, methodiek, werkbundel, … (alle 27 staan in"
    " content/vocabularies.yaml onder 'formats')",
    "curly_quotes": "2:7: waarschuwing [curly-quotes] waarde staat tussen gekrulde"
    " aanhalingstekens (“ ”), die horen bij de tekst zelf — vervang ze door gewone"
    ' aanhalingstekens ("), of laat ze weg',
    "comment_cuts_value": "2:7: waarschuwing [comment-in-value] alles vanaf ' #' wordt"
    " genegeerd: de waarde is enkel 'Buurtbabbels' — hoort '#' bij de tekst, zet dan de hele"
    ' waarde tussen aanhalingstekens, bv. "Buurtbabbels #2"',
    "not_utf8": "2:10: fout [encoding] bestand is geen geldige UTF-8 (byte 0xe9)"
    " — sla het bestand op als UTF-8 in je editor",
    "empty": "1:1: fout [empty-file] bestand is leeg"
    " — vul het bestand in of verwijder het; kopieer een bestaand record als voorbeeld",
    "list_not_mapping": "2:1: fout [wrong-type] het bestand moet een mapping (veld: waarde) zijn,"
    " niet een lijst — het bestand moet bestaan uit velden 'naam: waarde', niet uit een lijst of"
    " tekst",
    "alias_bomb": "2:8: fout [yaml-alias] YAML-alias '*a' wordt niet aanvaard"
    " — schrijf de waarde voluit; ankers (&) en aliassen (*) zijn niet toegestaan",
    "javascript_link": "6:10: fout [url-scheme] url 'javascript:alert(1)' gebruikt 'javascript:';"
    " enkel http, https en mailto zijn toegestaan — begin het adres met https://",
    "tab_indented": "6:1: fout [yaml-tab] regel springt in met een tab"
    " — YAML aanvaardt enkel spaties om in te springen; vervang de tab door spaties",
    "wrong_type": "8:10: fout [wrong-type] veld 'formats' moet een lijst zijn, niet een tekst"
    " — zet elk item op een eigen regel die begint met '- '",
    "missing_required": "2:1: fout [missing-field] verplicht veld 'owner' ontbreekt"
    " — voeg 'owner:' toe (Id van een organisatie uit content/organisations.yaml.)",
    "owner_unknown": "4:8: fout [unknown-owner] onbekende organisatie 'saamoo'"
    " — bedoelde je 'saamo'?",
    "fiche_unknown": "11:12: fout [unknown-fiche] onbekende fiche 'buurtanalyze'"
    " — bedoelde je 'buurtanalyse'?",
    "category_unknown": "12:15: fout [unknown-category] fiche 'buurtanalyse' heeft geen"
    " categorie 'algemene-tool' — bedoelde je 'algemene-tools'?",
    "reader_type_unknown": "9:16: fout [unknown-reader-type] onbekend lezerstype 'medewerkers'"
    " — bedoelde je 'medewerker'?",
    "reference_unknown": "8:14: fout [unknown-reference] onbekende referentie 'bloemen-2021'"
    " — bedoelde je 'bloemen-2022'?",
    "duplicate_key": "9:1: fout [duplicate-key] veld 'formats' staat twee keer in dezelfde"
    " mapping (eerst op regel 8) — houd één van beide; de tweede waarde wordt genegeerd",
    "url_no_host": "6:10: fout [url-no-host] url 'https:///pagina' heeft geen geldige host"
    " — schrijf het volledige adres, bv. https://www.voorbeeld.be/…",
    "mixed_script": "2:7: fout [mixed-script] veld 'name': woord 'Kenniscлип' mengt Latijnse en"
    " Cyrillische letters (л, и, п) — typ het woord opnieuw met gewone (Latijnse) letters",
    "placeholder": "7:12: fout [placeholder] veld 'links[0].label' bevat een tijdelijke"
    " aanduiding '[link nog toevoegen als klaar is]' — vul de echte inhoud in; ontbreekt een"
    " link nog, laat de link weg en zet 'status: link-volgt'",
    "whitespace_only": "3:14: fout [blank-text] veld 'description' bevat enkel witruimte"
    " — vul een tekst in of verwijder het veld",
    "similar_domain": "6:10: waarschuwing [similar-domain] domein 'samo.be' lijkt op 'saamo.be'"
    " dat elders 2 keer voorkomt — controleer de schrijfwijze; bedoelde je 'saamo.be'?",
    "similar_url": "6:10: waarschuwing [similar-url] url"
    " 'https://www.youtube.com/watch?v=IfIJYCh60H8' verschilt één teken van"
    " 'https://www.youtube.com/watch?v=IfIJYCh6OH8' (inspirerende-video-eenzaamheid.yaml)"
    " — controleer welke schrijfwijze klopt en gebruik overal dezelfde",
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_record_reports_exactly_its_problem(name, add_record, run_cli):
    path = add_record(name)
    result = run_cli("validate", path)
    assert result.lines[:-1] == [f"{path}:{EXPECTED[name]}"]
    is_error = " fout " in EXPECTED[name]
    assert result.exit_code == (1 if is_error else 0)
    assert "Traceback" not in result.out + result.err


def test_unknown_field_suggests_the_field_meant(add_record, run_cli):
    path = add_record("unknown_field_typo")
    result = run_cli("validate", path)
    assert (
        f"{path}:3:1: fout [unknown-field] onbekend veld 'descripton' — bedoelde je"
        " 'description'?" in result.lines
    )


def test_same_tool_in_two_files_is_reported_on_both(add_record, run_cli):
    path = add_record("duplicate_tool_name")
    result = run_cli("validate")
    assert result.exit_code == 1
    assert (
        f"{path}:2:7: fout [duplicate-tool] tool 'Methodieken: groepsgesprekken' staat ook in"
        " methodieken-groepsgesprekken.yaml — houd één bestand per tool en voeg de plaatsingen"
        " (placements) samen"
    ) in result.lines
    assert any(
        line.startswith(
            "tools_catalog/methodieken-groepsgesprekken.yaml:2:7: fout [duplicate-tool]"
        )
        for line in result.lines
    )


def test_same_link_in_two_files_is_one_tool_twice(add_record, run_cli):
    path = add_record("duplicate_tool_url")
    result = run_cli("validate", path)
    assert result.lines[:-1] == [
        f"{path}:6:10: fout [duplicate-tool] dezelfde link staat ook in"
        " methodieken-groepsgesprekken.yaml — gaat het om dezelfde tool, voeg de records samen;"
        " zo niet, link naar de eigen pagina van elke tool"
    ]


def test_home_page_shared_by_two_tools_is_not_a_duplicate(project, run_cli):
    for name in ("methodieken-groepsgesprekken", "inspirerende-video-eenzaamheid"):
        path = project / "tools_catalog" / f"{name}.yaml"
        text = path.read_text()
        for old in (
            "https://www.saamo.be/publicatie.pdf",
            "https://www.youtube.com/watch?v=IfIJYCh6OH8",
        ):
            text = text.replace(old, "https://www.zorgzamebuurten.be")
        path.write_text(text)
    result = run_cli("validate")
    assert result.exit_code == 0, result.out


def test_file_over_one_mebibyte_is_refused_before_parsing(project, run_cli):
    # Generated rather than committed: a 1 MiB fixture would only bloat the repository.
    big = project / "tools_catalog" / "file_over_1mib.yaml"
    big.write_text("name: groot\n" + "# opvulling\n" * 100_000, encoding="utf-8")
    result = run_cli("validate", "tools_catalog/file_over_1mib.yaml")
    size = big.stat().st_size
    assert result.lines[0] == (
        f"tools_catalog/file_over_1mib.yaml:1:1: fout [file-too-large] bestand is {size} bytes;"
        " de grens is 1048576 bytes (1 MiB) — splits de inhoud over meerdere bestanden"
    )
    assert result.exit_code == 1


def test_unknown_organisation_hint_says_how_to_add_it(add_record, run_cli):
    path = add_record("owner_unknown_says_how_to_add")
    result = run_cli("validate", path)
    assert (
        f"{path}:4:8: fout [unknown-owner] onbekende organisatie 'samenlevingsopbouw' — gebruik"
        " het id van een organisatie uit content/organisations.yaml; is ze nieuw, voeg ze daar"
        " dan toe (met id, name en website) in dezelfde pull request"
    ) in result.lines
