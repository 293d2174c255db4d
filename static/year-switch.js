// After htmx swaps in another year (templates/partials/canvas.html): keep keyboard focus on
// the year switch, and make the head's canonical URL and share metadata the new year's.
// htmx replaces only the <title>; the new values ride on #canvas as data attributes.
(function () {
  "use strict";
  let fromSwitch = false;
  document.addEventListener("htmx:beforeRequest", function (event) {
    fromSwitch = !!(event.target && event.target.closest && event.target.closest("nav.years"));
  });
  function setHead(selector, attribute, value) {
    const element = document.head.querySelector(selector);
    if (element && value) element.setAttribute(attribute, value);
  }
  document.addEventListener("htmx:afterSettle", function () {
    const canvas = document.getElementById("canvas");
    if (!canvas) return;
    const canonical = canvas.dataset.canonical;
    const description = canvas.dataset.description;
    setHead('link[rel="canonical"]', "href", canonical);
    setHead('meta[property="og:url"]', "content", canonical);
    for (const name of ['meta[property="og:title"]', 'meta[name="twitter:title"]']) {
      setHead(name, "content", document.title);
    }
    for (const name of ['meta[name="description"]', 'meta[property="og:description"]',
      'meta[name="twitter:description"]']) {
      setHead(name, "content", description);
    }
    if (fromSwitch) {
      const current = canvas.querySelector('nav.years a[aria-current="page"]');
      if (current) current.focus();
      fromSwitch = false;
    }
  });
})();
