// The two things the default theme does with JavaScript; every page works without it.
// 1. Text size ("Xem với cỡ chữ A A A"): three sizes, remembered in this browser.
//    Without JavaScript the control stays hidden and the browser's own zoom still works.
// 2. Print buttons. Both are shown only with JavaScript (the `js` class on <html>).
(function () {
  "use strict";
  var sizes = ["100%", "118%", "136%"];
  var key = "minhbach-text-size";
  var root = document.documentElement;
  var control = document.querySelector(".text-size");
  // Normally done in <head>; repeated here for sites whose policy blocks inline scripts.
  if (!/(^|\s)js(\s|$)/.test(root.className)) root.className += " js";

  function apply(step) {
    root.style.fontSize = step > 0 ? sizes[step] : "";
    if (!control) return;
    var buttons = control.querySelectorAll("button[data-text-size]");
    for (var i = 0; i < buttons.length; i++) {
      var pressed = buttons[i].getAttribute("data-text-size") === String(step);
      buttons[i].setAttribute("aria-pressed", pressed ? "true" : "false");
    }
  }

  var step = 0;
  try { step = parseInt(localStorage.getItem(key) || "0", 10) || 0; } catch (e) { step = 0; }
  if (step < 0 || step >= sizes.length) step = 0;
  apply(step);

  if (control) {
    control.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-text-size]");
      if (!button) return;
      step = parseInt(button.getAttribute("data-text-size"), 10) || 0;
      apply(step);
      try { localStorage.setItem(key, String(step)); } catch (e) { /* private mode: size lasts this page */ }
    });
  }

  var printButtons = document.querySelectorAll("[data-print]");
  for (var j = 0; j < printButtons.length; j++) {
    if (typeof window.print !== "function") printButtons[j].hidden = true;
    printButtons[j].addEventListener("click", function () { window.print(); });
  }
})();
