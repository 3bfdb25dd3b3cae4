// minhbach serve: reloads the page after each rebuild and, while the content
// has errors, shows them over the page. Injected only by `serve`, never built.
// Everything the user wrote is put in with textContent, never as HTML.
(() => {
  "use strict";
  const base = "/__minhbach/";
  const tag = document.querySelector("script[data-minhbach-build]");
  const pageBuild = tag ? tag.getAttribute("data-minhbach-build") : null;
  const overlayId = "minhbach-errors";

  function element(name, text, style) {
    const el = document.createElement(name);
    if (text !== undefined) el.textContent = text;
    if (style) Object.assign(el.style, style);
    return el;
  }

  function hide() {
    const old = document.getElementById(overlayId);
    if (old) old.remove();
  }

  function where(d) {
    let text = d.file + ":" + d.line;
    if (d.column) text += ":" + d.column;
    return text;
  }

  function render(doc, errors) {
    hide();
    const box = element("section", undefined, {
      position: "fixed", left: "0", right: "0", bottom: "0", zIndex: "2147483647",
      maxHeight: "60vh", overflow: "auto", margin: "0", padding: "1rem 1.25rem",
      background: "#fff", color: "#1a1a1a", borderTop: "4px solid #b00020",
      boxShadow: "0 -2px 12px rgba(0,0,0,.3)", font: "15px/1.45 system-ui, sans-serif",
    });
    box.id = overlayId;
    box.setAttribute("role", "alert");
    // The heading, the fixes and the button are in the editors' language;
    // the findings themselves are in English.
    box.setAttribute("lang", doc.lang || "en");
    const heading = element(
      "h2",
      doc.heading || errors.length + " content errors",
      { margin: "0 0 .5rem", font: "bold 17px/1.3 system-ui, sans-serif", color: "#b00020" },
    );
    box.append(heading);
    const list = element("ol", undefined, { margin: "0", paddingLeft: "1.5rem" });
    for (const d of errors) {
      const item = element("li", undefined, { margin: ".35rem 0" });
      item.className = "minhbach-error";
      const place = element("code", where(d), { fontWeight: "bold" });
      place.className = "minhbach-error-where";
      if (d.open) {
        // Opens the file at the line in the editor (VS Code and others).
        const link = element("a");
        link.href = d.open;
        link.className = "minhbach-error-open";
        link.append(place);
        item.append(link);
      } else {
        item.append(place);
      }
      if (d.key) {
        item.append(document.createTextNode(" "));
        const key = element("code", "`" + d.key + "`");
        key.className = "minhbach-error-key";
        item.append(key);
      }
      const message = element("span", " " + d.message);
      message.className = "minhbach-error-message";
      message.setAttribute("lang", "en");
      item.append(message);
      if (d.fix) {
        const fix = element("p", d.fix, { margin: ".15rem 0 0" });
        fix.className = "minhbach-error-fix";
        item.append(fix);
      }
      list.append(item);
    }
    box.append(list);
    const close = element("button", doc.hide || "Hide", { marginTop: ".75rem", font: "inherit" });
    close.type = "button";
    close.addEventListener("click", hide);
    box.append(close);
    document.body.append(box);
  }

  async function refresh() {
    let data;
    try {
      const response = await fetch(base + "errors.json", { cache: "no-store" });
      data = await response.json();
    } catch (_) {
      return;
    }
    const errors = (data.diagnostics || []).filter((d) => d.severity === "error");
    if (errors.length > 0) render(data, errors); else hide();
  }

  const events = new EventSource(base + "events");
  events.addEventListener("hello", (e) => {
    const state = JSON.parse(e.data);
    // Lets a test (or a curious author) see that the page is listening.
    document.documentElement.setAttribute("data-minhbach-live", "connected");
    // A rebuild happened between loading this page and connecting (or the server restarted).
    if (pageBuild !== null && String(state.build) !== pageBuild) {
      location.reload();
      return;
    }
    if (state.errors > 0) refresh(); else hide();
  });
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("errors", () => refresh());
})();
