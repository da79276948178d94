"""Property-based fuzzing of the whole API from its own OpenAPI schema (schemathesis, in-process over ASGI).

For every operation, schemathesis generates valid and invalid requests (``modes``: positive and negative) and
runs all its checks on each response: no 5xx, status and content type documented, body and headers matching
the schema, valid data accepted and invalid data rejected. On top: every response under ``/api/`` carries the
disclaimer, and answers are never cached. Bounded by ``max_examples`` so it runs in well under a minute.
"""

from __future__ import annotations

import os
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CheckContext

from app.ops.settings import Settings
from app.web.application import create_app

# Rate limiting off: a fuzzer is one client sending hundreds of requests; 429 has its own tests.
# Short flushes: feedback on an unknown reply id waits two flush intervals before its 404.
app = create_app(Settings(rate_limit="off", reply_flush_seconds=0.05))
schema = schemathesis.openapi.from_asgi("/openapi.json", app)

MAX_EXAMPLES = int(os.environ.get("FAQBOT_FUZZ_EXAMPLES", "40"))


def disclaimer_on_every_api_response(ctx: CheckContext, response: Any, case: schemathesis.Case) -> bool | None:
    if not case.path.startswith("/api/"):
        return None
    body = response.json()
    assert isinstance(body, dict) and isinstance(body.get("disclaimer"), str) and body["disclaimer"].strip(), (
        f"{case.method} {case.path} -> {response.status_code} without a disclaimer"
    )
    return True


def answers_are_not_cached(ctx: CheckContext, response: Any, case: schemathesis.Case) -> bool | None:
    if case.path in {"/api/v1/ask", "/api/v1/search"}:
        assert response.headers.get("cache-control") == ["no-store"], f"{case.path} may be cached"  # values are lists
        return True
    return None


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_api_matches_its_schema_and_never_fails(case: schemathesis.Case) -> None:
    case.call_and_validate(additional_checks=[disclaimer_on_every_api_response, answers_are_not_cached])


def test_schema_documents_every_status_the_middleware_can_return() -> None:
    document = app.openapi()
    ask = document["paths"]["/api/v1/ask"]["post"]["responses"]
    assert {"200", "400", "404", "405", "413", "422", "429", "500"} <= set(ask)
    assert "Retry-After" in ask["429"]["headers"]
    assert "503" in document["paths"]["/api/v1/ready"]["get"]["responses"]
    assert "429" not in document["paths"]["/api/v1/health"]["get"]["responses"]  # probes are never rate limited
    question = document["components"]["schemas"]["AskRequest"]["properties"]["question"]
    assert question["maxLength"] == 500 and question["minLength"] == 1 and "pattern" in question
