// Highlights the language the browser prefers on the root chooser page.
// It only marks a choice: the reader still decides, nothing redirects.
(function () {
  "use strict";
  var choices = document.querySelectorAll("[data-lang-choice]");
  var preferred = navigator.languages || [navigator.language || ""];
  for (var i = 0; i < preferred.length; i++) {
    var code = String(preferred[i]).toLowerCase().split("-")[0];
    for (var j = 0; j < choices.length; j++) {
      if (choices[j].getAttribute("data-lang-choice") === code) {
        choices[j].classList.add("chooser__item--suggested");
        var hint = choices[j].querySelector(".chooser__hint");
        if (hint) {
          hint.hidden = false;
        }
        return;
      }
    }
  }
})();
