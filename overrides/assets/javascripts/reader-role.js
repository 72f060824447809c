/* Remembers the reader's role and experience (URL ?rol=&ervaring= and localStorage) and uses it:
   on the reading guide it shows the chosen route, lights up its line on the route map and brings
   the route into view; on a fiche it shows "Stap n van m" near the top and marks the tools that
   single themselves out for the role. Values the page does not know are reported and never stored.
   Without JavaScript every route stays visible and nothing is marked. */
(function () {
  "use strict";
  var KEY = "zb-lezer";
  var NAMES = { rol: "rol", ervaring: "ervaring" };

  function known() {
    // The known roles and levels travel with the page (route map, fiche steps, form).
    var holder = document.querySelector("[data-zb-roles]");
    if (!holder) { return null; }
    function list(name) { return (holder.getAttribute(name) || "").split(" ").filter(Boolean); }
    return { rol: list("data-zb-roles"), ervaring: list("data-zb-levels") };
  }

  function stored() {
    try { return JSON.parse(window.localStorage.getItem(KEY) || "{}") || {}; } catch (e) { return {}; }
  }

  function saveChoice(choice) {
    try { window.localStorage.setItem(KEY, JSON.stringify(choice)); } catch (e) { /* private mode */ }
  }

  function readChoice() {
    var params = new URLSearchParams(window.location.search);
    var valid = known();
    var saved = stored();
    var choice = { rol: saved.rol || "", ervaring: saved.ervaring || "" };
    var rejected = [];
    var fromUrl = false;
    Object.keys(NAMES).forEach(function (name) {
      if (valid && choice[name] && valid[name].indexOf(choice[name]) === -1) { choice[name] = ""; }
      var value = params.get(name);
      if (!value) { return; }
      if (valid && valid[name].indexOf(value) !== -1) {
        choice[name] = value;
        fromUrl = true;
      } else {
        rejected.push({ name: name, value: value });
      }
    });
    if (fromUrl) { saveChoice(choice); }
    return { choice: choice, rejected: rejected };
  }

  function showMessage(rejected) {
    if (!rejected.length) { return; }
    var box = document.getElementById("zb-role-message");
    if (!box) {
      box = document.createElement("p");
      box.id = "zb-role-message";
      box.className = "zb-role-message";
      box.setAttribute("role", "status");
      var heading = document.querySelector(".md-content h1");
      if (heading && heading.parentNode) { heading.parentNode.insertBefore(box, heading.nextSibling); }
      else { document.body.insertBefore(box, document.body.firstChild); }
    }
    box.textContent = rejected.map(function (item) {
      var what = item.name === "rol" ? "De rol" : "De ervaring";
      return what + " \u2018" + item.value + "\u2019 uit het adres bestaat niet; we hebben die keuze genegeerd en niet bewaard.";
    }).join(" ") + (document.getElementById("zb-role-form")
      ? " Kies hieronder je rol en ervaring."
      : " Kies je rol en ervaring in de leeswijzer.");
    box.hidden = false;
  }

  function routeKey(choice) {
    // Without a chosen level, the first level of the reading guide.
    var valid = known();
    var first = valid && valid.ervaring.length ? valid.ervaring[0] : "";
    return choice.rol ? choice.rol + "/" + (choice.ervaring || first) : "";
  }

  function highlightMaps(key) {
    document.querySelectorAll("svg.zb-route-map").forEach(function (svg) {
      var any = false;
      svg.querySelectorAll(".zb-line").forEach(function (line) {
        var match = key !== "" && line.getAttribute("data-route") === key;
        line.classList.toggle("zb-line-active", match);
        any = any || match;
      });
      svg.classList.toggle("zb-map-chosen", any);
    });
  }

  function setupGuide(choice) {
    var form = document.getElementById("zb-role-form");
    if (!form) { return; }
    var rol = document.getElementById("zb-rol");
    var ervaring = document.getElementById("zb-ervaring");
    if (choice.rol) { rol.value = choice.rol; }
    if (choice.ervaring) { ervaring.value = choice.ervaring; }
    function show() {
      var key = rol.value + "/" + ervaring.value;
      var chosen = null;
      document.querySelectorAll(".zb-route").forEach(function (section) {
        var match = section.getAttribute("data-route") === key;
        section.hidden = !match;
        section.classList.toggle("zb-chosen", match);
        if (match) { chosen = section; }
      });
      highlightMaps(key);
      return chosen;
    }
    function update() {
      var next = { rol: rol.value, ervaring: ervaring.value };
      saveChoice(next);
      var url = new URL(window.location.href);
      url.searchParams.set("rol", next.rol);
      url.searchParams.set("ervaring", next.ervaring);
      window.history.replaceState(null, "", url);
      var message = document.getElementById("zb-role-message");
      if (message) { message.hidden = true; }
      return show();
    }
    rol.addEventListener("change", update);
    ervaring.addEventListener("change", update);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var section = update();
      if (!section) { return; }
      // Bring the chosen route into view and move the focus to it (its heading), so a screen
      // reader and a keyboard user continue where the route starts.
      section.scrollIntoView({ block: "start" });
      var heading = section.querySelector("h3");
      if (heading) { heading.focus({ preventScroll: true }); }
    });
    if (choice.rol || choice.ervaring) { show(); }
  }

  function markPage(choice) {
    var key = routeKey(choice);
    highlightMaps(key);
    if (!choice.rol) { return; }
    document.querySelectorAll(".zb-step").forEach(function (p) {
      p.hidden = p.getAttribute("data-route") !== key;
    });
    var meta = document.querySelector(".zb-meta");
    if (meta) {
      var types = (meta.getAttribute("data-reader-types") || "").split(" ");
      var relevant = types.indexOf(choice.rol) !== -1 || types.indexOf(choice.ervaring) !== -1;
      var badge = meta.querySelector(".zb-relevant");
      if (badge) { badge.hidden = !relevant; }
    }
    document.querySelectorAll(".zb-reader[data-reader-type]").forEach(function (badge) {
      var id = badge.getAttribute("data-reader-type");
      badge.classList.toggle("zb-mine", id === choice.rol || id === choice.ervaring);
    });
    document.querySelectorAll(".zb-tools tr.zb-tool-row").forEach(function (row) {
      var marked = (row.getAttribute("data-marked-for") || "").split(" ").indexOf(choice.rol) !== -1;
      row.classList.toggle("zb-highlight", marked);
      var mark = row.querySelector(".zb-mark");
      if (mark) { mark.hidden = !marked; }
    });
    document.querySelectorAll(".zb-mostly").forEach(function (note) {
      note.hidden = (note.getAttribute("data-mostly-for") || "").split(" ").indexOf(choice.rol) === -1;
    });
  }

  function start() {
    var read = readChoice();
    showMessage(read.rejected);
    setupGuide(read.choice);
    markPage(read.choice);
  }
  // Material's instant navigation swaps pages without a new load: run again on every page.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
