/* Search with Pagefind: a chunked index (only the fragments a query needs are downloaded), Dutch
   stemming from the page language, typed results (Fiche, Tool, Organisatie) with fiches first,
   accents folded, and one typo forgiven ("Bedoelde je ...?") from a list of the site's words. */
(function () {
  "use strict";

  var RESULTS = 10;
  var ORDER = { "Fiche": 0, "Deel 1": 1, "Leeswijzer": 1, "Tool": 2, "Organisatie": 3 };
  var dialog, input, list, status, all, suggest, engine, words, types, timer, sequence = 0;

  function fold(text) {
    return (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function absolute(path) { return new URL(path, window.location.href).href; }

  /* The engine, ready to search: its worker, WebAssembly and index metadata loaded (an empty
     preload waits for them and fetches no index chunk). Started when the dialog opens, or
     earlier when a pointer or the keyboard reaches a search button, so the first query only
     waits for its own index chunk and results. */
  function loadEngine() {
    if (!engine) {
      var url = absolute(dialog.getAttribute("data-pagefind"));
      engine = import(url).then(function (pagefind) {
        var root = new URL("../", url).pathname;
        return pagefind.options({ baseUrl: root, excerptLength: 24 }).then(function () {
          return pagefind.init();
        }).then(function () {
          return Promise.all([pagefind.preload(""), loadTypes()]);
        }).then(function () {
          dialog.setAttribute("data-engine", "ready");  /* for scripts that wait for it */
          return pagefind;
        });
      });
    }
    return engine;
  }

  function loadWords() {
    if (!words) {
      words = fetch(absolute(dialog.getAttribute("data-words")))
        .then(function (response) { return response.json(); })
        .catch(function () { return { words: [] }; });
    }
    return words;
  }

  /* Damerau-Levenshtein distance, stopping early above `limit`. */
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) { return limit + 1; }
    var d = [];
    for (var i = 0; i <= a.length; i++) { d.push([i]); }
    for (var j = 1; j <= b.length; j++) { d[0][j] = j; }
    for (i = 1; i <= a.length; i++) {
      var best = limit + 1;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) { v = Math.min(v, d[i - 2][j - 2] + 1); }
        d[i][j] = v;
        if (v < best) { best = v; }
      }
      if (best > limit) { return limit + 1; }
    }
    return d[a.length][b.length];
  }

  /* The closest known word for each unknown word of the query; with `strict`, an inflection of
     the same word (boek/boeken) is no correction. */
  function correct(query, strict) {
    return loadWords().then(function (data) {
      var changed = false;
      var fixed = fold(query).split(/\s+/).filter(Boolean).map(function (word) {
        if (word.length < 4 || data.words.indexOf(word) !== -1) { return word; }
        var limit = word.length >= 8 ? 2 : 1;
        var best = null, bestDistance = limit + 1;
        data.words.forEach(function (candidate) {  /* most frequent first: the first best wins */
          if (bestDistance === 1 && best) { return; }
          if (strict && (candidate.indexOf(word) === 0 || word.indexOf(candidate) === 0)) { return; }
          var dist = distance(word, candidate, limit);
          if (dist < bestDistance) { best = candidate; bestDistance = dist; }
        });
        if (best) { changed = true; return best; }
        return word;
      });
      return changed ? fixed.join(" ") : null;
    });
  }

  function hit(data) {
    var item = document.createElement("li");
    item.className = "zb-search-hit";
    var type = document.createElement("span");
    type.className = "zb-search-type";
    type.textContent = data.meta.type || "Pagina";
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    var excerpt = document.createElement("p");
    excerpt.className = "zb-search-excerpt";
    /* Pagefind's excerpt is the page's own escaped text with <mark> around the hits. */
    excerpt.innerHTML = data.excerpt;
    item.appendChild(type);
    item.appendChild(link);
    item.appendChild(excerpt);
    return item;
  }

  /* Status line and "Toon alle tools" link for a query; clears the list. */
  function begin(query, shown, note) {
    list.textContent = "";
    status.textContent = note + (shown ? shown + (shown === 1 ? " resultaat" : " resultaten") + " voor ‘" + query + "’." : "");
    var link = all.querySelector("a");
    link.href = absolute(dialog.getAttribute("data-catalogue")) + "?q=" + encodeURIComponent(query);
    link.textContent = "Toon alle tools voor ‘" + query + "’";
    all.hidden = !query;
  }

  function render(query, shown, results, note) {
    begin(query, shown, note);
    results.forEach(function (data) { list.appendChild(hit(data)); });
  }

  /* Results shown, but a word of the query is not in the site's words: offer the closest one. */
  function offer(query) {
    var mine = sequence;
    correct(query, true).then(function (better) {
      if (mine !== sequence || !better) { return; }
      suggest.querySelector("button").textContent = "‘" + better + "’";
      suggest.querySelector("button").setAttribute("data-query", better);
      suggest.hidden = false;
    });
  }

  /* The words of a query that occur nowhere on the site. Pagefind matches a word it does not know
     on a short prefix of it ('dementie' finds 'de', 'huisarts' finds 'huis'), so such a word
     gets no results. A word is known when it is in the site's words, when a site word is its
     stem of at least 80 % of its length (buurtwerkers: buurtwerker), or, for the last word, which
     may still be being typed, when it begins a site word. Words under four letters are not in the
     list and are left to Pagefind; a full list (MAX_WORDS in site/search.py) may miss rare words,
     so then nothing is judged unknown. */
  function unknown(query, data) {
    if (data.words.length >= 20000) { return []; }
    var parts = fold(query).split(/[^\p{L}]+/u).filter(Boolean);
    return parts.filter(function (word, index) {
      if (word.length < 4 || data.words.indexOf(word) !== -1) { return false; }
      var last = index === parts.length - 1;
      return !data.words.some(function (known) {
        if (last && known.indexOf(word) === 0) { return true; }
        return word.indexOf(known) === 0 && known.length >= 0.8 * word.length;
      });
    });
  }

  /* A correction close enough to search at once: every changed word keeps at least 80 % of its
     letters (one typo in a long word); a farther one is only offered. */
  function close(query, better) {
    var from = fold(query).split(/\s+/).filter(Boolean), to = better.split(" ");
    return from.every(function (word, i) {
      return word === to[i] || distance(word, to[i], 2) <= 0.2 * word.length;
    });
  }

  function run(query) {
    var mine = ++sequence;
    suggest.hidden = true;
    if (!query) { list.textContent = ""; status.textContent = ""; all.hidden = true; return; }
    loadEngine().then(function (pagefind) {
      return Promise.all([pagefind.debouncedSearch(fold(query), {}, 15), loadWords()]).then(function (found) {
        var search = found[0];
        if (!search || mine !== sequence) { return null; }
        if (search.results.length && !unknown(query, found[1]).length) {
          return show(pagefind, query, search, "").then(function () { offer(query); });
        }
        return correct(query).then(function (better) {
          if (mine !== sequence) { return null; }
          if (!better) { render(query, 0, [], "Geen resultaten voor ‘" + query + "’. Probeer een ander of korter woord."); return null; }
          if (!close(query, better)) {
            render(query, 0, [], "Geen resultaten voor ‘" + query + "’. ");
            suggest.querySelector("button").textContent = "‘" + better + "’";
            suggest.querySelector("button").setAttribute("data-query", better);
            suggest.hidden = false;
            return null;
          }
          return pagefind.search(better).then(function (second) {
            if (mine !== sequence) { return null; }
            var note = "Geen resultaten voor ‘" + query + "’. Bedoelde je ‘" + better + "’? ";
            if (!second.results.length) { render(query, 0, [], note); return null; }
            return show(pagefind, better, second, note);
          });
        });
      });
    });
  }

  /* The page type of every result that is not a tool (fiches, chapters, organisations), by
     Pagefind id: written with the index, so results can be ordered before their texts load. */
  function loadTypes() {
    if (!types) {
      types = fetch(absolute(dialog.getAttribute("data-types")))
        .then(function (response) { return response.json(); })
        .then(function (data) { return data.types || {}; })
        .catch(function () { return {}; });
    }
    return types;
  }

  /* Fiches first, then chapters, tools and organisations, Pagefind's order within a type; each
     result is shown as soon as it and the ones above it have loaded. */
  function show(pagefind, query, search, note) {
    var mine = sequence;
    return loadTypes().then(function (known) {
      if (mine !== sequence) { return null; }
      var ranked = search.results.map(function (result, index) {
        var type = known[result.id] || "Tool";
        return { result: result, index: index, order: ORDER[type] === undefined ? 4 : ORDER[type] };
      });
      ranked.sort(function (a, b) { return a.order - b.order || a.index - b.index; });
      var top = ranked.slice(0, RESULTS);
      begin(query, search.results.length, note);
      var loaded = [], next = 0;
      return new Promise(function (resolve) {
        function settle(i, data) {
          loaded[i] = data || "skip";
          while (next < top.length && loaded[next]) {
            if (mine === sequence && loaded[next] !== "skip") { list.appendChild(hit(loaded[next])); }
            next++;
          }
          if (next === top.length) { resolve(); }
        }
        if (!top.length) { resolve(); }
        top.forEach(function (entry, i) {
          entry.result.data().then(function (data) { settle(i, data); }, function () { settle(i, null); });
        });
      });
    });
  }

  function open(event) {
    if (event) { event.preventDefault(); }
    if (typeof dialog.showModal !== "function") { window.location.href = absolute(dialog.getAttribute("data-catalogue")); return; }
    dialog.showModal();
    input.focus();
    loadEngine();
  }

  function start() {
    dialog = document.getElementById("zb-search");
    if (!dialog) { return; }
    input = document.getElementById("zb-search-q");
    list = document.getElementById("zb-search-results");
    status = document.getElementById("zb-search-status");
    all = document.getElementById("zb-search-all");
    suggest = document.getElementById("zb-search-suggest");
    suggest.querySelector("button").addEventListener("click", function (event) {
      input.value = event.currentTarget.getAttribute("data-query");
      input.focus();
      run(input.value);
    });
    document.querySelectorAll(".zb-search-open").forEach(function (button) {
      button.addEventListener("click", open);
      button.addEventListener("pointerenter", loadEngine);
      button.addEventListener("focus", loadEngine);
      button.addEventListener("keydown", function (event) { if (event.key === " ") { open(event); } });
    });
    document.getElementById("zb-search-close").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("click", function (event) { if (event.target === dialog) { dialog.close(); } });
    /* Enter (a phone keyboard's search key) keeps the dialog and its results: the form's
       method="dialog" would close it. With results shown, focus moves to the first result (the
       phone keyboard folds away so the list can be read; Enter again opens it); while results
       are still loading, Enter does nothing. */
    dialog.querySelector("form").addEventListener("submit", function (event) { event.preventDefault(); });
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.isComposing) { return; }
      event.preventDefault();
      var first = list.querySelector(".zb-search-hit a");
      if (first) { first.focus(); }
    });
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var query = input.value.trim();
      timer = window.setTimeout(function () { run(query); }, 0);
    });
    document.addEventListener("keydown", function (event) {
      var typing = /^(INPUT|TEXTAREA|SELECT)$/.test((event.target || {}).tagName || "");
      if (!typing && (event.key === "/" || event.key === "s") && !dialog.open) { open(event); }
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
