"use strict";
// For pages that embed canvases and allow scripts (optional: without it an embed keeps the
// height its snippet gives). Sets each canvas iframe's height to what its page reports
// (static/embed-frame.js), so the whole canvas shows without a scrollbar inside the frame.
// Loaded `async`, it may start after an embed has already reported its height on load: so
// it also asks each embed of its own site for its height when it starts.
(() => {
  const TYPE = "canvas-viewer:height";
  const ASK = "canvas-viewer:ask-height";
  const MIN_HEIGHT = 80; // px: a report of 0 during loading must not collapse the frame
  const MAX_HEIGHT = 20000; // px: a runaway page must not make the host endless

  const originOf = (src) => {
    try {
      return new URL(src, document.baseURI).origin;
    } catch (error) {
      return null; // no src, or not a URL: not an embed
    }
  };

  window.addEventListener("message", (event) => {
    const data = event.data;
    if (!data || typeof data !== "object" || data.type !== TYPE) return; // someone else's
    const height = Number(data.height);
    if (!Number.isFinite(height)) return;
    const frames = document.getElementsByTagName("iframe");
    for (let i = 0; i < frames.length; i += 1) {
      const frame = frames[i];
      if (frame.contentWindow !== event.source) continue;
      // Only a page of the origin the iframe was pointed at may size it: not a page of
      // another origin it was navigated to, whatever that page posts.
      if (event.origin !== originOf(frame.src)) return;
      const clamped = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.ceil(height)));
      frame.style.height = `${clamped}px`;
      return;
    }
  });

  // The site this script came from: only its embeds are asked, and only a page of that
  // origin can read the question (postMessage's target origin).
  const script = document.currentScript;
  const site = script ? originOf(script.src) : null;
  if (!site) return;
  const frames = document.getElementsByTagName("iframe");
  for (let i = 0; i < frames.length; i += 1) {
    const frame = frames[i];
    let path;
    try {
      path = new URL(frame.src, document.baseURI).pathname;
    } catch (error) {
      continue;
    }
    if (originOf(frame.src) !== site || !path.startsWith("/embed/")) continue;
    if (frame.contentWindow) frame.contentWindow.postMessage({ type: ASK }, site);
  }
})();
