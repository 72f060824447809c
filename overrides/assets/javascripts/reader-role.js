/* Remembers the reader's role and experience (URL ?rol=&ervaring= and localStorage) and uses it:
   on the reading guide it shows the chosen route; on a fiche it shows the next step in that route
   and marks what is relevant for the role. Without JavaScript every route stays visible. */
(function () {
  "use strict";
  var KEY = "zb-lezer";

  function readChoice() {
    var params = new URLSearchParams(window.location.search);
    var stored = {};
    try { stored = JSON.parse(window.localStorage.getItem(KEY) || "{}") || {}; } catch (e) { stored = {}; }
    var choice = { rol: params.get("rol") || stored.rol || "", ervaring: params.get("ervaring") || stored.ervaring || "" };
    if (params.get("rol") || params.get("ervaring")) { saveChoice(choice); }
    return choice;
  }

  function saveChoice(choice) {
    try { window.localStorage.setItem(KEY, JSON.stringify(choice)); } catch (e) { /* private mode */ }
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
      document.querySelectorAll(".zb-route").forEach(function (section) {
        var match = section.getAttribute("data-route") === key;
        section.hidden = !match;
        section.classList.toggle("zb-chosen", match);
      });
    }
    function update() {
      var next = { rol: rol.value, ervaring: ervaring.value };
      saveChoice(next);
      var url = new URL(window.location.href);
      url.searchParams.set("rol", next.rol);
      url.searchParams.set("ervaring", next.ervaring);
      window.history.replaceState(null, "", url);
      show();
    }
    rol.addEventListener("change", update);
    ervaring.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
    if (choice.rol || choice.ervaring) { show(); }
  }

  function markPage(choice) {
    if (!choice.rol) { return; }
    var key = choice.rol + "/" + (choice.ervaring || "startend");
    document.querySelectorAll(".zb-next").forEach(function (p) {
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
      var types = (row.getAttribute("data-reader-types") || "").split(" ");
      row.classList.toggle("zb-highlight", types.indexOf(choice.rol) !== -1);
    });
  }

  function start() {
    var choice = readChoice();
    setupGuide(choice);
    markPage(choice);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
