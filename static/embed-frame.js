"use strict";
// Loaded by /embed/ pages: tells the page that frames this one how tall the content is, so
// the host (with static/embed.js) can size the iframe to it instead of showing a scrollbar.
// A file, not an inline script: the Content-Security-Policy allows only 'self' scripts.
(() => {
  if (window.parent === window) return; // not framed: nobody to tell

  const TYPE = "canvas-viewer:height";
  let last = -1;

  // The root element's box, not scrollHeight: scrollHeight never falls below the iframe's
  // own height, so an embed whose content shrank could never ask for less.
  const measure = () => Math.ceil(document.documentElement.getBoundingClientRect().height);

  // "*": the height is no secret and the host may be any allowed origin; embed.js checks
  // that the message comes from the iframe it resizes, and from that iframe's origin.
  const tell = (height, origin) =>
    window.parent.postMessage({ type: TYPE, height: height, href: location.pathname }, origin);

  const post = () => {
    const height = measure();
    if (height === last) return; // a message per change, not per resize event
    last = height;
    tell(height, "*");
  };

  // embed.js arrived after the load-time report and asks: answer the page that frames this
  // one (only it), to the origin that asked, even when the height has not changed.
  window.addEventListener("message", (event) => {
    const data = event.data;
    if (event.source !== window.parent || !data || data.type !== "canvas-viewer:ask-height") {
      return;
    }
    last = measure();
    tell(last, event.origin === "null" ? "*" : event.origin); // a sandboxed host has no origin
  });

  window.addEventListener("load", post);
  window.addEventListener("resize", post);
  if (typeof ResizeObserver === "function") {
    // Fonts arriving, text wrapping at a new width, details opening: all change the body.
    const observe = () => new ResizeObserver(post).observe(document.body);
    if (document.body) observe();
    else document.addEventListener("DOMContentLoaded", observe);
  }
  if (document.body) post();
})();
