// Keep each citation popover inside the viewport (templates' .cite > .popover): CSS opens it
// below the marker, from the line's start; here it is anchored elsewhere, or flipped above
// the marker when there is no room below, each time it opens or htmx fills it.
(function () {
  "use strict";
  const MARGIN = 8;
  // Classes only: the CSP forbids inline styles. First from the marker's start, then from
  // its end; where neither fits (a narrow screen), pinned along the viewport's bottom edge.
  function fits(popover) {
    const box = popover.getBoundingClientRect();
    return box.left >= MARGIN && box.right <= document.documentElement.clientWidth - MARGIN;
  }
  function place(popover) {
    popover.classList.remove("above", "from-end", "pinned");
    const box = popover.getBoundingClientRect();
    if (box.width === 0) return; // not shown
    if (box.bottom > window.innerHeight - MARGIN && box.top - box.height - 32 > MARGIN) {
      popover.classList.add("above");
    }
    if (fits(popover)) return;
    popover.classList.add("from-end");
    if (fits(popover)) return;
    popover.classList.remove("above", "from-end");
    popover.classList.add("pinned");
  }
  function opened(event) {
    const cite = event.target.closest && event.target.closest(".cite");
    const popover = cite && cite.querySelector(".popover");
    if (popover) requestAnimationFrame(function () { place(popover); });
  }
  document.addEventListener("mouseover", opened);
  document.addEventListener("focusin", opened);
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target.classList && event.target.classList.contains("popover")) place(event.target);
  });
})();
