// Enlarges the photos of a gallery in a modal <dialog> (partials/lightbox.html).
// Without this script each photo's link opens the large file itself. The
// dialog is native: Escape closes it, focus stays inside it while open and
// returns to the photo's link afterwards.
(function () {
  "use strict";
  var dialog = document.querySelector("[data-lightbox]");
  if (!dialog || typeof dialog.showModal !== "function") {
    return;
  }
  var caption = dialog.querySelector("[data-lightbox-caption]");
  var image = document.createElement("img");
  image.className = "lightbox__image";
  caption.parentNode.insertBefore(image, caption);
  var position = dialog.querySelector("[data-lightbox-position]");
  var previous = dialog.querySelector("[data-lightbox-previous]");
  var next = dialog.querySelector("[data-lightbox-next]");
  var links = [];
  var current = 0;
  var opener = null;

  function show(index) {
    var link = links[index];
    var thumbnail = link.querySelector("img");
    current = index;
    image.src = link.href;
    image.width = Number(link.getAttribute("data-width"));
    image.height = Number(link.getAttribute("data-height"));
    image.alt = thumbnail ? thumbnail.alt : "";
    caption.textContent = image.alt;
    position.textContent = position.getAttribute("data-template")
      .replace("{number}", String(index + 1))
      .replace("{total}", String(links.length));
    previous.disabled = index === 0;
    next.disabled = index === links.length - 1;
  }

  function step(by) {
    var target = current + by;
    if (target >= 0 && target < links.length) {
      show(target);
    }
  }

  document.querySelectorAll("[data-gallery] .gallery__link").forEach(function (link) {
    var index = links.push(link) - 1;
    link.addEventListener("click", function (event) {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) {
        return; // a new tab or window, as the reader asked
      }
      event.preventDefault();
      opener = link;
      show(index);
      dialog.showModal();
    });
  });
  previous.addEventListener("click", function () { step(-1); });
  next.addEventListener("click", function () { step(1); });
  dialog.querySelector("[data-lightbox-close]").addEventListener("click", function () {
    dialog.close();
  });
  dialog.addEventListener("keydown", function (event) {
    if (event.key === "ArrowLeft") {
      step(-1);
    } else if (event.key === "ArrowRight") {
      step(1);
    }
  });
  dialog.addEventListener("close", function () {
    image.removeAttribute("src");
    if (opener) {
      opener.focus();
    }
  });
})();
