/* Types each query into the search dialog (one page for all queries) and returns, per query,
   the site-relative addresses of the results shown, in order, and the dialog's link to the
   catalogue (its text, or null when it is hidden). Shared by tests/browser/test_search_judged.py
   and bench/bench_search.py --judged.

   A query is done when the status names it and the list holds all it will show: the dialog
   marks that with aria-busy="false" and data-query on the list. A dialog without those marks
   (the code before they were added) is done when its list holds min(10, N) results for the
   "N resultaten" of the status, or has not changed for a second. */
async (queries) => {
  const input = document.getElementById("zb-search-q");
  const list = document.getElementById("zb-search-results");
  const status = document.getElementById("zb-search-status");
  const all = document.getElementById("zb-search-all");
  const index = document.getElementById("zb-search").getAttribute("data-pagefind");
  const base = new URL("../", new URL(index, location.href)).pathname;
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const type = (text) => {
    input.value = text;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  };
  const out = {};
  for (const query of queries) {
    type("");
    await sleep(30);
    type(query);
    const start = performance.now();
    let last = -1;
    let since = performance.now();
    for (;;) {
      await sleep(20);
      const hits = list.querySelectorAll(".zb-search-hit").length;
      if (hits !== last) { last = hits; since = performance.now(); }
      const text = status.textContent;
      const named = text.includes("‘" + query + "’");
      if (list.hasAttribute("aria-busy")) {
        const done = list.getAttribute("aria-busy") === "false";
        if (named && done && list.getAttribute("data-query") === query) { break; }
      } else if (named) {
        const found = text.match(/(\d+) resultat/);
        if (!found && performance.now() - since > 400) { break; }
        if (found && hits >= Math.min(10, Number(found[1]))) { break; }
        if (performance.now() - since > 1000) { break; }
      }
      if (performance.now() - start > 10000) { break; }
    }
    const link = all.querySelector("a");
    out[query] = {
      pages: [...list.querySelectorAll(".zb-search-hit a")]
        .map((a) => new URL(a.href).pathname.slice(base.length)),
      types: [...list.querySelectorAll(".zb-search-type")].map((node) => node.textContent),
      status: status.textContent,
      link: all.hidden ? null : { text: link.textContent, href: link.href },
    };
  }
  return out;
}
