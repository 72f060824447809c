"""The `toolbox` command."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .catalog.editions import EDITIONS_DIR, STAGING_PREFIX
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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="toolbox",
        description="Validate and publish the Zorgzame buurten toolbox from its YAML records.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = commands.add_parser(
        "validate",
        help="check every record, page and registry; report all problems at once",
        description="Check the project (or only the files under PATH) and report every problem "
        "as 'path:line:col: fout|waarschuwing [code] message — hint'. "
        "Exit 0 without errors, 1 with errors, 2 on usage or I/O problems.",
    )
    validate.add_argument(
        "path",
        nargs="?",
        default=".",
        type=Path,
        help="project root, or a file or folder inside it to report on (default: .)",
    )
    validate.add_argument(
        "--changed",
        metavar="REF",
        help="report what a change since the git REF caused: every problem in a changed file "
        "(committed, staged, unstaged or new) and every problem elsewhere that REF did not have",
    )
    validate.add_argument(
        "--format",
        choices=("text", "json", "github", "summary"),
        default="text",
        help="text (default), json, github (workflow annotations) or summary (Markdown)",
    )
    validate.add_argument(
        "--summary",
        metavar="FILE",
        type=Path,
        help="also append the problems as Markdown to FILE (e.g. $GITHUB_STEP_SUMMARY)",
    )
    build = commands.add_parser(
        "build",
        help="validate, then build the website into site/",
        description="Validate the project; on errors, print them and leave the existing output "
        "untouched. Otherwise render the pages into build/docs/ and build the site with MkDocs.",
    )
    build.add_argument("path", nargs="?", default=".", type=Path, help="project root")
    build.add_argument("--site-dir", type=Path, help="output folder (default: <project>/site)")
    build.add_argument("--no-pdf", action="store_true", help="build the website without the PDF")
    pdf = commands.add_parser(
        "pdf",
        help="validate, then render the interactive PDF edition (or one reader's booklet)",
        description="Render the PDF edition with WeasyPrint into build/pdf/. When nothing it "
        "depends on changed, the previous PDF is reused.",
    )
    pdf.add_argument("path", nargs="?", default=".", type=Path, help="project root")
    pdf.add_argument("--reader", metavar="ROLE", help="only Part 1 and this reader type's route")
    pdf.add_argument("--output", type=Path, help="PDF file to write")
    links = commands.add_parser(
        "check-links",
        help="check every URL in the catalogue; report dead, redirected and unknown links",
        description="Check every URL concurrently (bounded), with timeouts, one retry with "
        "backoff, redirects followed and reported; 429 and bot walls count as 'onbekend'. "
        "Internal addresses (loopback, private, link-local, metadata), also after a redirect or "
        "a lookup, are never requested. Writes build/links/report.md and report.json. Exit 0 "
        "unless --strict and a link is dead; exit 2 when the network is unreachable.",
    )
    links.add_argument("path", nargs="?", default=".", type=Path, help="project root")
    links.add_argument("--only-new", metavar="REF", help="only URLs added since the git REF")
    links.add_argument("--strict", action="store_true", help="exit 1 when a link is dead")
    links.add_argument(
        "--concurrency", type=_count, default=8, help="parallel requests (default 8)"
    )
    links.add_argument(
        "--timeout", type=_seconds, default=10.0, help="seconds per response, to its last byte"
    )
    links.add_argument(
        "--deadline",
        type=_seconds,
        default=900.0,
        metavar="SECONDS",
        help="time for the whole run; URLs not checked by then are 'onbekend' (default 900)",
    )
    links.add_argument(  # for tests with local servers only
        "--allow-private-addresses",
        action="append",
        default=[],
        metavar="HOST:PORT",
        help=argparse.SUPPRESS,
    )
    links.add_argument(
        "--expiry-hours", type=_hours, default=24.0, help="cache lifetime (0: never reuse)"
    )
    links.add_argument("--cache", type=Path, help="cache file (default build/links/cache.json)")
    links.add_argument("--report-dir", type=Path, help="report folder (default build/links)")
    release = commands.add_parser(
        "release",
        help="publish an edition: stamp it, snapshot the catalogue, record the changes, build",
        description="Stamp content/edition.yaml with EDITION (exactly JJJJ-MM), store a snapshot "
        "in editions/EDITION/, write the changes since the previous edition, then build the PDF "
        "(kept in editions/EDITION/ so it stays downloadable) and the site. Refuses an edition "
        "that exists already or is older than the latest one, and an invalid catalogue. Nothing "
        "is written before every check passed; a failure part-way restores what was changed.",
    )
    release.add_argument("edition", metavar="EDITION", nargs="?", help="edition id, e.g. 2025-02")
    release.add_argument("path", nargs="?", default=".", type=Path, help="project root")
    release.add_argument(
        "--skip-build", action="store_true", help="only stamp, snapshot and record changes"
    )
    release.add_argument(
        "--force",
        action="store_true",
        help="redo the latest edition; its previous folder is kept in editions/replaced/",
    )
    release.add_argument(
        "--finish",
        action="store_true",
        help="finish a release that was interrupted after it was committed (toolbox validate "
        "says when); usage: toolbox release --finish [PATH]",
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
    new._positionals.title = "argumenten"  # the command's help is Dutch, like its prompts
    new._optionals.title = "opties"
    for action in new._actions:
        if action.dest == "help":
            action.help = "toon deze hulp en stop"
    new.add_argument("path", nargs="?", default=".", type=Path, help="projectmap (standaard: .)")
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
        metavar="FILE",
        type=Path,
        help="read the values from the body of a 'Nieuwe tool voorstellen' issue (Markdown as "
        "GitHub renders the form); print the result or the problems as Markdown for the issue",
    )
    forms = commands.add_parser(
        "issue-forms",
        help="generate the GitHub issue forms from the data (.github/ISSUE_TEMPLATE/)",
        description="Write the issue forms 'Nieuwe tool voorstellen' and 'Fout melden in een "
        "tool', whose dropdowns list the catalogue's fiches, categories, reader types, formats "
        "and owners. With --check, write nothing and exit 1 when a form differs.",
    )
    forms.add_argument("path", nargs="?", default=".", type=Path, help="project root")
    forms.add_argument("--check", action="store_true", help="only report forms that differ")
    serve = commands.add_parser(
        "serve",
        help="preview the site on 127.0.0.1, rebuilding when YAML or Markdown changes",
    )
    serve.add_argument("path", nargs="?", default=".", type=Path, help="project root")
    serve.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000)")
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
    import jinja2

    from .pdf.edition import build_pdf
    from .views.templating import template_error_message

    try:
        made = build_pdf(catalog, root, **options)
    except jinja2.TemplateError as exc:
        print(f"toolbox: geen PDF gemaakt: {template_error_message(exc, 'pdf')}", file=sys.stderr)
        raise _Stop(EXIT_ERRORS) from None
    print(f"PDF {'hergebruikt (niets gewijzigd)' if made.reused else 'gemaakt'}: {made.path}")
    return made.path


def _check_site_dir(root: Path, site_dir: Path | None) -> None:
    """Refuse an output folder that a build may not replace, before any work is done."""
    from .site.output_dir import OutputDirError, check_output_dir

    try:
        check_output_dir(root, site_dir or ProjectLayout(root).site_dir)
    except OutputDirError as exc:
        print(f"toolbox: niets gebouwd: {exc}", file=sys.stderr)
        raise _Stop(EXIT_USAGE) from None


def _make_booklets(catalog: Catalog, root: Path) -> dict[str, Path]:
    """The booklet of every role in the reading guide (reused when its content is unchanged)."""
    guide = catalog.reading_guide
    if guide is None:
        return {}
    routes = {r.reader_type for r in guide.routes}
    roles = [rt.id for rt in guide.reader_types.values() if rt.axis == "role" and rt.id in routes]
    return {role: _make_pdf(catalog, root, reader=role) for role in roles}


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
    routes = [r.reader_type for r in catalog.reading_guide.routes] if catalog.reading_guide else []
    if args.reader and args.reader not in routes:
        print(
            f"toolbox: onbekend lezerstype '{args.reader}'; kies uit: {', '.join(routes)}",
            file=sys.stderr,
        )
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
        abandon_release,
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
    release = None
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
        if release is not None:
            abandon_release(release)
        _abandon_staging(root, args.edition)
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


def _abandon_staging(root: Path, edition_id: str) -> None:
    from .edition.journal import discard_staging

    discard_staging(root / EDITIONS_DIR / f"{STAGING_PREFIX}{edition_id}")


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
    from .site.serve import serve

    root = _project_root(args.path)
    if root is None:
        return EXIT_USAGE
    return serve(root, args.port)


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
