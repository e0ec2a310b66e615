"""Re-ingestion in a background thread; the chat keeps answering from the published index meanwhile."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ingest.errors import IngestError
from ingest.settings import Settings
from ingest.types import Embedder, IngestReport, ProgressEvent
from ui.services.admin import swedish_reason

log = logging.getLogger(__name__)
Runner = Callable[..., IngestReport]


@dataclass(frozen=True)
class JobState:
    """What an admin sees: running or not, how far, and how the last run ended."""

    running: bool = False
    stage: str = ""  # "file" (reading) or "embed"
    done: int = 0
    total: int = 0
    detail: str = ""
    started: float | None = None
    finished: float | None = None
    report: IngestReport | None = None
    error: str = ""  # Swedish
    failures: dict[str, str] = field(default_factory=dict)  # file -> Swedish reason

    @property
    def fraction(self) -> float:
        """0..1 over both stages: reading counts for the first third, embedding for the rest."""
        if not self.total:
            return 0.0
        part = self.done / self.total
        return part / 3 if self.stage == "file" else 1 / 3 + 2 * part / 3


class IngestJob:
    """At most one ingestion at a time per app; its state is shared by every admin session."""

    def __init__(self, settings: Settings, embedder: Embedder, runner: Runner | None = None):
        self.settings = settings
        self.embedder = embedder
        self._runner = runner
        self._state = JobState()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def state(self) -> JobState:
        return self._state

    def start(self, rebuild: bool = False) -> bool:
        """Start a run unless one is going; False when one already was."""
        with self._lock:
            if self._state.running:
                return False
            self._state = JobState(running=True, started=time.time())
            self._thread = threading.Thread(
                target=self._run, args=(rebuild,), name="ingest", daemon=True
            )
            self._thread.start()
            return True

    def wait(self, timeout: float | None = None) -> JobState:
        if self._thread is not None:
            self._thread.join(timeout)
        return self._state

    def _progress(self, event: ProgressEvent) -> None:
        self._state = replace(
            self._state, stage=event.stage, done=event.done, total=event.total, detail=event.detail
        )

    def _run(self, rebuild: bool) -> None:
        runner = self._runner or _pipeline_run
        try:
            report = runner(self.settings, self.embedder, rebuild=rebuild, progress=self._progress)
        except IngestError as exc:
            log.warning("ingestion failed: %s", exc)
            self._finish(error=_swedish_error(str(exc)))
        except Exception:
            log.exception("ingestion crashed")
            self._finish(error="Inläsningen avbröts av ett oväntat fel. Se serverns logg.")
        else:
            mb = self.settings.max_file_mb
            failures = {f.file: swedish_reason(f.reason, mb) for f in report.failed}
            self._finish(report=report, failures=failures)

    def _finish(self, **changes) -> None:
        self._state = replace(self._state, running=False, finished=time.time(), **changes)


def _swedish_error(message: str) -> str:
    if "already running" in message:
        return (
            "En annan inläsning pågår redan (kanske från kommandoraden). "
            "Försök igen när den är klar."
        )
    if "nothing could be indexed" in message:
        return "Inget dokument kunde läsas in; det tidigare indexet används fortfarande."
    return f"Inläsningen misslyckades; det tidigare indexet används fortfarande. ({message})"


def _pipeline_run(settings: Settings, embedder: Embedder, **kw) -> IngestReport:
    from ingest import pipeline

    return pipeline.run(settings, embedder, **kw)
