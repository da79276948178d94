"""HTTP API routes, one router per concern; ``app.main`` wires them."""
