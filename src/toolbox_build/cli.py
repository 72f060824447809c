"""The `toolbox` command."""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .catalog.editions import EDITIONS_DIR
from .catalog.layout import ProjectLayout
from .catalog.load import find_project_root
from .catalog.model import Catalog
from .problems import Problem, display_path, render
from .validate import validate_project
from .validate.editions import unfinished_edition

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
NESTED_TOO_DEEP = (
    "de invoer is te diep genest om te verwerken; er is niets geschreven — maak geneste lijsten,"
    " citaten of HTML-elementen in de teksten minder diep"
)


def _finite(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is geen getal") from None
    if not math.isfinite(number):
        raise argparse.ArgumentTypeError(f"'{value}' is geen eindig getal; geef bv. 10 of 2.5")
    return number


def _seconds(value: str) -> float:
    """A number of seconds: finite and above 0 (0, -1, nan and inf are refused)."""
    number = _finite(value)
    if number <= 0:
        raise argparse.ArgumentTypeError(f"'{value}' moet meer dan 0 seconden zijn, bv. 10")
    return number


def _hours(value: str) -> float:
    """A number of hours: finite, 0 or more."""
    number = _finite(value)
    if number < 0:
        raise argparse.ArgumentTypeError(f"'{value}' mag niet negatief zijn; 0 of meer uren")
    return number


def _count(value: str) -> int:
    """A whole number of at least 1."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is geen geheel getal, bv. 8") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"'{value}' moet minstens 1 zijn, bv. 8")
    return number


# argparse's own words, in Dutch: the help and error lines of `toolbox` are read by members of
# the consortium. argparse asks gettext for them; these overrides need no translation catalogue.
USAGE = "gebruik: "
HELP_TEXT = "toon deze hulp en stop"
ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (.*)", r"deze argumenten ontbreken: \1"),
    (r"unrecognized arguments: (.*)", r"onbekende argumenten: \1"),
    (r"invalid choice: (.*) \(choose from (.*)\)", r"ongeldige keuze: \1 (kies uit \2)"),
    (r"expected one argument", "verwacht één waarde"),
    (r"expected at most one argument", "verwacht hoogstens één waarde"),
    (r"expected at least one argument", "verwacht minstens één waarde"),
    (r"expected (\d+) arguments?", r"verwacht \1 waarden"),
    (r"invalid int value: (.*)", r"\1 is geen geheel getal"),
    (r"invalid float value: (.*)", r"\1 is geen getal"),
    (r"invalid \w+ value: (.*)", r"ongeldige waarde \1"),
    (r"ambiguous option: (.*) could match (.*)", r"dubbelzinnige optie: \1 kan staan voor \2"),
    (r"not allowed with argument (.*)", r"niet samen te gebruiken met \1"),
    (r"one of the arguments (.*) is required", r"geef een van deze argumenten: \1"),
    (r"ignored explicit argument (.*)", r"waarde \1 wordt genegeerd"),
)


def dutch_argparse_message(message: str) -> str:
    """An argparse error message with argparse's English words put in Dutch."""
    for english, dutch in ARGPARSE_MESSAGES:
        message = re.sub(english, dutch, message)
    return message


class DutchHelpFormatter(argparse.HelpFormatter):
    """argparse's help with a Dutch 'gebruik:' line."""

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, USAGE if prefix is None else prefix)


class DutchArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose headings, -h/--help and error lines are in Dutch (subcommands'
    parsers are of the same class)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", DutchHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "argumenten"
        self._optionals.title = "opties"
        if add_help:
            self.add_argument("-h", "--help", action="help", help=HELP_TEXT)

    def error(self, message: str) -> Any:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: fout: {dutch_argparse_message(message)}\n")


