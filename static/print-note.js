"use strict";
// The printed canvas says when it was printed, beside its URL and snapshot year (the page
// itself may come from a cache, so the date is the reader's, set here).
(() => {
  const stamp = () => {
    // The reader's date in the page's language, with the digits Babel gives the page's own
    // numbers (Latin: the documents' figures are written so).
    const lang = document.documentElement.lang || "en";
    const date = new Intl.DateTimeFormat(lang, { dateStyle: "long", numberingSystem: "latn" })
      .format(new Date());
    document.querySelectorAll(".printed-on").forEach((span) => {
      const words = span.dataset.printed || "printed {date}";
      span.textContent = ` · ${words.replace("{date}", date)}`;
      span.hidden = false;
    });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", stamp);
  else stamp();
  window.addEventListener("beforeprint", stamp);
  document.addEventListener("htmx:afterSwap", stamp); // another year's canvas came in
})();
