"""Use the second core for work that only reads: run a part of it in a forked child.

A child made with fork() shares the parent's memory, so the catalogue is not copied or pickled
on the way in; only the child's result comes back, pickled through a pipe. Validation (half of
the rules) and page rendering (half of the tool pages) use it for large catalogues. Without
fork() (Windows, macOS where fork is unsafe), on one core, or when the child fails, both parts
run here, in order, with the same result.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

Here = TypeVar("Here")
There = TypeVar("There")


def can_fork() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return cores > 1 and "fork" in multiprocessing.get_all_start_methods()


def in_two_processes(
    here: Callable[[], Here], there: Callable[[], There], *, worth_it: bool = True
) -> tuple[Here, There]:
    """``(here(), there())``, with ``there`` run in a forked child while ``here`` runs in this
    process (when ``worth_it`` and fork() is available)."""
    if not worth_it or not can_fork():
        return here(), there()
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child_main, args=(sender, there), daemon=True)
    try:
        child.start()
    except OSError:
        return here(), there()
    sender.close()
    try:
        mine = here()
    except BaseException:
        child.kill()
        raise
    try:
        status, theirs = receiver.recv()
    except (EOFError, OSError):
        status, theirs = "failed", None
    finally:
        receiver.close()
        child.join()
    if status != "ok":
        theirs = there()  # again, here: a failure shows in full, as without a child
    return mine, theirs


def _child_main(sender: Any, work: Callable[[], Any]) -> None:
    try:
        sender.send(("ok", work()))
    except BaseException:  # the parent runs the work again and sees the failure itself
        sender.send(("failed", None))
    finally:
        sender.close()
        os._exit(0)  # leave at once: no exit handlers or buffers inherited from the parent