def _parser() -> argparse.ArgumentParser:
    parser = DutchArgumentParser(
        prog="toolbox",
        description="Controleer en publiceer een toolbox uit haar YAML-records.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__}",
        help="toon het versienummer en stop",
    )
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="OPDRACHT", title="opdrachten"
    )
    validate = commands.add_parser(
        "validate",
        help="controleer elk record, elke pagina en elke lijst; meld alle problemen in één keer",
        description="Controleer het project (of enkel de bestanden onder MAP) en meld elk "
        "probleem als 'pad:regel:kolom: fout|waarschuwing [code] uitleg — tip'. "
        "Eindcode 0 zonder fouten, 1 met fouten, 2 bij een verkeerde opdracht of een lees- of "
        "schrijffout.",
    )
    validate.add_argument(
        "path",
        nargs="?",
        default=".",
        type=Path,
        metavar="MAP",
        help="projectmap, of een bestand of map daarin om over te rapporteren (standaard: .)",
    )
    validate.add_argument(
        "--changed",
        metavar="REF",
        help="meld wat een wijziging sinds git-REF veroorzaakte: elk probleem in een gewijzigd "
        "bestand (vastgelegd, klaargezet, gewijzigd of nieuw) en elk probleem elders dat REF nog "
        "niet had",
    )
    validate.add_argument(
        "--format",
        choices=("text", "json", "github", "summary"),
        default="text",
        help="text (standaard), json, github (meldingen in een workflow) of summary (Markdown)",
    )
    validate.add_argument(
        "--summary",
        metavar="BESTAND",
        type=Path,
        help="voeg de problemen ook als Markdown toe aan BESTAND (bv. $GITHUB_STEP_SUMMARY)",
    )
    build = commands.add_parser(
        "build",
        help="controleer en bouw dan de website in site/",
        description="Controleer het project; bij fouten worden ze getoond en blijft wat er al "
        "gebouwd was ongewijzigd. Anders worden de pagina's in build/docs/ gezet en bouwt MkDocs "
        "de site.",
    )
    build.add_argument(
        "path", nargs="?", default=".", type=Path, metavar="MAP", help="projectmap (standaard: .)"
    )
    build.add_argument(
        "--site-dir", type=Path, metavar="MAP", help="uitvoermap (standaard: <project>/site)"
    )
    build.add_argument("--no-pdf", action="store_true", help="bouw de website zonder de PDF")
    pdf = commands.add_parser(
        "pdf",
        help="controleer en maak dan de interactieve PDF-editie (of het boekje van één lezer)",
        description="Maakt de PDF-editie met WeasyPrint in build/pdf/. Is er niets veranderd "
        "waarvan ze afhangt, dan wordt de vorige PDF opnieuw gebruikt.",
    )
    pdf.add_argument(
        "path", nargs="?", default=".", type=Path, metavar="MAP", help="projectmap (standaard: .)"
    )
    pdf.add_argument(
        "--reader",
        metavar="ROL/ERVARING",
        help="het boekje van één lezer: deel 1 en de fiches van zijn route"
        " (bv. lokaal-bestuur/startend)",
    )
    pdf.add_argument("--output", type=Path, metavar="BESTAND", help="het PDF-bestand dat je wilt")
    links = commands.add_parser(
        "check-links",
        help="controleer elke link in de toolbox; meld dode, omgeleide en onbekende links",
        description="Controleert elke link, een beperkt aantal tegelijk, met tijdslimieten, één "
        "nieuwe poging na een pauze, omleidingen gevolgd en gemeld; 429 en robotmuren tellen als "
        "'onbekend'. Interne adressen (loopback, privé, link-local, metadata) worden nooit "
        "opgevraagd, ook niet na een omleiding of het opzoeken van een naam. Schrijft "
        "build/links/report.md en report.json. Eindcode 0, behalve met --strict en een dode "
        "link (1); 2 als het netwerk onbereikbaar is.",
    )
    links.add_argument(
        "path", nargs="?", default=".", type=Path, metavar="MAP", help="projectmap (standaard: .)"
    )
    links.add_argument(
        "--only-new", metavar="REF", help="enkel de links die sinds git-REF toegevoegd zijn"
    )
    links.add_argument("--strict", action="store_true", help="eindcode 1 bij een dode link")
    links.add_argument(
        "--concurrency",
        type=_count,
        default=8,
        metavar="AANTAL",
        help="aantal verzoeken tegelijk (standaard 8)",
    )
    links.add_argument(
        "--timeout",
        type=_seconds,
        default=10.0,
        metavar="SECONDEN",
        help="seconden per antwoord, tot de laatste byte (standaard 10)",
    )
    links.add_argument(
        "--deadline",
        type=_seconds,
        default=900.0,
        metavar="SECONDEN",
        help="tijd voor de hele controle; wat dan niet gecontroleerd is, is 'onbekend' "
        "(standaard 900)",
    )
    links.add_argument(  # for tests with local servers only
        "--allow-private-addresses",
        action="append",
        default=[],
        metavar="HOST:PORT",
        help=argparse.SUPPRESS,
    )
    links.add_argument(
        "--expiry-hours",
        type=_hours,
        default=24.0,
        metavar="UREN",
        help="hoe lang een resultaat in de cache geldig blijft (0: nooit hergebruiken)",
    )
    links.add_argument(
        "--cache",
        type=Path,
        metavar="BESTAND",
        help="cachebestand (standaard build/links/cache.json)",
    )
    links.add_argument(
        "--report-dir",
        type=Path,
        metavar="MAP",
        help="map voor het rapport (standaard build/links)",
    )
    release = commands.add_parser(
        "release",
        help="breng een editie uit: vastleggen, momentopname, wijzigingen, bouwen",
        description="Legt EDITIE (precies JJJJ-MM) vast in content/edition.yaml, bewaart een "
        "momentopname in editions/EDITIE/, schrijft de wijzigingen sinds de vorige editie en "
        "bouwt dan de PDF (bewaard in editions/EDITIE/, zodat ze te downloaden blijft) en de "
        "site. Weigert een editie die al bestaat of ouder is dan de laatste, en een catalogus "
        "met fouten. Er wordt niets geschreven voor alle controles geslaagd zijn; mislukt er "
        "onderweg iets, dan wordt alles teruggezet.",
    )
    release.add_argument("edition", metavar="EDITIE", nargs="?", help="de editie, bv. 2025-02")
    release.add_argument(
        "path", nargs="?", default=".", type=Path, metavar="MAP", help="projectmap (standaard: .)"
    )
    release.add_argument(
        "--skip-build",
        action="store_true",
        help="enkel vastleggen, momentopname maken en wijzigingen schrijven; niet bouwen",
    )
    release.add_argument(
        "--force",
        action="store_true",
        help="doe de laatste editie opnieuw; haar vorige map blijft bewaard in editions/replaced/",
    )
    release.add_argument(
        "--finish",
        action="store_true",
        help="maak een release af die onderbroken werd nadat ze vastgelegd was (toolbox validate "
        "zegt wanneer); gebruik: toolbox release --finish [MAP]",
    )
    new = commands.add_parser(
        "new",
        help="maak een nieuw toolrecord aan (vragen met de bestaande keuzes, of opties)",
        description="Schrijft tools_catalog/<id>.yaml met de schemaregel en controleert dan het "
        "hele project. Wat niet als optie gegeven is, wordt gevraagd (tenzij --no-input); elk "
        "antwoord wordt meteen gecontroleerd. De tool komt achteraan in haar categorie; de rijen "
        "erna schuiven één plaats op. Weigert een id of een tool die al bestaat. Ctrl-C of Ctrl-D "
        "stopt zonder iets te schrijven.",
    )
    new.add_argument(
        "path", nargs="?", default=".", type=Path, metavar="MAP", help="projectmap (standaard: .)"
    )
    new.add_argument("--name", metavar="NAAM", help="naam van de tool")
    new.add_argument("--description", metavar="TEKST", help="korte omschrijving, eigen woorden")
    new.add_argument(
        "--owner", metavar="ORGANISATIE", help="id, naam of alias van een bestaande organisatie"
    )
    new.add_argument(
        "--new-owner-name",
        metavar="NAAM",
        help="nieuwe organisatie, toegevoegd aan content/organisations.yaml",
    )
    new.add_argument("--new-owner-website", metavar="URL", help="website van de nieuwe organisatie")
    new.add_argument("--url", metavar="URL", help="link naar de tool (https://…)")
    new.add_argument("--label", metavar="TEKST", help="leesbaar label van de link")
    new.add_argument("--fiche", metavar="ID", help="id van de fiche of het hoofdstuk")
    new.add_argument("--category", metavar="ID", help="id van de categorie (tussentitel)")
    new.add_argument(
        "--order",
        type=int,
        metavar="RIJ",
        help="rijnummer in de tabel (standaard: achteraan in de categorie)",
    )
    new.add_argument(
        "--reader-type", metavar="ID", action="append", default=[], help="lezerstype; herhaalbaar"
    )
    new.add_argument(
        "--format",
        metavar="ID",
        action="append",
        default=[],
        dest="formats",
        help="vorm (bv. handleiding); herhaalbaar",
    )
    new.add_argument(
        "--id",
        dest="tool_id",
        metavar="ID",
        help="bestandsnaam: kleine letters, cijfers en koppeltekens (standaard: uit de naam)",
    )
    new.add_argument(
        "--no-input", action="store_true", help="nooit vragen; stop als er iets ontbreekt"
    )
    new.add_argument(
        "--from-issue",
        metavar="BESTAND",
        type=Path,
        help="lees de waarden uit de tekst van een voorstel 'Nieuwe tool voorstellen' (het "
        "formulier zoals GitHub het toont, of een e-mail); toont het resultaat of de problemen "
        "als Markdown voor het issue",
    )
    forms = commands.add_parser(
        "issue-forms",
        help="maak de GitHub-formulieren uit de gegevens (.github/ISSUE_TEMPLATE/)",
        description="Schrijft de formulieren 'Nieuwe tool voorstellen' en 'Fout melden in een "
        "tool', met als keuzelijsten de fiches, tussentitels, lezerstypes, vormen en eigenaars "
        "van de toolbox. Met --check wordt niets geschreven en is de eindcode 1 als een "
        "formulier verschilt.",
    )
    forms.add_argument(
        "path", nargs="?", default=".", type=Path, metavar="MAP", help="projectmap (standaard: .)"
    )
    forms.add_argument(
        "--check", action="store_true", help="meld enkel welke formulieren verschillen"
    )
    serve = commands.add_parser(
        "serve",
        help="bekijk de site op 127.0.0.1; ze wordt opnieuw gebouwd als YAML of Markdown wijzigt",
        description="Bouwt de site en toont ze op 127.0.0.1; een gewijzigd YAML- of "
        "Markdown-bestand bouwt ze opnieuw.",
    )
    serve.add_argument(
        "path", nargs="?", default=".", type=Path, metavar="MAP", help="projectmap (standaard: .)"
    )
    serve.add_argument(
        "--port",
        type=int,
        default=8000,
        metavar="POORT",
        help="poort op 127.0.0.1 (standaard 8000)",
    )
    return parser


