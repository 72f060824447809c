"""Site search: a Pagefind index over the built site, plus the word list behind "Bedoelde je …?".

Pagefind runs on the finished HTML (so it serves MkDocs and Zensical output alike), reads the
page language (`nl`) for Dutch stemming, indexes only each page's `data-pagefind-body` (the article,
without navigation, badges or "Meer van …" lists, which are marked `data-pagefind-ignore`) and
writes a chunked index: a browser downloads only the fragments a query needs.

The word list (`pagefind/zoekwoorden.json`) holds the indexed words (read back from Pagefind's own
fragments), most frequent first, with the accents folded; the search dialog fetches it only when
a query finds nothing, to suggest the closest word. The tool pages file
(`pagefind/toolpaginas.json`) gives the address of every tool page by Pagefind's id for it, so
the catalogue's word filter can ask Pagefind for the tool pages that match a word (the dialog's
own search) and show those records, without loading each page's fragment.

Same site, same bytes. Pagefind numbers the pages in the order it receives them, and its command
line walks the folder in the order the file system lists it (on ext4 a hash order that differs
between machines; in creation order elsewhere, which two processes writing pages make vary), so
the pages are handed to its service one by one, sorted by path. It also writes each filter's
values in the order of a randomly seeded hash table (Pagefind/pagefind#638: "other files will
still change, such as the filter/metadata indexes"): the filter files are rewritten with their
values sorted, and the meta file and `pagefind-entry.json` with the names that follow from it.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import hashlib
import json
import re
import subprocess
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

INDEX_FOLDER = "pagefind"
WORDS_FILE = "zoekwoorden.json"
TOOL_PAGES_FILE = "toolpaginas.json"
TOOL_PAGE = "Tool"  # the type of a tool page (its meta "type")
PLAIN_PAGE = "Pagina"
MAX_WORDS = 20_000
MIN_WORD = 4
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)


class SearchIndexError(Exception):
    """Pagefind could not index the site (the message says why)."""


def fold(text: str) -> str:
    """Lowercase without accents: 'Coördinatie' -> 'coordinatie'."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


FRAGMENT_SIGNATURE = b"pagefind_dcd"


def _fragment(fragment: Path) -> tuple[str, str]:
    """The text Pagefind indexed for one page and the page's type: the "content" and
    "meta.type" of its fragment file (gzip-compressed JSON, after a signature)."""
    content, kind, _ = _fragment_page(fragment)
    return content, kind


