// Sends a visitor who followed an old Moodle address (/blog/index.php?entryid=N,
// /mod/page/view.php?id=N or ?p=N, an old page path; each with an optional
// ?lang=xx) on to the new page. The page lists the links itself (see
// theme/templates/moodle_redirect.html); this only picks one and follows it.
(function () {
  "use strict";
  var main = document.querySelector("[data-moodle-redirect]");
  if (!main || !window.URLSearchParams) {
    return;
  }
  var query = new URLSearchParams(window.location.search);
  var rules = (main.getAttribute("data-params") || "").split(" ").filter(Boolean);
  var link = null;
  var asked = false;
  if (rules.length === 0) {
    link = main.querySelector("a[data-path]");
  }
  for (var i = 0; i < rules.length && !link; i++) {
    // "entryid:id": the query parameter entryid matches data-moodle-id.
    var rule = rules[i].split(":");
    var value = query.get(rule[0]);
    if (value !== null) {
      asked = true;
      if (/^\d+$/.test(value)) {
        link = main.querySelector("a[data-moodle-" + rule[1] + '="' + value + '"]');
      }
    }
  }
  if (!link) {
    if (asked) {
      main.querySelector("[data-moodle-unknown]").hidden = false;
    }
    return;
  }
  var langs = (main.getAttribute("data-langs") || "").split(" ");
  var lang = (query.get("lang") || "").toLowerCase().split(/[-_]/)[0];
  var target = link.href;
  if (lang && langs.indexOf(lang) !== -1) {
    target = main.getAttribute("data-root") + "/" + lang + "/" + link.getAttribute("data-path");
  }
  window.location.replace(target);
})();
