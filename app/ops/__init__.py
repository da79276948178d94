"""Operations: how the service is configured, logs, is measured and runs.

* :mod:`app.ops.settings`: every setting, an environment variable with a default (pydantic-settings);
* :mod:`app.ops.passwords`: the staff password's hash format (a setting's value);
* :mod:`app.ops.logging_setup`: JSON-lines logs that never hold what a user typed;
* :mod:`app.ops.metrics`: Prometheus metrics of one process or of all workers;
* :mod:`app.ops.server` and :mod:`app.ops.http_guard`: uvicorn with the production options and a guarded HTTP
  protocol (the process that runs the web application).

May import: settings, passwords, logging and metrics import nothing else of the app (every other package uses
them). The server sits on top: it builds the service and starts :mod:`app.web` (contracts in pyproject.toml,
``[tool.importlinter]``, checked by ``make test``).
"""
