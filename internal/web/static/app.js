// custos — our own small script. Loaded with `defer`; the CSP forbids inline script.
// Forms marked data-confirm ask before they submit.
document.addEventListener("submit", function (ev) {
  var msg = ev.target.getAttribute && ev.target.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) {
    ev.preventDefault();
  }
});
// A submitted form's button is disabled so a double click does not send it twice.
document.addEventListener("submit", function (ev) {
  if (ev.defaultPrevented) return;
  var b = ev.target.querySelector("button[type=submit]");
  if (b) setTimeout(function () { b.disabled = true; }, 0);
});
