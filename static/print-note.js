"use strict";
// The printed canvas says when it was printed, beside its URL and snapshot year (the page
// itself may come from a cache, so the date is the reader's, set here).
(() => {
  const stamp = () => {
    const date = new Date().toISOString().slice(0, 10);
    document.querySelectorAll(".printed-on").forEach((span) => {
      span.textContent = ` · printed ${date}`;
      span.hidden = false;
    });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", stamp);
  else stamp();
  window.addEventListener("beforeprint", stamp);
  document.addEventListener("htmx:afterSwap", stamp); // another year's canvas came in
})();
