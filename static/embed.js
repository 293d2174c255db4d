"use strict";
// For pages that embed canvases and allow scripts (optional: without it an embed keeps the
// height its snippet gives). Sets each canvas iframe's height to what its page reports
// (static/embed-frame.js), so the whole canvas shows without a scrollbar inside the frame.
(() => {
  const TYPE = "canvas-viewer:height";
  const MIN_HEIGHT = 80; // px: a report of 0 during loading must not collapse the frame
  const MAX_HEIGHT = 20000; // px: a runaway page must not make the host endless

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
      let origin;
      try {
        origin = new URL(frame.src).origin;
      } catch (error) {
        return; // no src, or not a URL: not an embed
      }
      if (event.origin !== origin) return;
      const clamped = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.ceil(height)));
      frame.style.height = `${clamped}px`;
      return;
    }
  });
})();
