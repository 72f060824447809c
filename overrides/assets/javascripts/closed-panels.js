/* Closed panels stay out of the keyboard's way, and an open menu is the only thing it reaches.
   Below 1220 px the theme's navigation is a drawer moved off-screen, not hidden; its sections and
   the page's table of contents (#__toc) are panels that slide in over their parent panel. Here:
   - a closed drawer is inert (and hidden from screen readers), and so is every closed panel;
   - in an open drawer only the panel in view takes Tab stops: its back control (the panel's
     title), its links and the labels that open its sections, in order. The parent panels it
     covers and the page behind the drawer are inert while it is open;
   - the menu button and those labels are reachable by Tab and open with Enter (the theme) or
     Space (here); opening a section moves the focus to its back control, Escape goes back one
     panel (the focus returns to the label that opened it) and, from the first panel, closes the
     drawer (the focus returns to the menu button).
   From 1220 px the navigation is a visible sidebar and nothing is touched. */
(function () {
  "use strict";

  // Material's drawer breakpoint: the sidebar is a drawer below 76.25em.
  var DRAWER_WIDTH = window.matchMedia("(max-width: 76.234375em)");
  // Set on what this script made inert ("drawer", "closed", "outside"), so it undoes only that.
  var MARK = "data-zb-closed";
  // Set on a label this script made focusable: the tabindex it had before ("-" for none).
  var TABBED = "data-zb-tabindex";

  function setInert(node, closed, why, hide) {
    var mine = node.getAttribute(MARK);
    if (closed) {
      if (mine === null && node.hasAttribute("inert")) { return; }  // someone else's
      node.setAttribute("inert", "");
      node.setAttribute(MARK, why);
      if (hide) { node.setAttribute("aria-hidden", "true"); }
    } else if (mine === why) {
      node.removeAttribute("inert");
      node.removeAttribute(MARK);
      if (hide) { node.removeAttribute("aria-hidden"); }
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

  // The panel a panel slides over (null for the first one).
  function parentPanel(panel) {
    return panel.parentElement ? panel.parentElement.closest("nav.md-nav") : null;
  }

  // The panel in view: from the first panel down, the open panel of the level above; of two
  // open panels on one level the later one is drawn on top.
  function panelInView(sidebar) {
    var panel = sidebar.querySelector("nav.md-nav--primary");
    var toggles = sidebar.querySelectorAll("input.md-nav__toggle");
    for (var found = true; panel && found;) {
      found = false;
      for (var i = toggles.length - 1; i >= 0; i -= 1) {
        var child = panelOf(toggles[i]);
        if (toggles[i].checked && child && parentPanel(child) === panel) {
          panel = child;
          found = true;
          break;
        }
      }
    }
    return panel;
  }

  // The panel a control belongs to.
  function ownPanel(node) { return node.closest("nav.md-nav"); }

  function toggleOf(panel) {
    var toggle = panel.previousElementSibling;
    while (toggle && !(toggle.tagName === "INPUT" && toggle.classList.contains("md-nav__toggle"))) {
      toggle = toggle.previousElementSibling;
    }
    return toggle;
  }

  function rendered(node) { return node.getClientRects().length > 0; }

  // Everything beside the open panel (the panels it covers, the page behind the drawer) is
  // inert: the siblings of the panel and of each of its ancestors. Checkboxes stay (their labels
  // must keep working) and so does the overlay (a tap on it closes the drawer).
  function shutAround(panel) {
    for (var node = panel; node && node !== document.body; node = node.parentElement) {
      var siblings = node.parentElement ? node.parentElement.children : [];
      for (var i = 0; i < siblings.length; i += 1) {
        var other = siblings[i];
        if (other === node || other.tagName === "INPUT" || other.tagName === "SCRIPT" ||
            other.classList.contains("md-overlay")) { continue; }
        setInert(other, true, "outside", false);
      }
    }
  }

  function openAll() {
    document.querySelectorAll("[" + MARK + "='outside']").forEach(function (node) {
      setInert(node, false, "outside", false);
    });
  }

  // The labels of the panel in view take a Tab stop (the theme leaves section labels and panel
  // titles out); elsewhere they get their own tabindex back.
  function syncLabels(sidebar, panel) {
    sidebar.querySelectorAll("label.md-nav__link[for], label.md-nav__title[for]").forEach(function (label) {
      var reach = !!panel && label.htmlFor !== "__drawer" && ownPanel(label) === panel && rendered(label);
      var before = label.getAttribute(TABBED);
      if (reach && before === null) {
        label.setAttribute(TABBED, label.hasAttribute("tabindex") ? label.getAttribute("tabindex") : "-");
        label.setAttribute("tabindex", "0");
      } else if (!reach && before !== null) {
        if (before === "-") { label.removeAttribute("tabindex"); } else { label.setAttribute("tabindex", before); }
        label.removeAttribute(TABBED);
      }
      if (reach && label.classList.contains("md-nav__title") && !label.hasAttribute("aria-label")) {
        label.setAttribute("aria-label", "Terug uit " + label.textContent.replace(/\s+/g, " ").trim());
      }
    });
  }

  function sync() {
    var drawer = document.getElementById("__drawer");
    var sidebar = document.querySelector(".md-sidebar--primary");
    if (!drawer || !sidebar) { return; }
    var small = DRAWER_WIDTH.matches;
    var open = small && drawer.checked;
    setInert(sidebar, small && !drawer.checked, "drawer", true);
    sidebar.querySelectorAll("input.md-nav__toggle").forEach(function (toggle) {
      var panel = panelOf(toggle);
      if (panel) { setInert(panel, small && !toggle.checked, "closed", false); }
    });
    var panel = open ? panelInView(sidebar) : null;
    openAll();
    if (panel) { shutAround(panel); }
    syncLabels(sidebar, panel);
    return panel;
  }

  function menuButton() { return document.querySelector("label.md-header__button[for='__drawer']"); }

  function focusables(panel) {
    return Array.prototype.filter.call(
      panel.querySelectorAll("a[href], [tabindex='0']"),
      function (node) { return ownPanel(node) === panel && !node.closest("[inert]") && rendered(node); }
    );
  }

  // After a panel opened or closed, the focus goes where the reader is: the new panel's back
  // control, or the label that opened the panel just closed. Only when the focus was lost
  // (on an inert control or nowhere) or sat on the control that did it.
  function refocus(toggle) {
    var panel = sync();
    if (!panel) { return; }
    var active = document.activeElement;
    var lost = !active || active === document.body || !!active.closest("[inert]") ||
      (active.tagName === "LABEL" && active.htmlFor === toggle.id);
    if (!lost) { return; }
    var target = null;
    if (toggle.id === "__drawer" || toggle.checked) {
      target = focusables(panel)[0];
    } else {
      target = panel.querySelector("label.md-nav__link[for='" + toggle.id + "']");
    }
    if (target) { target.focus({ preventScroll: true }); }
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!(target && target.classList && target.classList.contains("md-toggle"))) { return; }
    if (target.id === "__drawer" && !target.checked) { sync(); return; }
    if (target.id === "__drawer" || target.closest(".md-sidebar--primary")) { refocus(target); } else { sync(); }
  });

  document.addEventListener("keydown", function (event) {
    var drawer = document.getElementById("__drawer");
    if (!drawer || !DRAWER_WIDTH.matches) { return; }
    var active = document.activeElement;
    // Space on a label that opens something (Enter is the theme's).
    if ((event.key === " " || event.key === "Spacebar") && active && active.tagName === "LABEL" &&
        active.getAttribute("tabindex") === "0" && active.htmlFor) {
      event.preventDefault();
      active.click();
      return;
    }
    if (event.key !== "Escape" || !drawer.checked) { return; }
    var sidebar = document.querySelector(".md-sidebar--primary");
    var panel = sidebar && panelInView(sidebar);
    if (!panel) { return; }
    event.preventDefault();
    var toggle = toggleOf(panel);
    if (toggle && parentPanel(panel)) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change", { bubbles: true }));
      var opener = sidebar.querySelector("label.md-nav__link[for='" + toggle.id + "']");
      if (opener && opener.getAttribute("tabindex") === "0") { opener.focus({ preventScroll: true }); }
    } else {
      drawer.checked = false;
      drawer.dispatchEvent(new Event("change", { bubbles: true }));
      var menu = menuButton();
      if (menu) { menu.focus(); }
    }
  });

  // The browser leaves a control half out of a panel's scrolled list when it gets the focus (the
  // list scrolls smoothly, and a partly shown control counts as shown): the list shows it whole.
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (!DRAWER_WIDTH.matches || !target.closest || !target.closest(".md-sidebar--primary")) { return; }
    var list = target.closest(".md-nav__list");
    if (!list) { return; }
    window.requestAnimationFrame(function () {
      var box = target.getBoundingClientRect();
      var frame = list.getBoundingClientRect();
      var by = box.bottom > frame.bottom ? box.bottom - frame.bottom : Math.min(0, box.top - frame.top);
      if (by) { list.scrollBy({ top: by, behavior: "instant" }); }
    });
  });

  // The theme also closes the drawer itself (on a link inside the page), which fires nothing, so
  // clicks and address changes sync afterwards.
  function later() { window.setTimeout(sync, 0); }
  document.addEventListener("click", later);
  window.addEventListener("hashchange", later);
  if (DRAWER_WIDTH.addEventListener) { DRAWER_WIDTH.addEventListener("change", sync); }
  else if (DRAWER_WIDTH.addListener) { DRAWER_WIDTH.addListener(sync); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", sync); }
  else { sync(); }
})();
