/* Facet filters for the "Alle tools" table. Data comes from records.json; the table itself is
   rendered on the server, so without JavaScript it simply shows every tool. Filters combine
   (AND between facets, OR within a facet), show counts, and live in the URL. */
(function () {
  "use strict";

  function start() {
    var box = document.getElementById("zb-filters");
    var table = document.getElementById("zb-catalogue");
    if (!box || !table) { return; }
    fetch(box.getAttribute("data-records"))
      .then(function (response) { return response.json(); })
      .then(function (data) { setup(box, table, data); })
      .catch(function () { /* the full table stays visible */ });
  }

  function normalise(text) {
    return (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function setup(box, table, data) {
    var params = new URLSearchParams(window.location.search);
    var selected = {};
    data.facets.forEach(function (facet) {
      var raw = params.get(facet.key);
      selected[facet.key] = raw ? raw.split(",").filter(Boolean) : [];
    });
    var query = params.get("q") || "";
    var rows = {};
    table.querySelectorAll("tr[data-id]").forEach(function (row) { rows[row.getAttribute("data-id")] = row; });
    data.tools.forEach(function (tool) {
      tool._text = normalise([tool.name, tool.description, tool.owner].join(" "));
    });

    var textWrap = document.createElement("div");
    textWrap.className = "zb-filter-text";
    var textLabel = document.createElement("label");
    textLabel.setAttribute("for", "zb-q");
    textLabel.textContent = "Zoek in naam, omschrijving en eigenaar";
    var textInput = document.createElement("input");
    textInput.type = "search";
    textInput.id = "zb-q";
    textInput.value = query;
    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "md-button";
    reset.textContent = "Wis alle filters";
    textWrap.appendChild(textLabel);
    textWrap.appendChild(textInput);
    textWrap.appendChild(reset);
    box.appendChild(textWrap);

    var countNodes = {};
    data.facets.forEach(function (facet) {
      var fieldset = document.createElement("fieldset");
      var legend = document.createElement("legend");
      legend.textContent = facet.label;
      fieldset.appendChild(legend);
      countNodes[facet.key] = {};
      facet.options.forEach(function (option) {
        var id = "zb-f-" + facet.key + "-" + option.id;
        var label = document.createElement("label");
        label.setAttribute("for", id);
        var box_ = document.createElement("input");
        box_.type = "checkbox";
        box_.id = id;
        box_.value = option.id;
        box_.setAttribute("data-facet", facet.key);
        box_.checked = selected[facet.key].indexOf(option.id) !== -1;
        var text = document.createElement("span");
        text.textContent = option.label;
        var count = document.createElement("span");
        count.className = "zb-count";
        label.appendChild(box_);
        label.appendChild(text);
        label.appendChild(count);
        fieldset.appendChild(label);
        countNodes[facet.key][option.id] = { count: count, label: label };
      });
      box.appendChild(fieldset);
    });
    box.hidden = false;

    function matches(tool, skipFacet) {
      if (query && tool._text.indexOf(normalise(query)) === -1) { return false; }
      return data.facets.every(function (facet) {
        if (facet.key === skipFacet) { return true; }
        var wanted = selected[facet.key];
        if (!wanted.length) { return true; }
        return wanted.some(function (value) { return tool[facet.key].indexOf(value) !== -1; });
      });
    }

    function apply() {
      var shown = 0;
      data.tools.forEach(function (tool) {
        var visible = matches(tool, null);
        if (rows[tool.id]) { rows[tool.id].hidden = !visible; }
        if (visible) { shown += 1; }
      });
      data.facets.forEach(function (facet) {
        var pool = data.tools.filter(function (tool) { return matches(tool, facet.key); });
        facet.options.forEach(function (option) {
          var n = pool.filter(function (tool) { return tool[facet.key].indexOf(option.id) !== -1; }).length;
          var node = countNodes[facet.key][option.id];
          node.count.textContent = "(" + n + ")";
          node.label.classList.toggle("zb-zero", n === 0);
        });
      });
      document.getElementById("zb-result-count").textContent =
        shown + (shown === 1 ? " tool" : " tools") + " van " + data.tools.length;
      var url = new URL(window.location.href);
      data.facets.forEach(function (facet) {
        if (selected[facet.key].length) { url.searchParams.set(facet.key, selected[facet.key].join(",")); }
        else { url.searchParams.delete(facet.key); }
      });
      if (query) { url.searchParams.set("q", query); } else { url.searchParams.delete("q"); }
      window.history.replaceState(null, "", url);
    }

    box.addEventListener("change", function (event) {
      var input = event.target;
      var facet = input.getAttribute("data-facet");
      if (!facet) { return; }
      var list = selected[facet];
      var at = list.indexOf(input.value);
      if (input.checked && at === -1) { list.push(input.value); }
      if (!input.checked && at !== -1) { list.splice(at, 1); }
      apply();
    });
    textInput.addEventListener("input", function () { query = textInput.value.trim(); apply(); });
    reset.addEventListener("click", function () {
      Object.keys(selected).forEach(function (key) { selected[key] = []; });
      box.querySelectorAll("input[type=checkbox]").forEach(function (input) { input.checked = false; });
      query = "";
      textInput.value = "";
      apply();
    });
    apply();
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
