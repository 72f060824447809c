/* Closed panels stay out of the keyboard's way. Below 1220 px the theme's navigation is a drawer
   moved off-screen, not hidden, and its sections and the page's table of contents (#__toc) are
   panels that slide in; all of them would still take Tab stops while closed. Here a closed
   drawer is made inert (and hidden from screen readers), and so is every closed panel inside it;
   opening one (its checkbox: #__drawer, #__toc, #__nav_…) gives it back. From 1220 px the
   navigation is a visible sidebar and nothing is touched. */
(function () {
  "use strict";

  // Material's drawer breakpoint: the sidebar is a drawer below 76.25em.
  var DRAWER_WIDTH = window.matchMedia("(max-width: 76.234375em)");

  function setClosed(node, closed, hide) {
    if (closed) {
      node.setAttribute("inert", "");
      if (hide) { node.setAttribute("aria-hidden", "true"); }
    } else if (node.hasAttribute("inert")) {
      node.removeAttribute("inert");
      node.removeAttribute("aria-hidden");
    }
  }

  // The panel a toggle opens: the first following sibling that is a navigation list.
  function panelOf(toggle) {
    var next = toggle.nextElementSibling;
    while (next && !(next.tagName === "NAV" && next.classList.contains("md-nav"))) {
      next = next.nextElementSibling;
    }
    return next;
  }

  function sync() {
    var drawer = document.getElementById("__drawer");
    var sidebar = document.querySelector(".md-sidebar--primary");
    if (!drawer || !sidebar) { return; }
    var small = DRAWER_WIDTH.matches;
    setClosed(sidebar, small && !drawer.checked, true);
    sidebar.querySelectorAll("input.md-nav__toggle").forEach(function (toggle) {
      var panel = panelOf(toggle);
      if (panel) { setClosed(panel, small && !toggle.checked, false); }
    });
  }

  // A checkbox changed by a click fires "change"; the theme also closes the drawer itself (on a
  // link inside the page), which fires nothing, so clicks and address changes sync afterwards.
  function later() { window.setTimeout(sync, 0); }
  document.addEventListener("change", function (event) {
    if (event.target && event.target.classList && event.target.classList.contains("md-toggle")) { sync(); }
  });
  document.addEventListener("click", later);
  window.addEventListener("hashchange", later);
  if (DRAWER_WIDTH.addEventListener) { DRAWER_WIDTH.addEventListener("change", sync); }
  else if (DRAWER_WIDTH.addListener) { DRAWER_WIDTH.addListener(sync); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", sync); }
  else { sync(); }
})();
