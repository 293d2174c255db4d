// "Copy link" on each block of a canvas (and the "y" key, as on GitHub), and "Copy code"
// in the embed dialog. Without JavaScript the block link is a plain link to the block.
(function () {
  "use strict";

  // The interface's words, from the page (templates/base.html): the page's language.
  function say(name, fallback) { return (document.body && document.body.dataset[name]) || fallback; }

  function absolute(href) { return new URL(href, window.location.href).href; }

  function showFallback(anchor, url) {
    // The Clipboard API is missing or refused: show the URL selected, ready to copy.
    var input = anchor.parentNode.querySelector("input.copy-fallback");
    if (!input) {
      input = document.createElement("input");
      input.className = "copy-fallback";
      input.readOnly = true;
      input.setAttribute("aria-label", say("linkToBlock", "Link to this block"));
      anchor.parentNode.appendChild(input);
    }
    input.value = url;
    input.focus();
    input.select();
  }

  function copy(url, control) {
    var label = control.querySelector(".label") || control;
    function done() {
      label.textContent = say("copied", "Copied");
      control.classList.add("copied");
      window.setTimeout(function () {
        label.textContent = say("copyLink", "Copy link");
        control.classList.remove("copied");
      }, 1500);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(done, function () { showFallback(control, url); });
    } else {
      showFallback(control, url);
    }
  }

  function enhance(root) {
    root.querySelectorAll("a.block-link:not([data-enhanced])").forEach(function (anchor) {
      anchor.setAttribute("data-enhanced", "");
      anchor.setAttribute("role", "button");
      anchor.querySelector(".label").textContent = say("copyLink", "Copy link");
      anchor.addEventListener("click", function (event) {
        event.preventDefault();
        copy(absolute(anchor.getAttribute("href")), anchor);
      });
    });
    // The embed's colours: its snippet and preview follow the choice (light by default).
    root.querySelectorAll(".embed-theme:not([data-enhanced])").forEach(function (set) {
      set.setAttribute("data-enhanced", "");
      set.hidden = false;
      set.addEventListener("change", function (event) {
        var input = event.target;
        var body = set.closest(".embed-body");
        var code = body && body.querySelector(".embed-code");
        var preview = body && body.querySelector(".embed-preview");
        if (code) { code.value = input.getAttribute("data-snippet"); }
        if (preview) { preview.src = input.getAttribute("data-src"); }
      });
    });
    root.querySelectorAll("button.copy-embed").forEach(function (button) {
      button.hidden = false;
      if (button.hasAttribute("data-enhanced")) { return; }
      button.setAttribute("data-enhanced", "");
      button.addEventListener("click", function () {
        var code = document.getElementById(button.getAttribute("data-copy-from"));
        if (!code) { return; }
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(code.value).then(function () {
            button.textContent = say("copied", "Copied");
          }, function () { code.focus(); code.select(); });
        } else {
          code.focus();
          code.select();
        }
      });
    });
  }

  // "y": copy the link to the block that holds focus, or the one the address points at.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "y" || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var t = event.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) { return; }
    var panel = (document.activeElement && document.activeElement.closest(".block")) ||
      document.querySelector(".block:target");
    var anchor = panel && panel.querySelector("a.block-link");
    if (anchor) {
      event.preventDefault();
      copy(absolute(anchor.getAttribute("href")), anchor);
    }
  });

  function start() { enhance(document); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  // htmx swaps in another year's canvas: enhance its links too.
  document.addEventListener("htmx:afterSwap", function (event) { enhance(event.target); });
}());
