"""The web layer: the one package that knows FastAPI and Starlette.

* :mod:`app.web.application`: the app factory (``app.web.application:app_factory``) that wires everything;
* :mod:`app.web.routes`: one router per concern (ask, entries, search, feedback, review, widget, pages, docs,
  health and operations), with their dependencies in :mod:`app.web.deps`;
* :mod:`app.web.errors` and :mod:`app.web.openapi_errors`: every error as JSON with the disclaimer in the reader's
  language, and documented in the OpenAPI schema;
* :mod:`app.web.middleware`: one concept per module (body limit, rate limit, security headers, observability);
* :mod:`app.web.pages` and :mod:`app.web.strings`: the demo and review pages, the widget's and the console's
  strings; :mod:`app.web.staff_auth`: staff sign-in; ``static/``: the widget, the console, the docs page.

May import every other package (it serves them); nothing but the server (:mod:`app.ops.server`,
:mod:`app.ops.http_guard`) and the CLI imports it.
"""