def _fragment_page(fragment: Path) -> tuple[str, str, str]:
    """The text, type and address ("url", from the site's root) of one page's fragment."""
    try:
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(FRAGMENT_SIGNATURE))
        content, meta, url = data["content"], data.get("meta") or {}, data.get("url") or ""
    except (OSError, EOFError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SearchIndexError(
            f"Pagefind schreef een fragment dat niet te lezen is ({fragment.name}: {exc}); "
            "controleer de versie van pagefind in pyproject.toml"
        ) from exc
    if not isinstance(content, str) or not isinstance(meta, dict) or not isinstance(url, str):
        raise SearchIndexError(f"Pagefind-fragment {fragment.name} heeft geen tekst")
    return content, str(meta.get("type") or PLAIN_PAGE), url


def read_index(index_dir: Path) -> tuple[list[str], dict[str, str]]:
    """What the search dialog needs besides Pagefind's own index, read back from Pagefind's
    fragments (some thirty times faster than parsing the built HTML again):

    - the words of the indexed text, folded, most frequent first (ties alphabetical): exactly
      the indexed words, the article without navigation or ignored parts;
    - the address of every tool page (site-relative, as the catalogue's records give it), by
      Pagefind's id for it.
    """
    raw: Counter[str] = Counter()
    tools: dict[str, str] = {}
    for fragment in sorted((index_dir / "fragment").glob("*.pf_fragment")):
        text, kind, url = _fragment_page(fragment)
        page_id = fragment.name.removesuffix(".pf_fragment")
        if kind == TOOL_PAGE:
            tools[page_id] = url.lstrip("/")
        for word in _WORD.findall(text):
            for part in word.split("-"):
                if len(part) >= MIN_WORD:
                    raw[part] += 1
    counts: Counter[str] = Counter()
    for part, number in raw.items():  # fold each distinct spelling once
        counts[fold(part)] += number
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [word for word, _ in ranked[:MAX_WORDS]], tools


def indexed_words(index_dir: Path) -> list[str]:
    return read_index(index_dir)[0]


def build_search_index(site_dir: Path) -> Path:
    """Index the built site with Pagefind into site_dir/pagefind/; return that folder."""
    pages = sorted(
        path.relative_to(site_dir).as_posix()
        for path in site_dir.rglob("*.html")
        if path.is_file() and not path.is_symlink()
    )
    folder = site_dir / INDEX_FOLDER
    _run_pagefind(site_dir, pages, folder)
    normalise_index(folder)
    words, tools = read_index(folder)
    for name, content in (
        (WORDS_FILE, {"words": words}),
        (TOOL_PAGES_FILE, {"pages": tools}),
    ):
        (folder / name).write_text(
            json.dumps(content, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
    return folder


# -- Pagefind's service: the pages in a fixed order --------------------------------------------
# The protocol of `pagefind --service` (what its Python and Node packages speak): JSON requests,
# each base64-encoded and followed by a comma, answered in the same form and in the same order.
# Its Python package waits 0.1 s before reading each answer, which at 15,000 pages is 25 minutes;
# this client writes from a thread and reads the answers as they come.

PAGEFIND_CONFIG = {
    # The heading's permalink sign is not content (nor part of a result's title).
    "exclude_selectors": [".headerlink"],
}
TIMEOUT = 900


def _pagefind_binary() -> str:
    try:
        from pagefind.service import get_executable
    except ImportError as exc:
        raise SearchIndexError(f"Pagefind is niet geïnstalleerd ({exc})") from exc
    found = get_executable()
    if found is None:
        raise SearchIndexError("Pagefind is niet geïnstalleerd (geen pagefind-programma gevonden)")
    return str(found)


def _message(number: int, payload: dict[str, object]) -> bytes:
    request = {"message_id": number, "payload": payload}
    return base64.b64encode(json.dumps(request).encode("utf-8")) + b","


def _run_pagefind(site_dir: Path, pages: list[str], folder: Path) -> None:
    """Index ``pages`` (paths relative to ``site_dir``) in this order and write the index
    into ``folder``."""
    messages: list[tuple[str, dict[str, object]]] = [
        ("NewIndex", {"type": "NewIndex", "config": PAGEFIND_CONFIG})
    ]
    messages += [
        (page, {"type": "AddFile", "index_id": 0, "file_path": page, "url": None}) for page in pages
    ]
    # GetFiles, not WriteFiles: the service hands the files over in its answer and this process
    # writes them. WriteFiles left the last files half written when the service ended at the
    # end of its input (seen as an empty pagefind-entry.json on a busy machine).
    messages.append(("GetFiles", {"type": "GetFiles", "index_id": 0}))
    try:
        process = subprocess.Popen(
            [_pagefind_binary(), "--service"],
            cwd=site_dir,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError as exc:
        raise SearchIndexError(f"Pagefind kon niet starten: {exc}") from exc
    assert process.stdin is not None and process.stdout is not None
    failed: list[str] = []

    def send() -> None:
        assert process.stdin is not None
        what = ""
        try:
            for number, (what, payload) in enumerate(messages):
                if payload["type"] == "AddFile":
                    payload["file_contents"] = (site_dir / what).read_text(encoding="utf-8")
                process.stdin.write(_message(number, payload))
                payload.pop("file_contents", None)
            process.stdin.flush()
        except (OSError, ValueError) as exc:  # a page not readable, or a broken pipe
            failed.append(f"{what}: {exc}")
            # The service stops at the end of its input, so that the answers end too.
            # (Only here: it stops at once, before the messages it has not handled yet.)
            with contextlib.suppress(OSError):
                process.stdin.close()

    writer = threading.Thread(target=send, daemon=True)
    timer = threading.Timer(TIMEOUT, process.kill)
    writer.start()
    timer.start()
    answers = _answers(process.stdout)
    finished = False
    try:
        for number, (what, _) in enumerate(messages):
            answer = next(answers, None)
            if answer is None:
                if failed:
                    raise SearchIndexError(f"Pagefind kreeg de pagina's niet: {failed[0]}")
                raise SearchIndexError(f"Pagefind stopte onverwacht bij {what}")
            payload = answer.get("payload") or {}
            if payload.get("type") == "Error" or answer.get("message_id") != number:
                raise SearchIndexError(
                    f"Pagefind faalde bij {what}: {payload.get('message') or payload}"
                )
        _write_bundle(payload, folder)
        finished = True
    finally:
        if finished:
            # Every answer came (the files are in the last one): the service stops at the end of
            # its input.
            writer.join()
            with contextlib.suppress(OSError, ValueError):
                process.stdin.close()
            try:
                process.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
        else:
            process.kill()  # failed: a writer still writing stops on the broken pipe
            writer.join()
            with contextlib.suppress(OSError, ValueError):
                process.stdin.close()
        timer.cancel()
        process.wait()
        process.stdout.close()


def _write_bundle(payload: dict[str, Any], folder: Path) -> None:
    """Write the files of Pagefind's GetFiles answer into ``folder`` (relative paths only)."""
    files = payload.get("files")
    if payload.get("type") != "GetFiles" or not isinstance(files, list) or not files:
        raise SearchIndexError(
            "Pagefind gaf geen index terug; controleer de versie van pagefind in pyproject.toml"
        )
    root = folder.resolve()
    for item in files:
        try:
            name, content = str(item["path"]), base64.b64decode(item["content"], validate=True)
        except (KeyError, TypeError, ValueError) as exc:
            raise SearchIndexError(f"Pagefind gaf een onleesbaar bestand terug ({exc})") from exc
        target = (folder / name).resolve()
        if root != target and root not in target.parents:
            raise SearchIndexError(f"Pagefind gaf een bestand buiten de index: {name}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def _answers(stream: IO[bytes]) -> Iterator[dict[str, Any]]:
    """The service's answers, in order, until it closes its output."""
    pending = b""
    while chunk := stream.read1(1 << 16):
        *complete, pending = (pending + chunk).split(b",")
        for raw in complete:
            yield json.loads(base64.b64decode(raw))


# -- Pagefind's filter files, in a fixed order --------------------------------------------------
# Pagefind 1.5 writes a filter's values (and the filters in the meta file) in the order of a
# randomly seeded hash table. The files are CBOR after a signature, gzip-compressed; each is
# named after the SHA-1 of its CBOR. This rewrites them with the values sorted and renames them
# the way Pagefind names a file, so the index reads exactly as before (the browser looks values
# up by name) and two builds of the same site give the same bytes.


def normalise_index(folder: Path) -> None:
    """Sort the filter values and filters of every language's index in ``folder``."""
    entry_file = folder / "pagefind-entry.json"
    try:
        entry = json.loads(entry_file.read_text(encoding="utf-8"))
        languages = entry["languages"]
        for language in sorted(languages):
            about = languages[language]
            about["hash"] = _normalise_language(folder, language, about["hash"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SearchIndexError(
            f"Pagefind schreef een index die niet te lezen is ({exc}); "
            "controleer de versie van pagefind in pyproject.toml"
        ) from exc
    entry["languages"] = dict(sorted(languages.items()))
    entry_file.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


def _normalise_language(folder: Path, language: str, meta_hash: str) -> str:
    """Rewrite one language's filter files and meta file; return the meta file's new hash."""
    meta_file = folder / f"pagefind.{meta_hash}.pf_meta"
    meta = _read_cbor(meta_file)
    filters = meta[3]  # Pagefind's MetaIndex: [version, pages, index_chunks, filters, ...]
    # All filter files are read before any is written: a new name may be another's old one.
    read = [_read_cbor(folder / "filter" / f"{hash_}.pf_filter") for _, hash_ in filters]
    for _, hash_ in filters:
        (folder / "filter" / f"{hash_}.pf_filter").unlink()
    for entry, (name, values) in zip(filters, read, strict=True):
        # MetaFilter: [filter, hash]; FilterIndex: [filter, [[value, [page, ...]], ...]]
        values.sort(key=lambda value: value[0])
        data = _cbor([name, values])
        full = f"{language}_{_pagefind_hash(data)}"
        length = len(language) + 8
        while (folder / "filter" / f"{full[:length]}.pf_filter").exists():
            length += 1  # as Pagefind does when two names collide
        _write_cbor(folder / "filter" / f"{full[:length]}.pf_filter", data)
        entry[1] = full[:length]
    filters.sort(key=lambda entry: entry[0])
    data = _cbor(meta)
    new_hash = f"{language}_{_pagefind_hash(data)[: len(language) + 8]}"
    meta_file.unlink()
    _write_cbor(folder / f"pagefind.{new_hash}.pf_meta", data)
    return new_hash


def _pagefind_hash(data: bytes) -> str:
    """Pagefind's `full_hash`: SHA-1, each byte in hexadecimal without a leading zero."""
    return "".join(f"{byte:x}" for byte in hashlib.sha1(data).digest())


def _read_cbor(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(FRAGMENT_SIGNATURE):
        raise ValueError(f"{path.name} heeft geen Pagefind-handtekening")
    data = data[len(FRAGMENT_SIGNATURE) :]
    value, end = _decode(data, 0)
    # Only what this module can write back unchanged: definite lengths, smallest integers.
    if end != len(data) or _cbor(value) != data:
        raise ValueError(f"{path.name} is geen CBOR zoals Pagefind 1.5 het schrijft")
    return value


def _write_cbor(path: Path, data: bytes) -> None:
    path.write_bytes(gzip.compress(FRAGMENT_SIGNATURE + data, mtime=0))


def _decode(data: bytes, at: int) -> tuple[Any, int]:
    """One CBOR item (unsigned integers, text, arrays: all that Pagefind's index files hold)."""
    kind, small, at = data[at] >> 5, data[at] & 31, at + 1
    if small < 24:
        number = small
    elif small <= 27:
        size = 1 << (small - 24)
        number, at = int.from_bytes(data[at : at + size], "big"), at + size
    else:
        raise ValueError(f"CBOR-waarde van onverwachte lengte ({small})")
    if kind == 0:
        return number, at
    if kind == 3:
        return data[at : at + number].decode("utf-8"), at + number
    if kind == 4:
        items = []
        for _ in range(number):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    raise ValueError(f"onverwacht CBOR-type {kind}")


def _cbor(value: Any) -> bytes:
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_cbor(item) for item in value)
    if isinstance(value, str):
        text = value.encode("utf-8")
        return _head(3, len(text)) + text
    if isinstance(value, int) and value >= 0:
        return _head(0, value)
    raise ValueError(f"onverwachte waarde {value!r}")


def _head(kind: int, number: int) -> bytes:
    if number < 24:
        return bytes([kind << 5 | number])
    for small, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if number < 1 << (8 * size):
            return bytes([kind << 5 | small]) + number.to_bytes(size, "big")
    raise ValueError(f"getal te groot voor CBOR: {number}")
