"""Security headers: on every HTML page, on the widget script, and no-store on API answers."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.ops.settings import Settings
from app.web.application import create_app
from app.web.middleware.security_headers import PAGE_CSP


@pytest.fixture(scope="module")
def web() -> Iterator[TestClient]:
    with TestClient(create_app(Settings())) as client:
        yield client


def _directives(csp: str) -> dict[str, str]:
    return {part.strip().split(" ", 1)[0]: part.strip().partition(" ")[2] for part in csp.split(";") if part.strip()}


def _html_paths(app: FastAPI, client: TestClient) -> list[str]:
    candidates = ["/", "/staff", "/docs", "/api/v1/no-such-page"]
    return [path for path in candidates if client.get(path).headers.get("content-type", "").startswith("text/html")]


def test_every_html_page_has_csp_nosniff_referrer_policy_and_no_framing(web: TestClient) -> None:
    pages = _html_paths(web.app, web)  # type: ignore[arg-type]
    assert {"/", "/docs"} <= set(pages)
    for path in pages:
        headers = web.get(path).headers
        csp = _directives(headers["content-security-policy"])
        assert csp["frame-ancestors"] in {"'none'", "'self'"}, path
        assert csp["default-src"] == "'none'" and csp["object-src"] == "'none'" and csp["base-uri"] == "'none'", path
        assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"], path
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin", path
        assert headers["x-frame-options"] in {"DENY", "SAMEORIGIN"}, path


def test_staff_console_gets_the_page_policy_even_though_its_route_sets_none(web: TestClient) -> None:
    response = web.get("/staff")
    assert response.status_code == 200
    csp = _directives(response.headers["content-security-policy"])
    assert csp["script-src"] == "'self'" and csp["frame-ancestors"] == "'none'"


def test_widget_script_can_be_loaded_by_other_sites_but_not_sniffed(web: TestClient) -> None:
    response = web.get("/widget.js")
    assert response.status_code == 200
    assert re.match(r"(text|application)/javascript", response.headers["content-type"])
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cross-origin-resource-policy"] == "cross-origin"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"


def test_docs_page_has_the_page_policy_with_nothing_from_elsewhere_and_no_inline_code(web: TestClient) -> None:
    response = web.get("/docs")
    assert response.status_code == 200
    csp = _directives(response.headers["content-security-policy"])
    page = _directives(PAGE_CSP)
    assert csp == {name: value for name, value in page.items() if "trusted-types" not in name}
    assert "<script>" not in response.text and "http" not in re.sub(r'href="data:,"', "", response.text)
    for asset in re.findall(r'(?:src|href)="(/docs/[^"]+)"', response.text):
        assert web.get(asset).status_code == 200, asset


@pytest.mark.parametrize(
    ("method", "path", "payload"),
    [
        ("POST", "/api/v1/ask", {"question": "IVIG dose"}),
        ("POST", "/api/v1/ask", {"question": ""}),
        ("GET", "/api/v1/entries", None),
        ("GET", "/api/v1/entries/no-such-entry", None),
        ("GET", "/api/v1/health", None),
        ("GET", "/metrics", None),
    ],
)
def test_api_answers_are_never_cached(web: TestClient, method: str, path: str, payload: object) -> None:
    response = web.request(method, path, json=payload)
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert _directives(response.headers["content-security-policy"])["default-src"] == "'none'"


def test_search_answers_are_never_cached(web: TestClient) -> None:
    response = web.get("/api/v1/search", params={"q": "dose"})
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"


def test_a_header_set_by_a_route_is_kept(web: TestClient) -> None:
    response = web.get("/widget.js")
    assert response.headers["cache-control"].startswith("public")  # the widget route's choice, not no-store


def test_every_response_gets_a_request_id(web: TestClient) -> None:
    ids = {web.get("/api/v1/health").headers["x-request-id"] for _ in range(3)}
    assert len(ids) == 3 and all(re.fullmatch(r"[0-9a-f]{32}", value) for value in ids)


def test_no_redirect_is_built_from_the_host_header(web: TestClient) -> None:
    """'/api/v1/health/' answered 307 with 'Location: http://evil.example/...': a path is a route or a 404."""
    schema_paths = {path for path in web.get("/openapi.json").json()["paths"] if "{" not in path}
    paths = schema_paths | {"/", "/staff", "/docs", "/openapi.json", "/widget.js", "/demo.css"}
    assert {"/api/v1/health", "/api/v1/ask", "/metrics"} <= paths
    for path in sorted(paths - {"/"}):
        variant = path + "/"
        for method in ("GET", "POST"):
            response = web.request(method, variant, headers={"Host": "evil.example"}, follow_redirects=False)
            assert not response.is_redirect and "location" not in response.headers, (method, variant)
            assert "evil.example" not in response.text, (method, variant)
    response = web.get("/api/v1/health/", headers={"Host": "evil.example"}, follow_redirects=False)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found" and response.json()["disclaimer"]
