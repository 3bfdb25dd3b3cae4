// The two things the default theme does with JavaScript; every page works without it.
// 1. Text size ("Xem với cỡ chữ A A A"): three sizes, remembered in this browser.
//    Without JavaScript the control stays hidden and the browser's own zoom still works.
// 2. Print buttons: shown only when they can work; the browser's print command always does.
(function () {
  "use strict";
  var sizes = ["100%", "118%", "136%"];
  var key = "minhbach-text-size";
  var root = document.documentElement;
  var control = document.querySelector(".text-size");

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
    control.hidden = false;
    control.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-text-size]");
      if (!button) return;
      step = parseInt(button.getAttribute("data-text-size"), 10) || 0;
      apply(step);
      try { localStorage.setItem(key, String(step)); } catch (e) { /* private mode: size lasts this page */ }
    });
  }

  if (typeof window.print === "function") {
    var printButtons = document.querySelectorAll("[data-print]");
    for (var j = 0; j < printButtons.length; j++) {
      printButtons[j].hidden = false;
      printButtons[j].addEventListener("click", function () { window.print(); });
    }
  }
})();
