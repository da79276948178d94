"""What the feedback loop adds to a request: ``FeedbackService.remember`` next to ``Composer.ask``, in-process.

    python bench/reply_log.py

Per question of a mixed set: the time to compose the reply (``Composer.ask``: matching and all) and the time to
give it a reply id and buffer its record (``FeedbackService.remember``: a random id and an append under a lock),
medians and p99 over many calls, and remember/ask as a ratio. The writer thread runs meanwhile, writing the
records to a SQLite file in batches, as in the service. Measured in one process, so a busy neighbour slows both.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from prometheus_client import CollectorRegistry

sys.path.insert(0, str(Path(__file__).resolve().parent))
from wrk_runner import load_questions  # noqa: E402

from app.answering.service import build_service  # noqa: E402
from app.feedback.service import FeedbackMetrics, FeedbackService  # noqa: E402
from app.ops.settings import PROJECT_ROOT, Settings  # noqa: E402

QUESTIONS = load_questions(PROJECT_ROOT / "tests" / "eval" / "questions.yaml")


def main() -> int:
    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(data_dir=Path(data_dir), reply_cache_size=0)  # every ask composed, as on a first visit
        service = build_service(settings)
        feedback = FeedbackService.build(settings, service.content, FeedbackMetrics(CollectorRegistry())).start()
        ask_times, remember_times = [], []
        try:
            for _ in range(3):
                for question in QUESTIONS:
                    lang = "zh" if any("\u4e00" <= char <= "\u9fff" for char in question) else "en"
                    started = time.perf_counter()
                    reply = service.composer.ask(question, lang)
                    middle = time.perf_counter()
                    feedback.remember(reply)
                    ended = time.perf_counter()
                    ask_times.append(middle - started)
                    remember_times.append(ended - middle)
        finally:
            feedback.close()
        written = feedback.reply_log.written
    for name, times in (("Composer.ask", ask_times), ("FeedbackService.remember", remember_times)):
        ordered = sorted(times)
        print(f"{name:<26} median {statistics.median(ordered) * 1e6:8.1f} µs   p99 {ordered[int(len(ordered) * 0.99)] * 1e6:8.1f} µs")
    print(f"remember / ask (medians): {statistics.median(remember_times) / statistics.median(ask_times):.2%}; "
          f"records written by the writer thread: {written} of {len(remember_times)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
