"""Security headers of the HTML pages the app serves and of the widget script: one place to read or change them.

Pages allow only their own origin (`'self'`) for scripts, styles and connections, and no inline code at all: the
widget needs none, because it builds its DOM with ``textContent`` and styles its Shadow DOM with constructable
stylesheets. ``require-trusted-types-for 'script'`` makes any string-to-HTML sink (``innerHTML`` ...) fail
loudly, which the widget never uses. The widget script itself is embedded by other origins, so it is served
with ``Cross-Origin-Resource-Policy: cross-origin`` and ``nosniff`` with a correct JavaScript type.
"""

from __future__ import annotations

# A page of this app: same-origin everything; `data:` images only for the empty favicon.
PAGE_CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        "img-src 'self' data:",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "require-trusted-types-for 'script'",
        "trusted-types 'none'",
    ]
)
# The API docs at /docs (Swagger UI, served by the app itself): the same policy without Trusted Types, because
# Swagger UI writes the Markdown of descriptions through innerHTML after sanitising it with DOMPurify.
DOCS_CSP = "; ".join(
    directive for directive in PAGE_CSP.split("; ") if not directive.startswith(("require-trusted-types-for", "trusted-types"))
)
# A script or stylesheet has no document of its own; if one is opened directly it may do nothing.
RESOURCE_CSP = "default-src 'none'; frame-ancestors 'none'"

BASIC_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def page_headers(csp: str = PAGE_CSP) -> dict[str, str]:
    """Headers for an HTML page of the app (the demo page; reusable by other pages such as a staff console)."""
    return {
        **BASIC_HEADERS,
        "Content-Security-Policy": csp,
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    }


def embeddable_resource_headers(max_age: int = 300) -> dict[str, str]:
    """Headers for ``widget.js`` and other static resources that other sites may load."""
    return {
        **BASIC_HEADERS,
        "Content-Security-Policy": RESOURCE_CSP,
        "Cross-Origin-Resource-Policy": "cross-origin",
        "Cache-Control": f"public, max-age={max_age}",
    }

