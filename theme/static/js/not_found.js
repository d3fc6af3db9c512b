// /404.html speaks every language; when the address names a language
// folder (/ru/...), show only that language's message.
(function () {
  "use strict";
  var lang = window.location.pathname.split("/")[1];
  var sections = document.querySelectorAll("[data-not-found-lang]");
  var known = false;
  for (var i = 0; i < sections.length; i++) {
    if (sections[i].getAttribute("data-not-found-lang") === lang) {
      known = true;
    }
  }
  if (!known) {
    return;
  }
  document.documentElement.lang = lang;
  for (var j = 0; j < sections.length; j++) {
    sections[j].hidden = sections[j].getAttribute("data-not-found-lang") !== lang;
  }
})();
