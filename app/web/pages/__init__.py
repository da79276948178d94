"""Server-rendered HTML pages: the demo page that embeds the widget, and the staff review page with its charts."""
