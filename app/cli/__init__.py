"""The ``faqbot`` command line: one of the service's clients, like the widget and the console.

* :mod:`app.cli.main`: ``faqbot ask|search|show|list`` (the service in-process, the API's JSON with ``--json``),
  ``faqbot check`` (content and catalogs) and ``faqbot serve`` (through :mod:`app.ops.server`);
* :mod:`app.cli.storage`: ``faqbot db upgrade|purge`` and ``faqbot hash-password``.

May import every other package; it shares the API's error payload (:mod:`app.web.errors`) and the console's strings
(:mod:`app.web.strings.staff`) so that every client says the same. Nothing imports it (contracts in pyproject.toml,
``[tool.importlinter]``, checked by ``make test``).
"""
