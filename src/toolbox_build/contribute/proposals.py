"""The commands behind the route without git: `toolbox issue-forms` and `new --from-issue`."""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path

from ..problems import Problem, markdown_text, render
from ..validate import validate_project
from ..views.proposal_forms import (
    CATEGORY,
    DESCRIPTION,
    FICHE,
    FORMATS,
    LINK,
    LINK_LABEL,
    MAX_BODY,
    NAME,
    NEW_OWNER,
    NEW_OWNER_SITE,
    OWNER,
    READERS,
    Field,
)
from .issue_forms import (
    IssueProblem,
    comment_markdown,
    request_from_issue,
)
from .scaffold import ScaffoldError, write_record
from .transaction import FileTransaction

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
NOT_YET = "Dit voorstel kan nog niet omgezet worden. Dit moet nog aangepast worden:"
WHOLE_PROPOSAL = "voorstel"  # a problem that no single field of the form is about
# The field of a written record (or of the new organisation's entry) -> the form field it came from.
RECORD_FIELDS: dict[str, Field] = {
    "name": NAME,
    "description": DESCRIPTION,
    "owner": OWNER,
    "url": LINK,
    "label": LINK_LABEL,
    "formats": FORMATS,
    "reader_types": READERS,
    "fiche": FICHE,
    "category": CATEGORY,
    "order": CATEGORY,
}
_FIELD_PREFIX = re.compile(r"^veld '[^']*':? ")  # the record's field name; the form names it
_KEY = re.compile(r"^\s*(?:-\s+)?([a-z_]+)\s*:")


def form_label(problem: Problem, record: Path, organisations: Path) -> str:
    """The label of the form field a problem in the files written from a proposal is about."""
    try:
        target = Path(problem.path).resolve()
        lines = target.read_text(encoding="utf-8").splitlines()
        key = _KEY.match(lines[problem.line - 1]) if 0 < problem.line <= len(lines) else None
    except (OSError, UnicodeDecodeError):
        return WHOLE_PROPOSAL
    if key is None:
        return WHOLE_PROPOSAL
    if target == organisations.resolve():
        return (NEW_OWNER_SITE if key.group(1) == "website" else NEW_OWNER).label
    if target == record.resolve() and key.group(1) in RECORD_FIELDS:
        return RECORD_FIELDS[key.group(1)].label
    return WHOLE_PROPOSAL


def new_from_issue(body_file: Path, root: Path) -> int:
    """A record from a submitted "Nieuwe tool voorstellen" form, validated like `toolbox new`.

    Prints Markdown for the issue (the problems to fix, or the file written) and returns the
    exit code; on any problem, every file it touched is restored.
    """
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
        print(comment_markdown([IssueProblem(WHOLE_PROPOSAL, str(exc))], heading=NOT_YET))
        return EXIT_ERRORS
    except BaseException:
        files.rollback()
        raise
    if not result.ok:
        organisations = root / "content" / "organisations.yaml"
        found = [  # read from the written files, before they are put back
            IssueProblem(
                form_label(p, path, organisations), _FIELD_PREFIX.sub("", p.message), p.hint
            )
            for p in result.errors
        ]
        files.rollback()
        print(comment_markdown(found, heading=NOT_YET))
        return EXIT_ERRORS
    written = [path, *(f for f in files.changed if f != path)]
    print(f"Nieuwe tool **{markdown_text(request.name)}** uit een voorstel.")
    print("")
    for changed in written:
        print(f"- `{changed.resolve().relative_to(root.resolve()).as_posix()}`")
    return EXIT_OK
