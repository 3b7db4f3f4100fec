// The API page: Swagger UI over the app's own OpenAPI description (vendored, offline).
window.addEventListener("load", function () {
  "use strict";
  if (!window.SwaggerUIBundle) return;
  window.SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#swagger-ui", deepLinking: false, supportedSubmitMethods: ["get"] });
});
