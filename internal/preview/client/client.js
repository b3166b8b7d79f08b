// Live-reload client of the preview server (package preview), served at
// /_preview/client.js and loaded by the <script> tag the server injects into
// every HTML page. The tag carries data-version (the snapshot the page came
// from) and data-errors (that snapshot's build errors, a JSON array).
//
// Events on /_preview/events:
//   reload  save the scroll position (sessionStorage, keyed by path), reload,
//           and restore it once the new page has loaded
//   css     swap <link rel=stylesheet> hrefs to the new fingerprinted URLs,
//           matching on the file name before the hash (style.3f9a1c2b.css ->
//           style.9d8e7f6a.css), without reloading
//   errors  show the error overlay listing every error line
// EventSource reconnects by itself when the server restarts; the server then
// sees an unknown version (Last-Event-ID) and sends one reload.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__portfolioPreview) return;
  window.__portfolioPreview = true;

  var version = script.getAttribute("data-version") || "";
  var scrollKey = "preview-scroll:" + location.pathname;
  var reloading = false;
  var overlay = null; // {host, returnFocus, onKey} while the overlay is shown

  restoreScroll();
  var initial = parse(script.getAttribute("data-errors"));
  if (Array.isArray(initial) && initial.length) showErrors(initial);

  var source = new EventSource("/_preview/events?v=" + encodeURIComponent(version));
  source.addEventListener("reload", reload);
  source.addEventListener("css", function (e) {
    hideErrors();
    swapStylesheets((parse(e.data) || {}).stylesheets || []);
  });
  source.addEventListener("errors", function (e) {
    showErrors((parse(e.data) || {}).errors || []);
  });

  function parse(text) {
    try { return JSON.parse(text); } catch (err) { return null; }
  }

  function reload() {
    if (reloading) return;
    reloading = true;
    try {
      sessionStorage.setItem(scrollKey, JSON.stringify({ x: window.scrollX, y: window.scrollY }));
    } catch (err) { /* storage disabled: reload without restoring */ }
    source.close();
    location.reload();
  }

  function restoreScroll() {
    var saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(scrollKey));
      sessionStorage.removeItem(scrollKey);
    } catch (err) { return; }
    if (!saved) return;
    var restore = function () { window.scrollTo(saved.x || 0, saved.y || 0); };
    restore();
    // Images and fonts still loading can change the height; restore again.
    if (document.readyState !== "complete") window.addEventListener("load", restore, { once: true });
  }

  // stem("/assets/style.3f9a1c2b.css") is "/assets/style"; null if not CSS.
  function stem(pathname) {
    var m = /^(.*?)(?:\.[0-9a-f]{6,64})?\.css$/i.exec(pathname);
    return m ? m[1] : null;
  }

  function swapStylesheets(urls) {
    var next = {};
    urls.forEach(function (u) { var s = stem(u); if (s) next[s] = u; });
    document.querySelectorAll('link[rel~="stylesheet"][href]').forEach(function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin) return;
      var s = stem(url.pathname);
      if (!s || !Object.prototype.hasOwnProperty.call(next, s)) return;
      var href = next[s];
      if (href === url.pathname) href += "?preview=" + Date.now(); // not fingerprinted: force a fetch
      // Load the new sheet beside the old one and drop the old one after,
      // so the page is never unstyled in between.
      var fresh = link.cloneNode(false);
      fresh.href = href;
      fresh.onload = fresh.onerror = function () { link.remove(); };
      link.after(fresh);
    });
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text != null) e.textContent = text;
    return e;
  }

  function showErrors(lines) {
    var returnFocus = overlay ? overlay.returnFocus : document.activeElement;
    hideErrors(true);
    if (!lines.length) return;

    // A shadow root keeps the site's CSS out of the overlay and the
    // overlay's out of the site; its styles come from a file so that a
    // strict style-src CSP allows them.
    var host = el("div", { "data-preview-overlay": "" });
    var root = host.attachShadow({ mode: "open" });
    var sheet = el("link", { rel: "stylesheet", href: "/_preview/client.css" });
    var backdrop = el("div", { class: "backdrop" });
    backdrop.hidden = true; // until styled
    sheet.onload = sheet.onerror = function () { backdrop.hidden = false; close.focus(); };

    var dialog = el("div", {
      class: "dialog", role: "alertdialog", "aria-modal": "true",
      "aria-labelledby": "preview-title", "aria-describedby": "preview-hint",
    });
    var n = lines.length;
    dialog.appendChild(el("h2", { id: "preview-title" }, "Build failed: " + n + (n === 1 ? " error" : " errors")));
    dialog.appendChild(el("p", { id: "preview-hint" },
      "The last good version of the site is still being served. Fix the errors and save; the page reloads when the build succeeds."));
    var list = el("ol", { class: "errors" });
    lines.forEach(function (line) {
      var item = el("li", {});
      item.appendChild(el("code", {}, line));
      list.appendChild(item);
    });
    dialog.appendChild(list);
    var close = el("button", { type: "button", class: "close" }, "Close");
    close.addEventListener("click", function () { hideErrors(); });
    dialog.appendChild(close);
    backdrop.appendChild(dialog);
    root.appendChild(sheet);
    root.appendChild(backdrop);

    // Escape closes; Tab stays on the only control, as the dialog is modal.
    var onKey = function (e) {
      if (e.key === "Escape") { e.preventDefault(); hideErrors(); }
      else if (e.key === "Tab") { e.preventDefault(); close.focus(); }
    };
    document.addEventListener("keydown", onKey, true);
    overlay = { host: host, returnFocus: returnFocus, onKey: onKey };
    (document.body || document.documentElement).appendChild(host);
    close.focus();
  }

  // hideErrors removes the overlay and gives focus back to where it was,
  // unless another overlay is about to replace it.
  function hideErrors(replacing) {
    if (!overlay) return;
    document.removeEventListener("keydown", overlay.onKey, true);
    overlay.host.remove();
    var back = overlay.returnFocus;
    overlay = null;
    if (replacing !== true && back && back.isConnected && typeof back.focus === "function") back.focus();
  }
})();