def _project_root(target: Path) -> Path | None:
    if not target.exists():
        print(f"toolbox: pad '{target}' bestaat niet", file=sys.stderr)
        return None
    root = find_project_root(target if target.is_dir() else target.parent)
    if root is None:
        print(
            f"toolbox: geen project gevonden bij '{target}' (verwacht de mappen tools_catalog/ "
            "en content/)",
            file=sys.stderr,
        )
    return root


class _Stop(Exception):
    """Ends a command with an exit code after its reason was printed."""

    def __init__(self, code: int):
        super().__init__(code)
        self.code = code


def _validated(
    path: Path, refusal: str, settles: Callable[[Problem], bool] | None = None
) -> tuple[Path, Catalog]:
    """The project's root and catalogue; stops the command after reporting why there is none.

    ``settles`` names errors the command itself puts right (a release finishing a half edition).
    """
    root = _project_root(path)
    if root is None:
        raise _Stop(EXIT_USAGE)
    result = validate_project(root)
    if any(not (settles and settles(p)) for p in result.errors):
        print(render(result.problems, "text", len(result.catalog.files)))
        print(f"toolbox: {refusal}", file=sys.stderr)
        raise _Stop(EXIT_ERRORS)
    return root, result.catalog


def _warn_without_site_url(catalog: Catalog) -> None:
    warning = catalog.settings.site_url_warning()
    if warning:
        print(f"toolbox: {warning}", file=sys.stderr)


