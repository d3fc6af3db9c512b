/* The RTCM side of the CMS at /admin/: the content files' own format, the
   preview in the site's stylesheet, and the interface language. Everything
   it needs from the build comes in data- attributes of its <script> tag
   (no inline script: /admin/ has a strict CSP too). */
(function () {
  "use strict";
  var script = document.currentScript;
  var settings = JSON.parse(script.dataset.settings);
  settings.defaultLocaleFile = new RegExp("\\." + settings.defaultLocale + "\\.md$");
  var CMS = window.CMS;

  // The content files' front matter (pelican-format.js); one format for
  // every collection, keys in each collection's own order.
  var format = window.RTCMPelicanFormat.makeFormat(settings.format);
  CMS.registerCustomFormat(settings.formatName, "md", format);

  // New entries are named from their English title as `make new` names
  // files (slug.js): the collections' slug template reads this key, which
  // the format never writes to a file.
  var slugify = window.RTCMSlug.makeSlugify(settings.transliteration, settings.slugRules);
  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var data = event.entry.get("data");
      if (!event.entry.get("newRecord")) return data;
      return data.set(settings.slugKey, slugify(data.get("Title") || ""));
    },
  });

  // A language with nothing written in it gets no file. Decap copies the
  // shared fields (date, category...) into every language and would write
  // an English-only post in Russian and Azerbaijani too, with no title,
  // which the check refuses; the site shows the English text there, with
  // its notice, instead. Decap has no setting for this, so each backend's
  // persistEntry (the interface of Decap's backends) leaves such files out.
  function isWritten(value) {
    if (value === undefined || value === null) return false;
    if (Array.isArray(value)) return value.length > 0;
    return String(value).trim() !== "";
  }

  function isEmptyTranslation(file, collection) {
    if (settings.defaultLocaleFile.test(file.path)) return false;
    var data = format.fromFile(file.raw || "");
    return !(settings.translated[collection] || []).some(function (name) {
      return isWritten(data[name]);
    });
  }

  settings.backends.forEach(function (name) {
    var registered = CMS.getBackend(name);
    if (!registered) return;
    var init = registered.init;
    registered.init = function () {
      var backend = init.apply(null, arguments);
      var persistEntry = backend.persistEntry.bind(backend);
      backend.persistEntry = function (entry, options) {
        var files = entry.dataFiles.filter(function (file) {
          return !isEmptyTranslation(file, options.collectionName);
        });
        return persistEntry(Object.assign({}, entry, { dataFiles: files }), options);
      };
      return backend;
    };
  });

  // The preview: the site's own stylesheet, and the title and text laid
  // out as on the site's pages, in the language being written.
  settings.previewStyles.forEach(function (href) { CMS.registerPreviewStyle(href); });
  var h = window.h;
  var Preview = window.createClass({
    render: function () {
      var title = this.props.entry.getIn(["data", "Title"]);
      return h("main", { className: "main" },
        h("article", { className: "entry" },
          h("header", { className: "entry__header" }, h("h1", null, title || "")),
          h("div", { className: "entry__body" }, this.props.widgetFor("body"))));
    },
  });
  settings.collections.forEach(function (name) {
    CMS.registerPreviewTemplate(name, Preview);
  });

  // Accessible names Decap leaves out, set whenever it draws the widgets:
  // its rich-text box gets its field's label ("Text"); the Rich Text /
  // Markdown switch gets a name and its state (on: Markdown).
  function nameWidgets() {
    document.querySelectorAll("[aria-label='markdown field']").forEach(function (field) {
      var label = field.querySelector("label");
      var box = field.querySelector("[data-slate-editor]");
      if (box && !box.getAttribute("aria-label")) {
        box.setAttribute("aria-label", label ? label.textContent : "Text");
      }
      var toggle = field.querySelector("[role='switch']");
      if (toggle) {
        var checked = String(!box);
        if (toggle.getAttribute("aria-label") !== "Markdown") toggle.setAttribute("aria-label", "Markdown");
        if (toggle.getAttribute("aria-checked") !== checked) toggle.setAttribute("aria-checked", checked);
      }
    });
  }
  new MutationObserver(nameWidgets).observe(document.body, { childList: true, subtree: true });

  // The interface language: ?ui=ru or the browser's first language that the
  // CMS speaks, remembered for the next visit.
  var asked = new URLSearchParams(window.location.search).get("ui");
  var stored = window.localStorage.getItem("rtcm.cms-ui");
  var browser = (navigator.languages || [navigator.language || "en"])
    .map(function (tag) { return tag.slice(0, 2).toLowerCase(); });
  var choices = [asked, stored].concat(browser);
  var locale = choices.filter(function (code) {
    return code && settings.uiLocales.indexOf(code) >= 0;
  })[0] || settings.uiLocales[0];
  if (asked && settings.uiLocales.indexOf(asked) >= 0) {
    window.localStorage.setItem("rtcm.cms-ui", asked);
  }
  document.documentElement.lang = locale;

  // The configuration is JSON (made from the content model at build time),
  // read here rather than by Decap, which needs a YAML content type that
  // not every server gives a .yml file.
  fetch(settings.config, { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) throw new Error(settings.config + ": HTTP " + response.status);
      return response.json();
    })
    .then(function (config) {
      config.locale = locale;
      config.load_config_file = false;
      CMS.init({ config: config });
    })
    .catch(function (error) {
      document.body.textContent = "The editor's configuration could not be loaded: " + error.message;
    });
})();
