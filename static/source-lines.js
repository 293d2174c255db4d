// Highlights the lines named in the URL fragment (#L12 or #L12-L15) and scrolls them into
// view, as code hosts do; CSS :target alone cannot select a range.
(function () {
  "use strict";
  function highlight() {
    document.querySelectorAll(".source-lines li.hl").forEach(function (li) {
      li.classList.remove("hl");
    });
    var match = /^#L(\d+)(?:-L(\d+))?$/.exec(window.location.hash);
    if (!match) { return; }
    var first = parseInt(match[1], 10);
    var last = match[2] ? parseInt(match[2], 10) : first;
    if (last < first) { var t = first; first = last; last = t; }
    var firstEl = null;
    for (var n = first; n <= last; n += 1) {
      var li = document.getElementById("L" + n);
      if (!li) { break; }
      li.classList.add("hl");
      if (!firstEl) { firstEl = li; }
    }
    if (firstEl) { firstEl.scrollIntoView({ block: "center" }); }
  }
  window.addEventListener("hashchange", highlight);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", highlight);
  } else {
    highlight();
  }
}());
