// Text-size control ("Xem với cỡ chữ A A"): three steps, remembered per browser.
// Without JavaScript the control stays hidden and the page keeps its default size.
(function () {
  "use strict";
  var sizes = ["100%", "118%", "136%"];
  var key = "minhbach-text-size";
  var control = document.querySelector(".text-size");
  function apply(step) {
    document.documentElement.style.fontSize = sizes[step];
    if (!control) return;
    var buttons = control.querySelectorAll("button");
    for (var i = 0; i < buttons.length; i++) {
      var b = buttons[i];
      var target = b.getAttribute("data-text-size");
      b.setAttribute("aria-pressed", String((target === "0" && step === 0) || (target === "1" && step === sizes.length - 1)));
    }
  }
  var step = 0;
  try { step = Math.min(sizes.length - 1, Math.max(0, parseInt(localStorage.getItem(key) || "0", 10) || 0)); } catch (e) {}
  apply(step);
  if (!control) return;
  control.hidden = false;
  control.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    var delta = parseInt(button.getAttribute("data-text-size"), 10);
    step = delta === 0 ? 0 : Math.min(sizes.length - 1, Math.max(0, step + delta));
    apply(step);
    try { localStorage.setItem(key, String(step)); } catch (e) {}
  });
})();
