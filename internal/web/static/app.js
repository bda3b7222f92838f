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
// A select marked data-shows names a fieldset that applies only while the select holds "0"
// (e.g. "a new meeting"): the fieldset is hidden otherwise.
function syncShows(sel) {
  var box = document.getElementById(sel.getAttribute("data-shows"));
  if (box) box.hidden = sel.value !== "0";
}
document.addEventListener("change", function (ev) {
  if (ev.target.hasAttribute && ev.target.hasAttribute("data-shows")) syncShows(ev.target);
});
document.querySelectorAll("select[data-shows]").forEach(syncShows);
