"""ASGI middleware, one concept per module (the order they wrap the app in is :func:`app.web.application.create_app`'s)."""
