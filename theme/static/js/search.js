// The search page: queries Pagefind's index for this page's language
// (Pagefind picks the index from <html lang>) and lists the results.
// All text comes from data attributes rendered from the gettext catalogs.
const form = document.querySelector("[data-search-form]");
const statusLine = document.querySelector("[data-search-status]");
const list = document.querySelector("[data-search-results]");
const noScript = document.querySelector("[data-search-nojs]");

function text(name, count) {
  return form.dataset[name].replace("{count}", String(count));
}

function resultItem(data) {
  const item = document.createElement("li");
  item.className = "search-result";
  const heading = document.createElement("h2");
  heading.className = "search-result__title";
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = (data.meta && data.meta.title) || data.url;
  heading.append(link);
  item.append(heading);
  if (data.meta && data.meta.date) {
    const date = document.createElement("p");
    date.className = "search-result__date";
    date.textContent = data.meta.date;
    item.append(date);
  }
  const excerpt = document.createElement("p");
  excerpt.className = "search-result__excerpt";
  // Pagefind escapes the page text and only adds <mark> around matches.
  excerpt.innerHTML = data.excerpt;
  item.append(excerpt);
  return item;
}

async function run(pagefind) {
  const params = new URLSearchParams(window.location.search);
  const query = (params.get("q") || "").trim();
  const filters = {};
  for (const name of ["type", "year"]) {
    const value = params.get(name) || "";
    form.elements[name].value = value;
    if (value) {
      filters[name] = value;
    }
  }
  form.elements.q.value = query;
  if (!query) {
    return;
  }
  statusLine.textContent = text("textSearching", 0);
  const search = await pagefind.search(query, { filters });
  const results = await Promise.all(search.results.slice(0, 30).map((r) => r.data()));
  list.replaceChildren(...results.map(resultItem));
  statusLine.textContent = results.length
    ? text("textCount", search.results.length)
    : text("textNone", 0);
}

if (form) {
  noScript.hidden = true;
  import(form.dataset.pagefind)
    .then(async (pagefind) => {
      await pagefind.options({ baseUrl: form.dataset.baseUrl });
      await run(pagefind);
    })
    .catch(() => {
      statusLine.textContent = text("textError", 0);
    });
}
