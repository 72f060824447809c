"""Open data: the catalogue as files anyone may reuse, written by the site build into data/.

One contract, ``write_open_data(catalog, settings, target_dir)``, writes:

- ``tools.csv``: one row per tool with Dutch headers, for spreadsheets (``table.py``);
- ``toolbox.json``: every tool with its organisation, and ``toolbox.schema.json``, its JSON
  Schema (``document.py``, ``schema.py``);
- ``catalogus.jsonld``: the dataset described in DCAT-AP Vlaanderen, for open-data portals to
  harvest (``dcat.py``).

The JSON and DCAT files depend only on the catalogue and the settings (no clock): two builds of
the same input write the same bytes. This package reads the model and the shared URL scheme
(``views/paths.py``), nothing of the site or PDF renderers.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..catalog.model import Catalog
from ..settings import ProjectSettings
from .dcat import dcat_document
from .document import open_data_document
from .schema import open_data_schema
from .table import csv_bytes

DATA_DIR = "data"  # in the docs folder, so on the site at <site>/data/
CSV_FILE = "tools.csv"
JSON_FILE = "toolbox.json"
SCHEMA_FILE = "toolbox.schema.json"
DCAT_FILE = "catalogus.jsonld"


def json_text(value: object) -> str:
    """Stable JSON: keys in the order they were built, two-space indent, a final newline."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def write_open_data(catalog: Catalog, settings: ProjectSettings, target_dir: Path) -> list[Path]:
    """Write the open-data files into ``target_dir`` (created if needed); returns their paths."""
    target_dir.mkdir(parents=True, exist_ok=True)
    files = {
        CSV_FILE: csv_bytes(catalog, settings),
        JSON_FILE: json_text(open_data_document(catalog, settings)).encode("utf-8"),
        SCHEMA_FILE: json_text(open_data_schema(settings)).encode("utf-8"),
        DCAT_FILE: json_text(
            dcat_document(catalog, settings, [CSV_FILE, JSON_FILE], SCHEMA_FILE)
        ).encode("utf-8"),
    }
    written = []
    for name, data in files.items():
        path = target_dir / name
        path.write_bytes(data)
        written.append(path)
    return written
