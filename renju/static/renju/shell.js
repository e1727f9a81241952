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

// A list of ticks (core.widgets.CheckboxList): the filter box hides the choices whose name
// (or whose group's name) does not hold the text typed; the count says how many are ticked,
// hidden ones included.
function renjuCheckboxList(list) {
  if (list.dataset.ready) return;
  list.dataset.ready = "1";
  var filter = list.querySelector("[data-checkbox-filter]");
  var count = list.querySelector("[data-checked-count]");
  function recount() {
    count.textContent = list.querySelectorAll("input[type=checkbox]:checked").length;
  }
  function refilter() {
    var text = filter.value.trim().toLowerCase();
    list.querySelectorAll("[data-checkbox-group]").forEach(function (group) {
      var legend = group.querySelector("legend");
      var groupHit = !text || (legend && legend.textContent.toLowerCase().indexOf(text) >= 0);
      var shown = 0;
      group.querySelectorAll("[data-checkbox-option]").forEach(function (option) {
        var hit = groupHit || option.textContent.toLowerCase().indexOf(text) >= 0;
        option.hidden = !hit;
        if (hit) shown += 1;
      });
      group.hidden = shown === 0;
    });
    list.querySelectorAll(".checkbox-list-box > [data-checkbox-option]").forEach(function (option) {
      option.hidden = !!text && option.textContent.toLowerCase().indexOf(text) < 0;
    });
  }
  list.addEventListener("change", recount);
  filter.addEventListener("input", refilter);
  // Enter in the filter box filters; it does not send the form.
  filter.addEventListener("keydown", function (event) {
    if (event.key === "Enter") event.preventDefault();
  });
  recount();
}
function renjuCheckboxLists(root) {
  if (root.matches && root.matches("[data-checkbox-list]")) renjuCheckboxList(root);
  root.querySelectorAll("[data-checkbox-list]").forEach(renjuCheckboxList);
}
if (window.htmx) { htmx.onLoad(renjuCheckboxLists); } else { renjuCheckboxLists(document); }

// A part loaded on demand (the region picker's units) that cannot be loaded says so, instead
// of "Loading…" for ever: its element's data-load-error holds the words (a unit taken out of
// the user's scope since the page was shown answers 404).
function renjuLoadError(event) {
  var target = event.detail && event.detail.target;
  if (!target || !target.dataset || !target.dataset.loadError) return;
  var item = document.createElement("li");
  item.className = "dropdown-item text-danger small";
  item.setAttribute("data-testid", "load-error");
  item.textContent = target.dataset.loadError;
  target.replaceChildren(item);
}
document.addEventListener("htmx:responseError", renjuLoadError);
document.addEventListener("htmx:sendError", renjuLoadError);
