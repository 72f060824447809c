/* "Deel deze pagina" on a tool page: the phone's share sheet where the browser has one, else the
   page address copied to the clipboard with a confirmation that screen readers announce.
   No request leaves the site. */
(function () {
  "use strict";

  function setUp() {
    var buttons = document.querySelectorAll("[data-zb-share]");
    Array.prototype.forEach.call(buttons, function (button) {
      if (button.dataset.zbReady) return;
      var status = button.parentNode.querySelector(".zb-share-status");
      var canShare = typeof navigator.share === "function";
      var canCopy = !!(navigator.clipboard && navigator.clipboard.writeText);
      if (!canShare && !canCopy) return; // nothing to offer: the button stays hidden
      button.dataset.zbReady = "1";
      button.hidden = false;
      if (!canShare) button.textContent = "Kopieer de link naar deze pagina";

      function say(text) {
        if (!status) return;
        status.textContent = "";
        // A fresh text node each time, so the same message is announced again.
        window.setTimeout(function () { status.textContent = text; }, 50);
      }

      function copy(address) {
        if (!canCopy) return say("Kopiëren lukte niet: kopieer het adres uit de adresbalk.");
        navigator.clipboard.writeText(address).then(
          function () { say("Link gekopieerd"); },
          function () { say("Kopiëren lukte niet: kopieer het adres uit de adresbalk."); }
        );
      }

      button.addEventListener("click", function () {
        var address = window.location.href.split("#")[0];
        if (canShare) {
          navigator.share({ title: document.title, url: address }).catch(function (error) {
            if (error && error.name === "AbortError") return; // the reader closed the sheet
            copy(address);
          });
        } else {
          copy(address);
        }
      });
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
