"""The commands behind the route without git: `toolbox issue-forms` and `new --from-issue`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..problems import display_path, markdown_text, render
from ..views.proposal_forms import (
    MAX_BODY,
)
from .issue_forms import (
    IssueProblem,
    comment_markdown,
    request_from_issue,
    stale_forms,
    write_forms,
)

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
NOT_YET = "Dit voorstel kan nog niet omgezet worden. Dit moet nog aangepast worden:"


def cmd_issue_forms(args: argparse.Namespace, root: Path) -> int:
    """Write (or with --check compare) the issue forms generated from the data."""
    from ..validate import validate_project

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


def new_from_issue(body_file: Path, root: Path) -> int:
    """A record from a submitted "Nieuwe tool voorstellen" form, validated like `toolbox new`.

    Prints Markdown for the issue (the problems to fix, or the file written) and returns the
    exit code; on any problem, every file it touched is restored.
    """
    import os
    import stat

    from ..validate import validate_project
    from .scaffold import ScaffoldError, write_record
    from .transaction import FileTransaction

    try:
        # Without blocking: a FIFO would wait for a writer forever; it is refused below.
        with open(os.open(body_file, os.O_RDONLY | os.O_NONBLOCK), "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                print(
                    f"toolbox: {body_file}: geen gewoon bestand (een FIFO, apparaat of map); "
                    "geef een bestand met de tekst van het issue",
                    file=sys.stderr,
                )
                return EXIT_USAGE
            raw = stream.read(MAX_BODY * 4 + 1)
    except OSError as exc:
        print(f"toolbox: {body_file}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    before = validate_project(root)
    if not before.ok:
        print(render(before.problems, "text", len(before.catalog.files)), file=sys.stderr)
        print("toolbox: los eerst de bestaande fouten op.", file=sys.stderr)
        print(
            "Dit voorstel kan nu niet omgezet worden: de toolbox zelf bevat op dit moment "
            "fouten. Aan je voorstel hoef je niets te doen; de redactie lost die fouten eerst "
            "op en start de omzetting dan opnieuw."
        )
        return EXIT_ERRORS
    catalog = before.catalog
    request, problems = request_from_issue(raw.decode("utf-8", errors="replace"), catalog)
    if problems:
        print(comment_markdown(problems, heading=NOT_YET))
        return EXIT_ERRORS
    files = FileTransaction()
    try:
        path = write_record(root, catalog, request, files)
        result = validate_project(root)
    except ScaffoldError as exc:
        files.rollback()
        print(comment_markdown([IssueProblem("voorstel", str(exc))], heading=NOT_YET))
        return EXIT_ERRORS
    except BaseException:
        files.rollback()
        raise
    if not result.ok:
        files.rollback()
        found = [IssueProblem("voorstel", p.message, p.hint) for p in result.errors]
        print(comment_markdown(found, heading=NOT_YET))
        return EXIT_ERRORS
    written = [path, *(f for f in files.changed if f != path)]
    print(f"Nieuwe tool **{markdown_text(request.name)}** uit een voorstel.")
    print("")
    for changed in written:
        print(f"- `{changed.resolve().relative_to(root.resolve()).as_posix()}`")
    return EXIT_OK
