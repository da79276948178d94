"""HTTP API routes, one router per concern; ``app.web.application`` wires them."""