def _make_pdf(catalog: Catalog, root: Path, **options: Any) -> Path:
    made = _render_pdf(catalog, root, **options)
    _say_made(made.path, made.reused)
    return made.path


def _render_pdf(catalog: Catalog, root: Path, **options: Any) -> Any:
    """The PDF (a PdfResult); a template error stops the command with its message."""
    import jinja2

    from .pdf.edition import build_pdf
    from .views.templating import template_error_message

    try:
        return build_pdf(catalog, root, **options)
    except jinja2.TemplateError as exc:
        print(f"toolbox: geen PDF gemaakt: {template_error_message(exc, 'pdf')}", file=sys.stderr)
        raise _Stop(EXIT_ERRORS) from None


def _say_made(path: Path, reused: bool) -> None:
    print(f"PDF {'hergebruikt (niets gewijzigd)' if reused else 'gemaakt'}: {path}")


def _check_site_dir(root: Path, site_dir: Path | None) -> None:
    """Refuse an output folder that a build may not replace, before any work is done."""
    from .site.output_dir import OutputDirError, check_output_dir

    try:
        check_output_dir(root, site_dir or ProjectLayout(root).site_dir)
    except OutputDirError as exc:
        print(f"toolbox: niets gebouwd: {exc}", file=sys.stderr)
        raise _Stop(EXIT_USAGE) from None


def _make_booklets(catalog: Catalog, root: Path) -> dict[str, Path]:
    """The booklet of every reader's route (role/experience), reused when its content is
    unchanged."""
    from .forked import in_two_processes

    guide = catalog.reading_guide
    if guide is None:
        return {}
    keys = [route.key for route in guide.reader_routes() if route.stops]

    def make(part: list[str]) -> dict[str, tuple[Path, bool]]:
        made = {key: _render_pdf(catalog, root, reader=key) for key in part}
        return {key: (result.path, result.reused) for key, result in made.items()}

    # WeasyPrint uses one core: half of the booklets are made in a second process (which only
    # writes its own files); what was made is said here, in the order of the guide.
    first, second = in_two_processes(
        lambda: make(keys[::2]), lambda: make(keys[1::2]), worth_it=len(keys) > 1
    )
    made = first | second
    for key in keys:
        _say_made(*made[key])
    return {key: made[key][0] for key in keys}


