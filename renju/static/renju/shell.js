// The page shell's behaviour on every signed-in page.

// The language switch brings the user back to the address the page shows now: htmx may have
// changed it since the page loaded (a filter, a sort, a page of a list), and the form's
// hidden "next" field still holds the address the page was loaded at.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.matches && form.matches("form[data-language-switch]")) {
    form.querySelector("input[name=next]").value = location.pathname + location.search;
  }
});

// A form that removes something asks first (data-confirm holds the question); a "no" stops
// it before anything below counts it as sent.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.matches && form.matches("form[data-confirm]") && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});

// One submission per form: a second tap while the first is on its way does nothing (the
// villagers' pages do the same with data-once). Forms htmx sends are left to htmx; a form
// whose answer is a download (no new page) takes another submission after a few seconds.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (event.defaultPrevented || !form.matches || (form.method || "").toLowerCase() !== "post") return;
  if (form.matches("[hx-post], [hx-get], [data-resubmit]")) return;
  if (form.dataset.sent) { event.preventDefault(); return; }
  form.dataset.sent = "1";
  setTimeout(function () { delete form.dataset.sent; }, 8000);
});
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form[data-sent]").forEach(function (form) { delete form.dataset.sent; });
});
