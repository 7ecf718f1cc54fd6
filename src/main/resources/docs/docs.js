// Offers the documents listed at /openapi and renders the chosen one with Swagger UI. The choice
// is kept in the address (#juspay), so a link can point at one family's document.
(function () {
  'use strict';

  var picker = document.getElementById('document');
  var source = document.getElementById('source');

  function render(entry) {
    source.href = entry.url;
    SwaggerUIBundle({
      url: entry.url,
      dom_id: '#swagger-ui',
      presets: [SwaggerUIBundle.presets.apis],
      layout: 'BaseLayout',
      validatorUrl: null,
      defaultModelsExpandDepth: 0
    });
  }

  function chosen(documents) {
    var name = window.location.hash.slice(1);
    return documents.filter(function (d) { return d.name === name; })[0] || documents[0];
  }

  fetch('/openapi/index.json')
    .then(function (response) { return response.json(); })
    .then(function (index) {
      var documents = index.documents;
      documents.forEach(function (d) {
        var option = document.createElement('option');
        option.value = d.name;
        option.textContent = d.title;
        picker.appendChild(option);
      });
      var first = chosen(documents);
      picker.value = first.name;
      render(first);
      picker.addEventListener('change', function () {
        window.location.hash = picker.value;
        render(chosen(documents));
      });
    });
}());