def _make_site(catalog: Catalog, root: Path, site_dir: Path | None, pdf: Path | None) -> int:
    from .data import DATA_DIR, write_open_data
    from .site.build import SiteBuildError, build_site
    from .site.output_dir import OutputDirError

    # With the edition PDF come the readers' booklets, offered next to each route.
    booklets = _make_booklets(catalog, root) if pdf is not None else {}
    try:
        site = build_site(
            catalog,
            root,
            site_dir,
            pdf_file=pdf,
            booklets=booklets,
            # The open data (CSV, JSON, DCAT) in the site's data/, next to records.json.
            extra_docs=lambda docs: write_open_data(catalog, catalog.settings, docs / DATA_DIR),
        )
    except OutputDirError as exc:
        print(f"toolbox: niets gebouwd: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SiteBuildError as exc:
        print(f"toolbox: de site kon niet gebouwd worden: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    print(f"Site gebouwd: {site / 'index.html'}")
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    root, catalog = _validated(args.path, "niets gebouwd; de vorige uitvoer blijft staan.")
    _check_site_dir(root, args.site_dir)
    _warn_without_site_url(catalog)
    mail_warning = catalog.settings.proposal_email_warning()  # the site's "Stel een tool voor"
    if mail_warning:
        print(f"toolbox: {mail_warning}", file=sys.stderr)
    pdf_file = None if args.no_pdf else _make_pdf(catalog, root)
    return _make_site(catalog, root, args.site_dir, pdf_file)


def cmd_pdf(args: argparse.Namespace) -> int:
    root, catalog = _validated(args.path, "geen PDF gemaakt.")
    guide = catalog.reading_guide
    routes = [r.key for r in guide.reader_routes() if r.stops] if guide else []
    if args.reader and args.reader not in routes:
        same_role = [key for key in routes if key.split("/")[0] == args.reader]
        hint = (
            f"kies ook een ervaring: {' of '.join(same_role)}"
            if same_role
            else f"kies uit: {', '.join(routes)}"
        )
        print(f"toolbox: onbekende lezer '{args.reader}'; {hint}", file=sys.stderr)
        return EXIT_USAGE
    if args.output is not None:
        problem = _pdf_output_problem(root, args.output)
        if problem:
            print(f"toolbox: geen PDF gemaakt: {problem}", file=sys.stderr)
            return EXIT_USAGE
    _warn_without_site_url(catalog)
    _make_pdf(catalog, root, reader=args.reader, output=args.output)
    return EXIT_OK


def _pdf_output_problem(root: Path, output: Path) -> str | None:
    """Why ``--output`` may not be written, if it may not: only a .pdf file outside the
    project's source folders, never through a symbolic link."""
    from .site.output_dir import SOURCE_FOLDERS

    if output.suffix.lower() != ".pdf":
        return f"'{output}' eindigt niet op .pdf"
    if output.is_symlink() or (output.exists() and not output.is_file()):
        return f"'{output}' is geen gewoon bestand"
    target = output.resolve()
    if target.is_relative_to(root.resolve()):
        first = target.relative_to(root.resolve()).parts[0]
        if first in SOURCE_FOLDERS:
            return f"'{output}' ligt in de bronmap {first}/; kies bv. build/ of een andere map"
    return None


def cmd_check_links(args: argparse.Namespace) -> int:
    import json
    from dataclasses import asdict

    from .contribute.linkcheck import (
        DEAD,
        CheckSettings,
        NetworkUnreachable,
        check_links,
        markdown_report,
        unreachable_report,
    )
    from .problems import display_path
    from .validate.links import catalog_urls

    root, catalog = _validated(args.path, "geen links gecontroleerd.")
    urls: dict[str, list[str]] = {}
    for use in catalog_urls(catalog):
        if use.url.startswith(("http://", "https://")):
            urls.setdefault(use.url, []).append(f"{display_path(use.path)}:{use.pos.line}")
    if args.only_new:
        from .contribute.git_refs import added_lines

        try:
            added = "\n".join(added_lines(root, args.only_new, "tools_catalog", "content"))
        except ValueError as exc:
            print(f"toolbox: {exc}", file=sys.stderr)
            return EXIT_USAGE
        urls = {url: where for url, where in urls.items() if url in added}
    settings = CheckSettings(
        args.concurrency,
        args.timeout,
        expiry_hours=args.expiry_hours,
        deadline=args.deadline,
        allow_addresses=frozenset(args.allow_private_addresses),
    )
    report_dir = args.report_dir or ProjectLayout(root).links_dir
    try:
        results = check_links(urls, settings, args.cache or report_dir / "cache.json")
    except NetworkUnreachable as exc:
        report_dir.mkdir(parents=True, exist_ok=True)
        (report_dir / "report.md").write_text(unreachable_report(str(exc)), encoding="utf-8")
        (report_dir / "report.json").unlink(missing_ok=True)
        print(f"toolbox: {exc}", file=sys.stderr)
        return EXIT_USAGE
    report_dir.mkdir(parents=True, exist_ok=True)
    report = markdown_report(results)
    (report_dir / "report.md").write_text(report + "\n", encoding="utf-8")
    (report_dir / "report.json").write_text(
        json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=1), encoding="utf-8"
    )
    print(report.splitlines()[2])
    print(f"Rapport: {report_dir / 'report.md'}")
    dead = [r for r in results if r.state == DEAD]
    return EXIT_ERRORS if args.strict and dead else EXIT_OK


def cmd_release(args: argparse.Namespace) -> int:
    from .catalog.load import read_project
    from .catalog.raw_records import raw_records
    from .edition.journal import pending
    from .edition.release import (
        ReleaseError,
        commit_release,
        git_instructions,
        needs_archived_pdf,
        parse_edition,
        plan_release,
        prepare_release,
        undo_release,
    )

    if args.finish:
        return _finish_releases(Path(args.edition) if args.edition else args.path)
    if args.edition is None:
        print("toolbox: geef de editie (JJJJ-MM), of --finish", file=sys.stderr)
        return EXIT_USAGE
    try:
        parse_edition(args.edition)
    except ValueError as exc:
        print(f"toolbox: {exc}", file=sys.stderr)
        return EXIT_USAGE

    def finishes(problem: Problem) -> bool:
        """A half edition of exactly this id, which this release finishes (see validate)."""
        return problem.code == "edition-unfinished" and unfinished == args.edition

    root = _project_root(args.path)
    if root is None:
        return EXIT_USAGE
    as_read, documents, _ = read_project(root)  # documents: the records as their files hold them
    unfinished = unfinished_edition(as_read)
    root, catalog = _validated(args.path, "geen editie uitgebracht.", finishes)
    if pending(root):
        print(
            "toolbox: een vorige release is onderbroken; maak ze eerst af met"
            " toolbox release --finish; niets gewijzigd.",
            file=sys.stderr,
        )
        return EXIT_ERRORS
    try:
        plan = plan_release(root, catalog, args.edition, force=args.force)
    except ReleaseError as exc:
        print(f"toolbox: {exc}; niets gewijzigd.", file=sys.stderr)
        return EXIT_ERRORS
    records = raw_records(plan.catalog, documents)
    # The edition being replaced keeps its PDF downloadable (reused when nothing changed).
    previous_pdf: Path | None = None
    if plan.previous_edition != args.edition and needs_archived_pdf(root, plan.previous_edition):
        if args.skip_build:
            from .pdf.edition import pdf_file_name

            previous_pdf = ProjectLayout(root).pdf_dir / pdf_file_name(catalog)
        else:
            previous_pdf = _make_pdf(catalog, root)
    try:
        release = prepare_release(
            plan,
            records,
            make_pdf=None if args.skip_build else (lambda stamped: _make_pdf(stamped, root)),
            previous_pdf=previous_pdf,
        )
    except ReleaseError as exc:
        print(f"toolbox: {exc}; niets gewijzigd.", file=sys.stderr)
        return EXIT_ERRORS
    except BaseException:
        print("toolbox: editie niet uitgebracht; er is niets gewijzigd.", file=sys.stderr)
        raise
    commit_release(release)
    try:
        pdf = None if args.skip_build else _edition_pdf(root, args.edition)
        if not args.skip_build and _make_site(plan.catalog, root, None, pdf) != EXIT_OK:
            raise _Stop(EXIT_ERRORS)
    except BaseException:
        failed = undo_release(release)
        print("toolbox: editie niet uitgebracht; de wijzigingen zijn teruggezet.", file=sys.stderr)
        if failed:
            print(
                "toolbox: niet teruggezet (zet dit met de hand terug, bv. met git checkout):",
                file=sys.stderr,
            )
            for line in failed:
                print(f"  {line}", file=sys.stderr)
        raise
    changes = release.changes
    if release.journal.archive:
        kept = f"{EDITIONS_DIR}/{release.journal.archive[0]}/{release.journal.archive[1]}"
        print(f"PDF van editie {release.journal.archive[0]} bewaard: {kept}")
    for warning in plan.warnings:
        print(warning.format_text())
    since = f"sinds {changes.previous}" if changes.previous else "(eerste editie)"
    label = plan.catalog.edition.label_in_sentence if plan.catalog.edition else args.edition
    print(
        f"Editie {label} {since}: {len(changes.added)} toegevoegd, {len(changes.removed)} "
        f"verwijderd, {len(changes.changed)} gewijzigd. "
        f"Zie {EDITIONS_DIR}/{args.edition}/changes.json"
    )
    print("\n".join(git_instructions(release)))
    return EXIT_OK


def _rollback(files: Any) -> None:
    """Undo a FileTransaction; name what could not be put back (the rest is undone anyway)."""
    for path in files.rollback():
        print(f"toolbox: niet teruggezet: {display_path(path)}", file=sys.stderr)


def _edition_pdf(root: Path, edition_id: str) -> Path | None:
    """The PDF kept in the edition's folder (the one the site offers for download)."""
    found = sorted((root / EDITIONS_DIR / edition_id).glob("*.pdf"))
    return found[0] if found else None


def _finish_releases(path: Path) -> int:
    """`release --finish`: finish every committed release that was interrupted."""
    from .edition.journal import finish, pending

    root = _project_root(path)
    if root is None:
        return EXIT_USAGE
    found = pending(root)
    if not found:
        print("Geen onderbroken release gevonden; niets te doen.")
        return EXIT_OK
    for journal_path, journal in found:
        if journal is None:
            print(
                f"toolbox: {display_path(journal_path)} is onleesbaar; herstel de editie uit git"
                f" (git checkout -- {EDITIONS_DIR} content/edition.yaml) en verwijder het bestand",
                file=sys.stderr,
            )
            return EXIT_ERRORS
        finish(root, journal)
        print(f"Release van editie {journal.edition_id} afgemaakt.")
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    if args.from_issue:
        from .contribute.proposals import new_from_issue

        root = _project_root(args.path)
        return EXIT_USAGE if root is None else new_from_issue(args.from_issue, root)
    from .contribute.scaffold import (
        NewTool,
        ScaffoldError,
        check_tool_id,
        check_url,
        complete_interactively,
        resolve_owner,
        write_record,
    )
    from .contribute.transaction import FileTransaction

    try:
        if args.tool_id is not None:
            check_tool_id(args.tool_id)  # before anything is read or written
        url = check_url(args.url) if args.url else None
        if args.new_owner_website:
            args.new_owner_website = check_url(args.new_owner_website)
    except (ScaffoldError, ValueError) as exc:
        print(f"toolbox: {exc}", file=sys.stderr)
        return EXIT_USAGE
    root, catalog = _validated(args.path, "los eerst de bestaande fouten op.")
    request = NewTool(
        name=args.name or "",
        description=args.description or "",
        owner=args.owner or "",
        new_owner_name=args.new_owner_name,
        new_owner_website=args.new_owner_website,
        url=url,
        label=args.label,
        fiche=args.fiche or "",
        category=args.category,
        order=args.order,
        reader_types=args.reader_type,
        formats=args.formats,
        tool_id=args.tool_id,
    )
    interactive = not args.no_input and sys.stdin.isatty()
    if interactive:
        try:
            complete_interactively(request, catalog, input)
        except KeyboardInterrupt:
            print("\ntoolbox: afgebroken; er is niets geschreven.", file=sys.stderr)
            return 130
        except EOFError:
            print("\ntoolbox: invoer afgesloten; er is niets geschreven.", file=sys.stderr)
            return EXIT_ERRORS
    missing = [
        flag
        for flag, value in (
            ("--name", request.name),
            ("--description", request.description),
            ("--owner of --new-owner-name", request.owner or request.new_owner_name),
            ("--fiche", request.fiche),
            ("--reader-type", request.reader_types),
            ("--format", request.formats),
        )
        if not value
    ]
    if missing:
        print(f"toolbox: ontbrekend: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    files = FileTransaction()
    try:
        resolve_owner(request, catalog)
        path = write_record(root, catalog, request, files)
        result = validate_project(root)
    except ScaffoldError as exc:
        _rollback(files)
        print(f"toolbox: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    except KeyboardInterrupt:
        _rollback(files)
        print("\ntoolbox: afgebroken; er is niets geschreven.", file=sys.stderr)
        return 130
    except BaseException:
        _rollback(files)
        raise
    if not result.ok:
        _rollback(files)
        print(render(result.problems, "text", len(result.catalog.files)))
        print("toolbox: niets geschreven; pas de waarden aan en probeer opnieuw.", file=sys.stderr)
        return EXIT_ERRORS
    print(f"Nieuwe tool: {display_path(path)}")
    others = [f for f in files.changed if f != path]
    if others:
        print("Ook aangepast: " + ", ".join(display_path(f) for f in others))
    print(render(result.problems, "text", len(result.catalog.files)).splitlines()[-1])
    return EXIT_OK


def cmd_issue_forms(args: argparse.Namespace) -> int:
    """Write (or with --check compare) the issue forms generated from the data."""
    from .contribute.issue_forms import stale_forms, write_forms

    root = _project_root(args.path)
    if root is None:
        return EXIT_USAGE
    result = validate_project(root)  # the forms need the registries, not a faultless project
    catalog, problems = result.catalog, result.problems
    missing = [
        name
        for name, value in (
            ("content/organisations.yaml", catalog.organisations),
            ("content/reading-guide.yaml", catalog.reading_guide),
            ("content/vocabularies.yaml", catalog.vocabularies),
        )
        if value is None
    ]
    if missing:
        print(render(problems, "text", len(catalog.files)))
        print(
            f"toolbox: geen formulieren gemaakt; onleesbaar: {', '.join(missing)}",
            file=sys.stderr,
        )
        return EXIT_ERRORS
    if args.check:
        stale = stale_forms(root, catalog)
        for path in stale:
            print(
                f"{display_path(path)}: verschilt van de gegevens; maak het opnieuw met "
                "`toolbox issue-forms`"
            )
        return EXIT_ERRORS if stale else EXIT_OK
    for path in write_forms(root, catalog):
        print(f"Geschreven: {display_path(path)}")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from .data import DATA_DIR, write_open_data
    from .site.serve import serve

    root = _project_root(args.path)
    if root is None:
        return EXIT_USAGE
    # The preview shows the open data too (the same files as `build`, in data/).
    return serve(
        root,
        args.port,
        extra_docs=lambda catalog, docs: write_open_data(
            catalog, catalog.settings, docs / DATA_DIR
        ),
    )


def cmd_validate(args: argparse.Namespace) -> int:
    target: Path = args.path
    root = _project_root(target)
    if root is None:
        return EXIT_USAGE
    if args.changed:
        from .contribute.git_refs import caused_problems

        try:
            report = caused_problems(root, args.changed)
        except ValueError as exc:
            print(f"toolbox: {exc}", file=sys.stderr)
            return EXIT_USAGE
        problems = report.problems
        checked = sorted(f for f in report.files if f.is_file())
    else:
        result = validate_project(root)
        problems = result.problems
        checked = result.catalog.files
    if target.resolve() != root:
        scope = target.resolve()
        problems = [p for p in problems if _within(Path(p.path).resolve(), scope)]
        checked = [f for f in checked if _within(f.resolve(), scope)]
    print(render(problems, args.format, len(checked)))
    if args.summary:
        from .problems import markdown_summary

        with args.summary.open("a", encoding="utf-8") as summary_file:
            summary_file.write(markdown_summary(problems, len(checked)) + "\n")
    return EXIT_ERRORS if any(p.severity.value == "fout" for p in problems) else EXIT_OK


def _within(path: Path, scope: Path) -> bool:
    return path == scope or scope in path.parents


def _tolerant_output() -> None:
    """On a terminal that cannot show every character (LANG=C: ASCII), print what it cannot
    as escapes ('\\xe9') instead of failing on the first Dutch 'é' or '—'."""
    import contextlib

    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and encoding not in ("utf8", "utf16", "utf32"):
            with contextlib.suppress(ValueError, OSError):  # a stream that cannot change
                reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    from .pdf.markdown import MarkdownSettingsError

    _tolerant_output()
    args = _parser().parse_args(argv)
    try:
        handler = {
            "validate": cmd_validate,
            "build": cmd_build,
            "pdf": cmd_pdf,
            "check-links": cmd_check_links,
            "release": cmd_release,
            "new": cmd_new,
            "serve": cmd_serve,
            "issue-forms": cmd_issue_forms,
        }
        return handler[args.command](args)
    except _Stop as stop:
        return stop.code
    except KeyboardInterrupt:
        print("\ntoolbox: afgebroken.", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"toolbox: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except MarkdownSettingsError as exc:
        print(f"toolbox: {exc}", file=sys.stderr)
        return EXIT_ERRORS
    except RecursionError:
        # Nesting that the validator lets through but a converter cannot follow (the validator
        # stops the usual cases, prose-too-deep, before anything is written).
        print(f"toolbox: {NESTED_TOO_DEEP}", file=sys.stderr)
        return EXIT_ERRORS


if __name__ == "__main__":
    sys.exit(main())
