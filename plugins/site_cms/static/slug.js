/* File names for new entries, made from the English title exactly as
   `make new` makes them (site_content.fields.ascii_slug: Pelican's slugify
   with the site's SLUG_REGEX_SUBSTITUTIONS, '_' as '-').

   Decap's own slugs drop letters it cannot fold to ASCII ("Gəncə" would be
   "g-nc"), so rtcm-cms.js computes the slug here before saving. The
   transliteration table is Unidecode's, written by the build for the
   characters titles are made of (Latin, Azerbaijani, Cyrillic,
   punctuation); tests/test_cms.py compares the two on many titles. */
(function (root) {
  "use strict";

  function pythonRegex(source) {
    // The site's rules use Python's \A, \Z and an inline (?u) flag.
    return source.replace(/\(\?u\)/g, "").replace(/\\A/g, "^").replace(/\\Z/g, "$");
  }

  function makeSlugify(table, rules) {
    var compiled = rules.map(function (rule) {
      return [new RegExp(pythonRegex(rule[0]), "gi"), rule[1]];
    });
    return function (text) {
      var value = String(text).replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim()
        .normalize("NFKC");
      var ascii = "";
      for (var i = 0; i < value.length; i++) {
        var code = value.charCodeAt(i);
        if (code < 128) ascii += value[i];
        else if (Object.prototype.hasOwnProperty.call(table, value[i])) ascii += table[value[i]];
      }
      compiled.forEach(function (rule) { ascii = ascii.replace(rule[0], rule[1]); });
      var slug = ascii.toLowerCase().trim();
      return slug.replace(/_/g, "-").replace(/-+/g, "-").replace(/^-+|-+$/g, "");
    };
  }

  var api = { makeSlugify: makeSlugify };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.RTCMSlug = api;
})(this);
