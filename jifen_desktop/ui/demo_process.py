"""The demo village generated in a child process, so that the window never waits for it.

Generating the demo is minutes of Python; on a worker thread of the window's own process it
held the interpreter lock for long stretches, and the window froze (0.3-3 s at a time on one
core). Here a ``spawn`` child (a fresh interpreter: no Qt, no fork of a running GUI; the built
program's entry calls ``multiprocessing.freeze_support``) makes the ledger through
``model.setup.new_ledger`` and ``generate_demo`` and sends its progress, then its summary or its
error, through a pipe. ``demo_work`` is a ``ui.background`` work function: on its worker it
follows the child, hands the progress on, and on 取消 (or any failure, a crash of the child
included) stops the child and removes the new ledger's files, so nothing half-written stays.

This module imports no Qt: the child imports it to run ``_generate``.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import threading
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jifen_desktop.model import errors, paths

if TYPE_CHECKING:
    from jifen_desktop.demo import DemoSummary

Progress = Callable[[float, str], None]
Message = tuple[Any, ...]

POLL_S = 0.25  # how often the worker looks at the cancel flag while the child is quiet (each
# look takes the GIL from the GUI thread; on a busy core the handover can cost it tens of ms)
STOP_WAIT_S = 5.0  # a child asked to stop that has not gone by then is killed
END_WAIT_S = 60.0  # a child that sent its summary ends on its own (slowly on a busy laptop)
CHILD_NAME = "jifen-demo"
CHILD_NICENESS = 10  # below the window: its event loop gets the core when it needs it


class DemoProcessFailed(RuntimeError):
    """The child ended without a result: it crashed, was killed, or failed unexpectedly (its
    traceback is in the message, for the crash log). Nothing it wrote is kept."""


def demo_work(folder: Path, **options: Any) -> Callable[[Progress, threading.Event], Any]:
    """The work of generating the demo village in ``folder`` (``generate_demo`` options, e.g.
    ``households``) in a child process; a failed or cancelled run leaves no database behind."""

    def work(progress: Progress, cancel: threading.Event) -> DemoSummary:
        return generate_in_child(folder, options, progress, cancel)

    return work


def generate_in_child(
    folder: Path, options: dict[str, Any], progress: Progress, cancel: threading.Event
) -> DemoSummary:
    """Start the child, follow it to its end and return its summary; on a cancel or a failure
    the child is stopped and the files it made are removed before the error goes on."""
    from jifen_desktop.model.setup import BeforeSetUp, discard_new_ledger_files

    before = BeforeSetUp.of(folder)
    ledger_was_there = paths.db_path(folder).exists()  # (the child refuses to replace one)
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_generate, args=(sender, str(folder), options), name=CHILD_NAME, daemon=True
    )
    try:
        child.start()
        sender.close()  # the child's copy is the only one left: its end is our EOF
        return _follow(child, receiver, progress, cancel)
    except BaseException:
        _stop(child)
        if not ledger_was_there:
            discard_new_ledger_files(folder, before)
        raise
    finally:
        receiver.close()
        sender.close()


def _follow(
    child: BaseProcess, receiver: Connection, progress: Progress, cancel: threading.Event
) -> DemoSummary:
    """Hand the child's messages on until its summary or error arrives; ``Cancelled`` as soon as
    the flag is set (``progress`` raises it too)."""
    while True:
        if cancel.is_set():
            raise errors.Cancelled()
        if not receiver.poll(POLL_S):
            continue
        try:
            message: Message = receiver.recv()
        except EOFError:  # the child is gone without a word: killed, or it crashed
            child.join(END_WAIT_S)
            raise DemoProcessFailed(_died(child.exitcode)) from None
        kind = message[0]
        if kind == "progress":
            progress(message[1], message[2])
        elif kind == "done":  # the ledger is closed; the child's interpreter ends
            child.join(END_WAIT_S)
            _stop(child)
            summary: DemoSummary = message[1]
            return summary
        elif kind == "refused":
            raise errors.DomainError(message[1])
        else:
            raise DemoProcessFailed(f"生成演示村时出了意外错误，没有保存任何内容。\n{message[1]}")


def _died(exitcode: int | None) -> str:
    return (
        f"生成演示村的进程意外退出（退出代码 {exitcode}），没有保存任何内容。"
        "请关掉其他程序后再试一次；如果还是这样，请把错误详情发给技术支持。"
    )


def _stop(child: BaseProcess) -> None:
    """The child stopped and waited for (its files are then closed); killed if it lingers."""
    if child.pid is None:  # never started
        return
    if child.is_alive():
        child.terminate()
        child.join(STOP_WAIT_S)
    if child.is_alive():
        child.kill()
    child.join()


def _generate(sender: Connection, folder: str, options: dict[str, Any]) -> None:
    """In the child: make the ledger and the demo village, sending progress and the outcome.
    A failure removes the new files here already (``new_ledger``); so does a parent that went
    away (the next progress cannot be sent)."""
    if hasattr(os, "nice"):  # (POSIX) the window comes first on a one-core laptop
        with contextlib.suppress(OSError):
            os.nice(CHILD_NICENESS)
    try:
        from jifen_desktop.demo import generate_demo
        from jifen_desktop.model.setup import new_ledger

        gc.freeze()  # the modules just loaded stay out of the full collections' walk

        def progress(fraction: float, message: str) -> None:
            sender.send(("progress", fraction, message))

        with new_ledger(Path(folder)) as fresh, fresh:
            summary = generate_demo(fresh, progress=progress, **options)
    except errors.DomainError as exc:
        _send(sender, ("refused", exc.message))
    except BaseException:  # noqa: BLE001 - reported to the parent, which logs and shows it
        _send(sender, ("failed", traceback.format_exc()))
    else:
        _send(sender, ("done", summary))
    finally:
        sender.close()


def _send(sender: Connection, message: Message) -> None:
    with contextlib.suppress(OSError):  # the parent is gone: nobody to tell
        sender.send(message)
