"use strict";
// A citation's preview: hovering or focusing a marker ([12], which links to its note in the
// reference list) shows the lines it cites in one popover of the top layer (the Popover API:
// never clipped by a table's scroll box), placed inside the viewport below or above the
// marker. On a phone (or any screen under 600 px, or a pen or finger with no hover), a tap
// opens it as a sheet along the bottom with the same lines and link, instead of leaving the
// page; a tap outside or Escape closes it (a popover="auto" light dismiss). Without script
// the marker still leads to its note, and the note to the lines.
(() => {
  const MARGIN = 8;
  const GAP = 4;
  const cache = new Map(); // quote URL -> fetched markup (the server escapes every line)
  let pop = null;
  let body = null;
  let anchor = null;
  let hideTimer = 0;

  const sheetWanted = () =>
    window.matchMedia("(max-width: 600px), (hover: none)").matches;

  function ensure() {
    pop = document.getElementById("cite-pop");
    body = pop && pop.querySelector(".cite-pop-body");
    return pop !== null && body !== null && typeof pop.showPopover === "function";
  }

  function place() {
    if (!anchor || !pop.matches(":popover-open")) return;
    pop.classList.toggle("sheet", pop.dataset.mode === "sheet");
    if (pop.dataset.mode === "sheet") {
      for (const side of ["left", "top", "right", "bottom"]) pop.style[side] = "";
      return;
    }
    const view = { w: document.documentElement.clientWidth, h: window.innerHeight };
    pop.style.maxHeight = `${view.h - 2 * MARGIN}px`;
    const at = anchor.getBoundingClientRect();
    const box = pop.getBoundingClientRect();
    const rtl = getComputedStyle(anchor).direction === "rtl";
    let left = rtl ? at.right - box.width : at.left;
    left = Math.max(MARGIN, Math.min(left, view.w - box.width - MARGIN));
    let top = at.bottom + GAP;
    if (top + box.height > view.h - MARGIN) {
      const above = at.top - GAP - box.height;
      top = above >= MARGIN ? above : Math.max(MARGIN, view.h - MARGIN - box.height);
    }
    pop.style.left = `${left}px`;
    pop.style.top = `${top}px`;
  }

  async function fill(url) {
    if (!cache.has(url)) {
      cache.set(url, fetch(url, { credentials: "same-origin" })
        .then((r) => (r.ok ? r.text() : Promise.reject(new Error(String(r.status)))))
        .catch(() => null));
    }
    return cache.get(url);
  }

  async function open(link, mode) {
    if (!ensure()) return;
    clearTimeout(hideTimer);
    anchor = link;
    pop.dataset.mode = mode;
    pop.dataset.shown = ""; // set once filled and placed (tests wait on it)
    const url = link.dataset.quote;
    body.setAttribute("aria-busy", "true");
    if (!pop.matches(":popover-open")) pop.showPopover();
    pop.classList.toggle("sheet", mode === "sheet");
    const markup = await fill(url);
    if (anchor !== link) return; // another marker was opened meanwhile
    body.removeAttribute("aria-busy");
    if (markup === null) {
      // the lines could not be fetched: the note and the source are still one click away
      body.replaceChildren();
      const a = document.createElement("a");
      a.href = link.dataset.lines;
      a.className = "quote-open";
      a.textContent = pop.dataset.fallback || link.dataset.lines;
      body.append(a);
    } else {
      body.innerHTML = markup; // our own escaped fragment (/sources/{key}/lines)
    }
    requestAnimationFrame(() => {
      place();
      pop.dataset.shown = url;
    });
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(() => {
      if (pop && pop.dataset.mode !== "sheet" && pop.matches(":popover-open")) {
        if (!pop.matches(":hover") && !pop.contains(document.activeElement)) pop.hidePopover();
      }
    }, 250);
  }

  const marker = (event) => event.target.closest && event.target.closest(".cite a[data-quote], .kf-cite a[data-quote]");

  document.addEventListener("mouseover", (event) => {
    const link = marker(event);
    if (link && !sheetWanted()) open(link, "hover");
    else if (pop && event.target.closest && event.target.closest("#cite-pop")) clearTimeout(hideTimer);
  });
  document.addEventListener("mouseout", (event) => {
    if (marker(event) || (event.target.closest && event.target.closest("#cite-pop"))) hideSoon();
  });
  document.addEventListener("focusin", (event) => {
    const link = marker(event);
    if (link) open(link, sheetWanted() ? "sheet" : "hover");
  });
  document.addEventListener("focusout", (event) => {
    if (marker(event)) hideSoon();
  });
  document.addEventListener("click", (event) => {
    const link = marker(event);
    if (!link || !sheetWanted()) return;
    event.preventDefault(); // a tap previews; the note is one more link away
    open(link, "sheet");
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && pop && pop.matches(":popover-open")) pop.hidePopover();
  });
  document.addEventListener("htmx:beforeSwap", () => {
    // another year's canvas replaces the markers: the preview of one of them goes too
    anchor = null;
    if (ensure() && pop.matches(":popover-open")) pop.hidePopover();
  });
  window.addEventListener("resize", () => requestAnimationFrame(place));
  window.addEventListener("scroll", () => requestAnimationFrame(place), { passive: true });
})();
