/* Facet filters for the "Alle tools" table. Data comes from records.json; the table itself is
   rendered on the server, so without JavaScript it simply shows every tool (a catalogue of more
   than 500 tools sends its first rows only; the script draws the others when they are shown). Filters combine
   (AND between facets, OR within a facet), show counts, and live in the URL. On a phone the
   facets sit in a panel behind a "Filters (n)" button; the results come first. The word filter
   asks the site search for the tool pages that match (window.zbSearch, in search.js), so it finds
   what the search dialog finds (stemming, plurals, one typo forgiven) and counts the same tools;
   when the search cannot load, it matches the words in name, description and owner instead. */
(function () {
  "use strict";

  var PAGE_SIZE = 60;      // rows shown at once; "Toon meer tools" shows the next page
  var SHORT_FACET = 6;     // options shown before "toon meer" in a long facet
  var LONG_FACET = 9;

  function start() {
    var ui = document.getElementById("zb-catalogue-ui");
    var table = document.getElementById("zb-catalogue");
    if (!ui || !table) { return; }
    fetch(ui.getAttribute("data-records"))
      .then(function (response) { return response.json(); })
      .then(function (data) { setup(ui, table, data); })
      .catch(function () { /* the full table stays visible */ });
  }

  function normalise(text) {
    return (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function plural(n) { return n + (n === 1 ? " tool" : " tools"); }

  function setup(ui, table, data) {
    var params = new URLSearchParams(window.location.search);
    var selected = {};
    var ignored = [];
    var labels = {};
    data.facets.forEach(function (facet) {
      labels[facet.key] = {};
      facet.options.forEach(function (option) { labels[facet.key][option.id] = option.label; });
      var raw = params.get(facet.key);
      selected[facet.key] = [];
      (raw ? raw.split(",") : []).forEach(function (value) {
        value = value.trim();
        if (!value) { return; }
        if (labels[facet.key][value] === undefined) { ignored.push(facet.label.toLowerCase() + " '" + value + "'"); }
        else if (selected[facet.key].indexOf(value) === -1) { selected[facet.key].push(value); }
      });
    });
    var query = (params.get("q") || "").trim();
    var found = null;     /* the ids of the tools the search finds for `query`; null: text match */
    var searching = 0;    /* the latest word search asked for; older answers are dropped */
    var searchedAs = "";  /* the correction the search used for `query` ("Bedoelde je"), if any */
    var limit = PAGE_SIZE;
    var rows = {};
    table.querySelectorAll("tr[data-id]").forEach(function (row) { rows[row.getAttribute("data-id")] = row; });
    data.tools.forEach(function (tool) {
      tool._text = normalise([tool.name, tool.description, tool.owner].join(" "));
    });

    var textInput = document.getElementById("zb-q");
    var openButton = document.getElementById("zb-open-filters");
    var activeCount = openButton.querySelector(".zb-active-count");
    var panel = document.getElementById("zb-filters");
    var panelTitle = document.getElementById("zb-panel-title");
    var closeButton = document.getElementById("zb-close-filters");
    var showButton = document.getElementById("zb-show");
    var facetsBox = document.getElementById("zb-facets");
    var chips = document.getElementById("zb-chips");
    var empty = document.getElementById("zb-empty");
    var more = document.getElementById("zb-more");
    var results = document.getElementById("zb-results");
    var notice = document.getElementById("zb-ignored");
    textInput.value = query;

    if (ignored.length) {
      notice.textContent = "Niet gevonden en genegeerd: " + ignored.join(", ") + ".";
      notice.hidden = false;
    }

    var countNodes = {};
    data.facets.forEach(function (facet) {
      var fieldset = el("fieldset", { "class": "zb-facet" });
      fieldset.appendChild(el("legend", {}, facet.label));
      countNodes[facet.key] = {};
      var extras = [];
      facet.options.forEach(function (option, index) {
        var id = "zb-f-" + facet.key + "-" + option.id;
        var label = el("label", { "for": id });
        var box = el("input", { type: "checkbox", id: id, value: option.id, "data-facet": facet.key });
        box.checked = selected[facet.key].indexOf(option.id) !== -1;
        var count = el("span", { "class": "zb-count" });
        label.appendChild(box);
        label.appendChild(el("span", { "class": "zb-option" }, option.label));
        label.appendChild(count);
        fieldset.appendChild(label);
        countNodes[facet.key][option.id] = { count: count, label: label, box: box };
        if (facet.options.length > LONG_FACET && index >= SHORT_FACET) { extras.push(label); }
      });
      if (extras.length) {
        var toggle = el("button", { type: "button", "class": "zb-toggle", "aria-expanded": "false" });
        var expanded = false;
        var render = function () {
          extras.forEach(function (label) {
            label.hidden = !expanded && !label.querySelector("input").checked;
          });
          toggle.textContent = expanded ? "toon minder" : "toon meer (" + extras.length + ")";
          toggle.setAttribute("aria-expanded", String(expanded));
        };
        toggle.addEventListener("click", function () { expanded = !expanded; render(); });
        render();
        fieldset.appendChild(toggle);
      }
      facetsBox.appendChild(fieldset);
    });
    ui.hidden = false;

    function matches(tool, skipFacet, needle) {
      if (needle && found && !found[tool.id]) { return false; }
      if (needle && !found && tool._text.indexOf(needle) === -1) { return false; }
      return data.facets.every(function (facet) {
        if (facet.key === skipFacet) { return true; }
        var wanted = selected[facet.key];
        if (!wanted.length) { return true; }
        return wanted.some(function (value) { return tool[facet.key].indexOf(value) !== -1; });
      });
    }

    function renderChips() {
      chips.textContent = "";
      var n = 0;
      data.facets.forEach(function (facet) {
        selected[facet.key].forEach(function (value) {
          n += 1;
          var item = el("li");
          var text = facet.label + ": " + labels[facet.key][value];
          var button = el("button", { type: "button", "class": "zb-chip", "aria-label": "Verwijder filter " + text });
          button.appendChild(el("span", {}, text));
          button.appendChild(el("span", { "class": "zb-chip-x", "aria-hidden": "true" }, " ×"));
          button.addEventListener("click", function () {
            var list = selected[facet.key];
            list.splice(list.indexOf(value), 1);
            countNodes[facet.key][value].box.checked = false;
            apply(true);
            (chips.querySelector("button") || textInput).focus();
          });
          item.appendChild(button);
          chips.appendChild(item);
        });
      });
      chips.hidden = n === 0;
      activeCount.textContent = String(n);
      return n;
    }

    /* A row the server did not send (large catalogues): drawn from records.json, text as text. */
    var base = new URL(ui.getAttribute("data-records"), window.location.href);
    var fiches = {};
    data.facets.forEach(function (facet) {
      if (facet.key !== "fiche") { return; }
      facet.options.forEach(function (option) { fiches[option.id] = option; });
    });
    function cell(label) { return el("td", { "data-label": label }); }
    function link(href, text) { return el("a", { href: new URL(href, base).href }, text); }
    function buildRow(tool) {
      var row = el("tr", { "class": "zb-tool-row", "data-id": tool.id, "data-reader-types": tool.lezer.join(" ") });
      var name = cell("Tool");
      name.appendChild(link(tool.url, tool.name));
      var description = cell("Omschrijving");
      description.textContent = tool.description;
      var owner = cell("Eigenaar");
      owner.appendChild(link(tool.owner_url, tool.owner));
      var pages = cell("Fiches");
      tool.fiche.forEach(function (id, index) {
        var fiche = fiches[id];
        if (!fiche) { return; }
        if (index) { pages.appendChild(document.createTextNode(", ")); }
        var a = link(fiche.url, fiche.short);
        a.setAttribute("title", fiche.label);
        a.setAttribute("aria-label", fiche.label);
        pages.appendChild(a);
      });
      [name, description, owner, pages].forEach(function (td) { row.appendChild(td); });
      return row;
    }
    var body = table.tBodies[0];
    var partial = document.getElementById("zb-partial");
    if (partial) { partial.hidden = true; }

    function apply(resetPage) {
      if (resetPage) { limit = PAGE_SIZE; }
      var needle = normalise(query);
      var shown = 0;
      var page = document.createDocumentFragment();
      data.tools.forEach(function (tool) {
        if (!matches(tool, null, needle)) { return; }
        shown += 1;
        if (shown <= limit) { page.appendChild(rows[tool.id] || (rows[tool.id] = buildRow(tool))); }
      });
      /* Only the current page of results is in the document: cheap at 15,000 tools. */
      body.replaceChildren(page);
      /* Counts per option, as if this facet were not set: one pass over the tools per facet. */
      data.facets.forEach(function (facet) {
        var counts = {};
        data.tools.forEach(function (tool) {
          if (!matches(tool, facet.key, needle)) { return; }
          tool[facet.key].forEach(function (value) { counts[value] = (counts[value] || 0) + 1; });
        });
        facet.options.forEach(function (option) {
          var n = counts[option.id] || 0;
          var node = countNodes[facet.key][option.id];
          node.count.textContent = "(" + n + ")";
          node.label.classList.toggle("zb-zero", n === 0);
        });
      });
      document.getElementById("zb-result-count").textContent = plural(shown) + " van " + data.tools.length +
        (query && searchedAs ? " (gezocht op ‘" + searchedAs + "’)" : "");
      showButton.textContent = shown ? "Toon " + plural(shown) : "Geen tools gevonden";
      empty.hidden = shown !== 0;
      table.hidden = shown === 0;
      more.hidden = shown <= limit;
      more.textContent = "Toon meer tools (nog " + (shown - limit) + ")";
      renderChips();
      var url = new URL(window.location.href);
      data.facets.forEach(function (facet) {
        if (selected[facet.key].length) { url.searchParams.set(facet.key, selected[facet.key].join(",")); }
        else { url.searchParams.delete(facet.key); }
      });
      if (query) { url.searchParams.set("q", query); } else { url.searchParams.delete("q"); }
      window.history.replaceState(null, "", url);
      ui.setAttribute("data-q", query);  /* shown for this word (scripts and tests wait for it) */
    }

    function openPanel() {
      ui.classList.add("zb-open");
      openButton.setAttribute("aria-expanded", "true");
      panelTitle.focus();
    }
    function closePanel(toResults) {
      if (!ui.classList.contains("zb-open")) { return; }
      ui.classList.remove("zb-open");
      openButton.setAttribute("aria-expanded", "false");
      if (toResults) { results.focus(); } else { openButton.focus(); }
    }

    panel.addEventListener("change", function (event) {
      var input = event.target;
      var facet = input.getAttribute("data-facet");
      if (!facet) { return; }
      var list = selected[facet];
      var at = list.indexOf(input.value);
      if (input.checked && at === -1) { list.push(input.value); }
      if (!input.checked && at !== -1) { list.splice(at, 1); }
      apply(true);
    });
    /* The word filter: the site search's tool pages for the query (as the search dialog finds
       them), then the table; without the search (not loaded, or no search on this site), the
       text match of `matches`. */
    var byUrl = {};
    data.tools.forEach(function (tool) { byUrl[tool.url] = tool.id; });
    function search(resetPage) {
      var mine = ++searching;
      var asked = query;
      searchedAs = "";
      if (!asked || !window.zbSearch) { found = null; apply(resetPage); return; }
      window.zbSearch.tools(asked).then(function (answer) {
        if (mine !== searching) { return; }
        searchedAs = answer.query && answer.query !== asked ? answer.query : "";
        found = {};
        answer.urls.forEach(function (url) { if (byUrl[url]) { found[byUrl[url]] = true; } });
        apply(resetPage);
      }, function () {
        if (mine !== searching) { return; }
        found = null;
        apply(resetPage);
      });
    }
    textInput.addEventListener("input", function () { query = textInput.value.trim(); search(true); });
    document.querySelectorAll(".zb-reset").forEach(function (button) {
      button.addEventListener("click", function () {
        Object.keys(selected).forEach(function (key) { selected[key] = []; });
        panel.querySelectorAll("input[type=checkbox]").forEach(function (input) { input.checked = false; });
        query = "";
        textInput.value = "";
        notice.hidden = true;
        searching += 1;  /* a word search still under way no longer applies */
        found = null;
        searchedAs = "";
        apply(true);
        if (!ui.classList.contains("zb-open")) { textInput.focus(); }
      });
    });
    openButton.addEventListener("click", openPanel);
    closeButton.addEventListener("click", function () { closePanel(false); });
    showButton.addEventListener("click", function () {
      if (ui.classList.contains("zb-open")) { closePanel(true); } else { results.focus(); }
    });
    ui.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { closePanel(false); }
    });
    /* "Download selectie (CSV)": the tools of the current selection, in the order shown, as
       CSV. The selection comes from records.json (the filters above); the rows are copied from
       the site's own data/tools.csv, header included, so a selection has exactly the columns,
       separator and encoding of the full file (UTF-8 with BOM, ";", CRLF). */
    var download = document.getElementById("zb-download");
    var downloadStatus = document.getElementById("zb-download-status");
    var fullCsv = null;
    function csvRecords(text) {
      if (text.charCodeAt(0) === 0xFEFF) { text = text.slice(1); }
      var records = [];
      var start = 0;
      var quoted = false;
      for (var i = 0; i < text.length; i += 1) {
        var c = text.charAt(i);
        if (c === "\"") { quoted = !quoted; }
        else if (!quoted && c === "\r" && text.charAt(i + 1) === "\n") {
          records.push(text.slice(start, i));
          start = i + 2;
          i += 1;
        }
      }
      if (start < text.length) { records.push(text.slice(start)); }
      return records;
    }
    function loadCsv() {
      if (fullCsv) { return Promise.resolve(fullCsv); }
      return fetch(download.getAttribute("data-csv"))
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.text();
        })
        .then(function (text) {
          var records = csvRecords(text);
          var byId = {};
          /* The first field is the tool's id: a slug, never quoted. */
          records.slice(1).forEach(function (record) { byId[record.split(";", 1)[0]] = record; });
          fullCsv = { header: records[0], byId: byId };
          return fullCsv;
        });
    }
    if (download) {
      download.addEventListener("click", function () {
        var needle = normalise(query);
        var chosen = data.tools.filter(function (tool) { return matches(tool, null, needle); });
        downloadStatus.textContent = "";
        loadCsv().then(function (csv) {
          var lines = [csv.header];
          chosen.forEach(function (tool) {
            if (csv.byId[tool.id] !== undefined) { lines.push(csv.byId[tool.id]); }
          });
          var blob = new Blob(["\uFEFF" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
          var href = URL.createObjectURL(blob);
          var anchor = el("a", { href: href, download: "tools-selectie.csv", hidden: "" });
          document.body.appendChild(anchor);
          anchor.click();
          anchor.remove();
          window.setTimeout(function () { URL.revokeObjectURL(href); }, 10000);
          downloadStatus.textContent = plural(lines.length - 1) + " gedownload als CSV.";
        }).catch(function () {
          downloadStatus.textContent = "De CSV kon niet geladen worden; probeer het opnieuw.";
        });
      });
    }
    more.addEventListener("click", function () {
      var first = limit;
      limit += PAGE_SIZE;
      apply(false);
      var next = body.rows[first];  /* the first new row gets the focus */
      if (next) { next.querySelector("a").focus(); }
    });
    search(false);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
