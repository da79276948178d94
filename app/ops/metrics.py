"""Prometheus metrics: requests and latency by route template and status, replies by kind and language.

Labels are bounded: route *templates* (``/api/v1/entries/{entry_id}``, ``<unmatched>`` for any unknown path),
a fixed set of methods, status codes, the four reply kinds and the two languages. Nothing a user typed becomes
a label.

Several worker processes (``--workers N``) each count for themselves, and a scrape of ``/metrics`` reaches
one of them at random. Set ``PROMETHEUS_MULTIPROC_DIR`` to an empty, writable directory (the same one for all
workers, emptied at each start) and the endpoint then reports the sum over all workers, through
prometheus-client's multiprocess collector.
"""

from __future__ import annotations

import os

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess

UNMATCHED_ROUTE = "<unmatched>"
_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class Metrics:
    """The service's metrics, in a registry of their own (one per app, so tests can read exact counts)."""

    content_type = CONTENT_TYPE_LATEST

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "faqbot_http_requests_total",
            "HTTP requests by route template, method and status.",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "faqbot_http_request_duration_seconds",
            "Time from request to the end of the response, by route template, method and status.",
            ["route", "method", "status"],
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.answers = Counter(
            "faqbot_answers_total",
            "Replies of /api/v1/ask by kind (answer, no_match, small_talk, emergency) and language.",
            ["kind", "lang"],
            registry=self.registry,
        )
        self.ask_batches = Histogram(
            "faqbot_ask_batch_size",
            "Questions answered together in one batch of /api/v1/ask (app/web/ask_batcher.py).",
            buckets=(1, 2, 4, 8, 16, 32, 64, 128, 256),
            registry=self.registry,
        )
        self.rate_limited = Counter(
            "faqbot_rate_limited_total", "Requests refused with 429 by the per-client rate limit.", registry=self.registry
        )
        self.rate_limit_errors = Counter(
            "faqbot_rate_limit_storage_errors_total",
            "Rate-limit checks that failed because the counter storage was unreachable (the request was let through).",
            registry=self.registry,
        )

    def observe_request(self, route: str, method: str, status: int, seconds: float) -> None:
        self.requests.labels(route, method, str(status)).inc()
        self.latency.labels(route, method, str(status)).observe(seconds)

    def observe_answer(self, kind: str, lang: str) -> None:
        self.answers.labels(kind, lang).inc()

    def observe_ask_batch(self, size: int) -> None:
        self.ask_batches.observe(size)

    def exposition(self) -> bytes:
        """The text format for a scrape: this process's registry, or all workers' in multiprocess mode."""
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
            return generate_latest(registry)
        return generate_latest(self.registry)
