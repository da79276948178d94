/* The API documentation at /docs: Swagger UI served by this app (no CDN), started without inline script. */
(function () {
  "use strict";
  window.ui = window.SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    presets: [window.SwaggerUIBundle.presets.apis, window.SwaggerUIBundle.SwaggerUIStandalonePreset].filter(Boolean),
  });
})();
