/* Search with Pagefind: a chunked index (only the fragments a query needs are downloaded), Dutch
   stemming from the page language, results in order of relevance (a page named after the query
   first) with their type as a label, ten at a time ("Meer resultaten"), accents folded, and one
   typo forgiven ("Bedoelde je ...?") from a list of the site's words. The catalogue's word filter
   asks the same search for its tools (window.zbSearch.tools). */
(function () {
  "use strict";

  var RESULTS = 10;  /* shown at once; "Meer resultaten" shows the next ten */
  var RERANK = 10;   /* Pagefind's best results re-ordered by how well their title matches */
  /* Pagefind ranks short pages above long ones by default (pageLength 0.75): a short page that
     mentions a word once outranks the long chapter about it. Page length is left out; Pagefind
     still weighs headings, titles (its metadata) and how often a word occurs. */
  var RANKING = { pageLength: 0 };
  var dialog, input, list, status, all, suggest, more, engine, words, toolPages, timer, sequence = 0;
  var current = null;  /* the results of the query shown: {query, ranked, loaded, shown} */

  function fold(text) {
    return (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function absolute(path) { return new URL(path, window.location.href).href; }

  function place() { return dialog || (dialog = document.getElementById("zb-search")); }

  /* The engine, ready to search: its worker, WebAssembly and index metadata loaded (an empty
     preload waits for them and fetches no index chunk). Started when the dialog opens, or
     earlier when a pointer or the keyboard reaches a search button, so the first query only
     waits for its own index chunk and results. */
  function loadEngine() {
    if (!engine) {
      var url = absolute(place().getAttribute("data-pagefind"));
      engine = import(url).then(function (pagefind) {
        var root = new URL("../", url).pathname;
        return pagefind.options({ baseUrl: root, excerptLength: 24, ranking: RANKING }).then(function () {
          return pagefind.init();
        }).then(function () {
          return pagefind.preload("");
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
      words = fetch(absolute(place().getAttribute("data-words")))
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

  /* Status line for a query; clears the list, the link to the catalogue and "Meer resultaten". */
  function begin(query, shown, note) {
    list.textContent = "";
    current = null;
    more.hidden = true;
    all.hidden = true;
    status.textContent = note + (shown ? shown + (shown === 1 ? " resultaat" : " resultaten") + " voor ‘" + query + "’." : "");
  }

  /* Done: the list holds all it will show for the query typed (scripts and tests wait for it). */
  function finish(typed) {
    list.setAttribute("data-query", typed);
    list.setAttribute("aria-busy", "false");
  }

  function render(query, shown, results, note) {
    begin(query, shown, note);
    results.forEach(function (data) { list.appendChild(hit(data)); });
  }

  /* "Toon alle N tools voor ‘q’": the tool pages the search finds for the query shown, counted
     as the catalogue counts them (the same search, see tools() below); no link without tools. */
  function countTools(pagefind, query) {
    return pagefind.search(fold(query), { filters: { type: "Tool" } }).then(function (found) {
      return found.results.length;
    }, function () { return 0; });
  }

  function offerCatalogue(query, count) {
    var link = all.querySelector("a");
    link.href = absolute(place().getAttribute("data-catalogue")) + "?q=" + encodeURIComponent(query);
    link.textContent = count === 1 ? "Toon de tool voor ‘" + query + "’ in de catalogus"
      : "Toon alle " + count + " tools voor ‘" + query + "’ in de catalogus";
    all.hidden = count === 0;
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

  /* What the dialog searches for a query: the query itself when every word is on the site, else
     its closest correction when that is near enough (one typo), else nothing. Resolves to
     {query, search, note, suggestion}: `query` is the query searched (null when none), `search`
     Pagefind's answer for it, `note` what the status says first, `suggestion` a correction that is
     only offered. Resolves to null when a newer query (debounced) replaced it. */
  function resolve(pagefind, query, debounce) {
    var first = debounce ? pagefind.debouncedSearch(fold(query), {}, 15) : pagefind.search(fold(query));
    return Promise.all([first, loadWords()]).then(function (found) {
      var search = found[0];
      if (!search) { return null; }
      if (search.results.length && !unknown(query, found[1]).length) {
        return { query: query, search: search, note: "", suggestion: null };
      }
      return correct(query).then(function (better) {
        var none = "Geen resultaten voor ‘" + query + "’. ";
        if (!better) { return { query: null, search: null, note: none + "Probeer een ander of korter woord.", suggestion: null }; }
        if (!close(query, better)) { return { query: null, search: null, note: none, suggestion: better }; }
        return pagefind.search(better).then(function (second) {
          var note = none + "Bedoelde je ‘" + better + "’? ";
          if (!second.results.length) { return { query: null, search: null, note: note, suggestion: null }; }
          return { query: better, search: second, note: note, suggestion: null };
        });
      });
    });
  }

  function run(query) {
    var mine = ++sequence;
    suggest.hidden = true;
    list.setAttribute("aria-busy", "true");
    if (!query) { begin("", 0, ""); status.textContent = ""; finish(""); return; }
    loadEngine().then(function (pagefind) {
      return resolve(pagefind, query, true).then(function (found) {
        if (!found || mine !== sequence) { return null; }
        if (!found.query) {
          render(query, 0, [], found.note);
          if (found.suggestion) {
            suggest.querySelector("button").textContent = "‘" + found.suggestion + "’";
            suggest.querySelector("button").setAttribute("data-query", found.suggestion);
            suggest.hidden = false;
          }
          finish(query);
          return null;
        }
        /* The tools are counted after the results show: the count loads Pagefind's type filter,
           which at 15,000 tools is most of the bytes of a first query. */
        return show(found.query, found.search, found.note).then(function () {
          return mine === sequence ? countTools(pagefind, found.query) : 0;
        }).then(function (count) {
          if (mine !== sequence) { return; }
          offerCatalogue(found.query, count);
          finish(query);
          if (!found.note) { offer(query); }
        });
      });
    }).catch(function () {
      if (mine !== sequence) { return; }
      render(query, 0, [], "Zoeken lukt nu niet. Probeer het opnieuw, of zoek in de catalogus van alle tools.");
      finish(query);
    });
  }

  /* The words of a text, folded, of three letters or more. */
  function terms(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(function (word) { return word.length >= 3; });
  }

  /* Two words are the same when they are equal or one begins the other and keeps at least 80 % of
     its letters (vrijwilliger, vrijwilligers), as for the site's words above. */
  function same(a, b) {
    if (a === b) { return true; }
    var shorter = a.length < b.length ? a : b, longer = shorter === a ? b : a;
    return longer.indexOf(shorter) === 0 && shorter.length >= 0.8 * longer.length;
  }

  /* How well a title names the query: 1 + the share of the query's words in the title, + 2 when
     the title holds nothing else (the page is named after the query). Pagefind's score is
     multiplied by it, so a page named after the query comes before pages that only mention it. */
  function titleBoost(queryWords, title) {
    if (!queryWords.length) { return 1; }
    var titleWords = terms(title);
    var matched = queryWords.filter(function (word) {
      return titleWords.some(function (other) { return same(word, other); });
    }).length;
    var named = matched === queryWords.length && titleWords.every(function (other) {
      return queryWords.some(function (word) { return same(word, other); });
    });
    return 1 + matched / queryWords.length + (named ? 2 : 0);
  }

  function load(entry) {
    if (!entry.data) {
      entry.data = entry.result.data().then(null, function () { return null; });
    }
    return entry.data;
  }

  /* Pagefind's best results (RERANK) re-ordered by their score times how well their title names
     the query; the others follow in Pagefind's order. The first ten are shown at once. */
  function show(query, search, note) {
    var mine = sequence;
    var ranked = search.results.map(function (result, index) { return { result: result, index: index }; });
    var head = ranked.slice(0, RERANK), queryWords = terms(query);
    return Promise.all(head.map(load)).then(function (loaded) {
      if (mine !== sequence) { return null; }
      head.forEach(function (entry, i) {
        var data = loaded[i];
        entry.rank = entry.result.score * (data ? titleBoost(queryWords, data.meta.title || "") : 0);
      });
      head.sort(function (a, b) { return b.rank - a.rank || a.index - b.index; });
      begin(query, search.results.length, note);
      current = { query: query, total: search.results.length, ranked: head.concat(ranked.slice(RERANK)), shown: 0 };
      return next(current);
    });
  }

  /* The next ten results of the query shown, appended to the list; resolves to the first new
     result's link. */
  function next(state) {
    var mine = sequence;
    var slice = state.ranked.slice(state.shown, state.shown + RESULTS);
    state.shown += slice.length;
    return Promise.all(slice.map(load)).then(function (loaded) {
      if (mine !== sequence || current !== state) { return null; }
      var first = null;
      loaded.forEach(function (data) {
        if (!data) { return; }
        var item = hit(data);
        list.appendChild(item);
        first = first || item.querySelector("a");
      });
      var left = state.ranked.length - state.shown;
      more.hidden = left <= 0;
      more.textContent = "Meer resultaten (nog " + left + ")";
      return first;
    });
  }

  /* "Meer resultaten": the next ten, announced, with the focus on the first new one. */
  function showMore() {
    var state = current;
    var mine = sequence;
    if (!state || state.loading) { return; }
    state.loading = true;
    list.setAttribute("aria-busy", "true");
    next(state).then(function (first) {
      state.loading = false;
      if (current !== state || mine !== sequence) { return; }  /* a newer query took over */
      list.setAttribute("aria-busy", "false");
      if (!first) { return; }
      status.textContent = state.shown + " van " + state.total + " resultaten voor ‘" + state.query + "’ getoond.";
      first.focus();
    });
  }

  /* The catalogue's word filter: the addresses of the tool pages the dialog finds for a query
     (its correction included, as the dialog searches it). Resolves to {query, urls}: `query` is
     the query searched (null when the dialog would show nothing), `urls` the site-relative
     addresses of the tool pages. Rejects when the search cannot load (the catalogue then falls
     back to its own text match). */
  function tools(query) {
    return loadEngine().then(function (pagefind) {
      return Promise.all([resolve(pagefind, query.trim(), false), loadToolPages()]).then(function (found) {
        var resolved = found[0], pages = found[1];
        if (!resolved || !resolved.query) { return { query: null, urls: [] }; }
        return pagefind.search(fold(resolved.query), { filters: { type: "Tool" } }).then(function (search) {
          return {
            query: resolved.query,
            urls: search.results.map(function (result) { return pages[result.id]; }).filter(Boolean),
          };
        });
      });
    });
  }

  function loadToolPages() {
    if (!toolPages) {
      toolPages = fetch(absolute(place().getAttribute("data-tools")))
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(function (data) { return data.pages || {}; });
    }
    return toolPages;
  }

  window.zbSearch = { tools: tools };

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
    more = document.getElementById("zb-search-more");
    more.addEventListener("click", showMore);
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
      if (list.getAttribute("aria-busy") === "true") { return; }  /* the list shown is an older query's */
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
