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
