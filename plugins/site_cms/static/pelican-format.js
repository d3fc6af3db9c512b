/* The front-matter format of hand-written content files, for Decap CMS.

   A content file is `Key: value` lines (Python-Markdown's meta extension, as
   Pelican reads it), one blank line, then the Markdown text. Decap's own
   formats write YAML between `---` fences, which Pelican reads differently
   (quotes, lists), so the CMS reads and writes through this format instead
   and saves exactly what an editor writes by hand:

   - keys in the order of the content model, spelled as the model spells them;
   - a value that runs over several lines continues on lines indented by four
     spaces;
   - list fields (tags, countries, authors...) separated by ", ", or by "; "
     when an item itself contains a comma (Pelican then splits on ";");
   - `true`/`false` for yes/no fields;
   - empty fields left out, but for those where empty means something (an
     empty `URL:` is the language's front page): `Key:` with nothing after;
   - never `model.slugKey`, the file name rtcm-cms.js computes for Decap.

   Loading and saving a file in that form gives back the same bytes
   (tests/test_cms.py runs this on every file in content/). The same code
   runs in the CMS and, under Node, in the tests. */
(function (root) {
  "use strict";

  var KEY_RE = /^[ ]{0,3}([A-Za-z0-9_-]+):\s*(.*)$/;
  var MORE_RE = /^[ ]{4,}(.*)$/;
  var BEGIN_RE = /^-{3}(\s.*)?$/;
  var END_RE = /^(-{3}|\.{3})(\s.*)?$/;

  // As Python's str.expandtabs(4), which Markdown applies before reading
  // the front matter: a tab moves to the next multiple of four columns.
  function expandTabs(line) {
    var out = "";
    for (var i = 0; i < line.length; i++) {
      if (line[i] === "\t") out += " ".repeat(4 - (out.length % 4));
      else out += line[i];
    }
    return out;
  }

  function splitList(text) {
    var separator = text.indexOf(";") >= 0 ? ";" : ",";
    return text.split(separator).map(function (item) { return item.trim(); })
      .filter(function (item) { return item !== ""; });
  }

  function joinList(items) {
    var clean = items.map(function (item) { return String(item).trim(); })
      .filter(function (item) { return item !== ""; });
    var comma = clean.some(function (item) { return item.indexOf(",") >= 0; });
    return clean.join(comma ? "; " : ", ");
  }

  // model: {keys: ["Title", ...] in the model's order, and the keys that
  // are lists, yes/no values, or kept when empty: lists, bools, empties}
  function makeFormat(model) {
    var canonical = {};
    model.keys.forEach(function (name) { canonical[name.toLowerCase()] = name; });
    var isList = {};
    model.lists.forEach(function (name) { isList[name] = true; });
    var isBool = {};
    model.bools.forEach(function (name) { isBool[name] = true; });
    var keepEmpty = {};
    model.empties.forEach(function (name) { keepEmpty[name] = true; });

    function fromFile(content) {
      // A byte-order mark (a file saved by Notepad) would hide the first key.
      var lines = content.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").split("\n");
      var data = {};
      var index = lines.length && BEGIN_RE.test(lines[0]) ? 1 : 0;
      var last = null;
      var values = {};
      var order = [];
      for (; index < lines.length; index++) {
        var line = expandTabs(lines[index]);
        if (line.trim() === "" || END_RE.test(line)) { index++; break; }
        var key = KEY_RE.exec(line);
        if (key) {
          last = canonical[key[1].toLowerCase()] || key[1];
          if (!(last in values)) order.push(last);
          values[last] = [key[2].trim()];
          continue;
        }
        var more = MORE_RE.exec(line);
        if (more && last !== null) { values[last].push(more[1].trim()); continue; }
        break;  // not front matter: the text starts here
      }
      order.forEach(function (name) {
        var text = values[name].join("\n");
        if (isList[name]) data[name] = splitList(values[name].join(" "));
        else if (isBool[name] && (text === "true" || text === "false")) data[name] = text === "true";
        else data[name] = text;
      });
      data.body = lines.slice(index).join("\n");
      return data;
    }

    function valueText(name, value) {
      if (value === null || value === undefined) return "";
      if (Array.isArray(value)) return joinList(value);
      if (typeof value === "boolean") return value ? "true" : "false";
      if (value instanceof Date) return value.toISOString();
      return String(value).replace(/\r\n?/g, "\n").split("\n")
        .map(function (part) { return part.trim(); })
        .filter(function (part) { return part !== ""; }).join("\n    ");
    }

    // `order`: the collection's field names, which Decap passes (the model's
    // order for that kind); without it, the order of `model.keys`.
    function toFile(data, order) {
      var names = (order || model.keys).filter(function (name) {
        return name !== "body" && name in data;
      });
      Object.keys(data).forEach(function (name) {
        if (name !== "body" && name !== model.slugKey && names.indexOf(name) < 0) {
          names.push(name);
        }
      });
      var lines = [];
      names.forEach(function (name) {
        var value = data[name];
        var text = valueText(name, value);
        if (text !== "") lines.push(name + ": " + text);
        else if (keepEmpty[name] && value !== null && value !== undefined) lines.push(name + ":");
      });
      var body = data.body === undefined || data.body === null ? "" : String(data.body);
      body = body.replace(/\r\n?/g, "\n").replace(/^\n+/, "");
      if (body !== "" && body.slice(-1) !== "\n") body += "\n";
      return lines.join("\n") + "\n\n" + body;
    }

    return { fromFile: fromFile, toFile: toFile };
  }

  var api = { makeFormat: makeFormat, splitList: splitList, joinList: joinList };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.RTCMPelicanFormat = api;
})(this);
