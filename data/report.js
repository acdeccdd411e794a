/* plangraph report: sorting and filtering of tables, timeline → table links, and an interactive
   network (drag, hover highlight, click to pin, kind toggles, search). Inlined into report.html by
   plangraph.pipeline.report; plain ES2017, no library, no network access. */
(function () {
  "use strict";

  var collator = new Intl.Collator("zh-Hans-CN", { numeric: true });

  /* ---------------------------------------------------------------- tables */

  function cellKey(row, i, type) {
    var td = row.cells[i];
    var raw = td.hasAttribute("data-sort") ? td.getAttribute("data-sort") : td.textContent.trim();
    if (type === "num") {
      var f = parseFloat(raw);
      return isNaN(f) ? null : f;
    }
    return raw;
  }

  function sortTable(table, i, th) {
    var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir);
    var type = th.getAttribute("data-type") || "text";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var sign = dir === "ascending" ? 1 : -1;
    rows.sort(function (a, b) {
      var ka = cellKey(a, i, type), kb = cellKey(b, i, type);
      var emptyA = ka === null || ka === "", emptyB = kb === null || kb === "";
      var r;
      if (emptyA || emptyB) {
        r = emptyA === emptyB ? 0 : (emptyA ? 1 : -1);  // empty cells always last
        if (r !== 0) { return r; }
      } else if (type === "num") {
        r = sign * (ka - kb);
      } else {
        r = sign * collator.compare(ka, kb);
      }
      return r || (+a.getAttribute("data-i") - +b.getAttribute("data-i"));
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  document.querySelectorAll("table.sortable").forEach(function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      th.tabIndex = 0;
      th.addEventListener("click", function () { sortTable(table, i, th); });
      th.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); sortTable(table, i, th); }
      });
    });
  });

  function applyFilter(bar) {
    var table = document.getElementById(bar.getAttribute("data-table"));
    if (!table) { return; }
    var terms = bar.querySelector(".f-text").value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    var selects = Array.prototype.slice.call(bar.querySelectorAll(".f-select"));
    var rows = table.tBodies[0].rows, shown = 0;
    Array.prototype.forEach.call(rows, function (row) {
      var text = row.textContent.toLowerCase();
      var ok = terms.every(function (t) { return text.indexOf(t) >= 0; });
      selects.forEach(function (s) {
        if (ok && s.value) {
          var have = (row.getAttribute("data-" + s.getAttribute("data-key")) || "").split(" ");
          ok = have.indexOf(s.value) >= 0;
        }
      });
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    var noun = bar.querySelector(".f-text").getAttribute("aria-label").replace(/^Filter /, "");
    if (rows.length === 1) { noun = noun.replace(/s$/, ""); }
    bar.querySelector(".f-count").textContent =
      (shown === rows.length ? "" : shown + " of ") + rows.length + " " + noun;
  }

  document.querySelectorAll(".filters").forEach(function (bar) {
    bar.querySelectorAll("input, select").forEach(function (el) {
      el.addEventListener("input", function () { applyFilter(bar); });
      el.addEventListener("change", function () { applyFilter(bar); });
    });
  });

  /* ------------------------------------------------------------- timeline */

  document.querySelectorAll(".tl-dot").forEach(function (dot) {
    dot.addEventListener("click", function () {
      var row = document.getElementById(dot.getAttribute("data-target"));
      if (!row) { return; }
      var bar = document.querySelector('.filters[data-table="targets-table"]');
      if (bar && row.hidden) {
        bar.querySelector(".f-text").value = "";
        bar.querySelectorAll(".f-select").forEach(function (s) { s.value = ""; });
        applyFilter(bar);
      }
      row.scrollIntoView({ block: "center", behavior: "smooth" });
      row.classList.remove("flash");
      void row.offsetWidth;  // restart the animation
      row.classList.add("flash");
    });
  });

  /* -------------------------------------------------------------- network */

  var svg = document.getElementById("net");
  if (!svg) { return; }
  var nodes = {}, adj = {}, edgesOf = {};
  svg.querySelectorAll(".node").forEach(function (g) {
    var id = g.getAttribute("data-id");
    var m = /translate\(([-\d.]+),([-\d.]+)\)/.exec(g.getAttribute("transform"));
    nodes[id] = { el: g, x: +m[1], y: +m[2] };
    adj[id] = [];
    edgesOf[id] = [];
  });
  svg.querySelectorAll(".edge").forEach(function (line) {
    var a = line.getAttribute("data-a"), b = line.getAttribute("data-b");
    if (!nodes[a] || !nodes[b]) { return; }
    adj[a].push(b); adj[b].push(a);
    edgesOf[a].push({ line: line, end: 1 });
    edgesOf[b].push({ line: line, end: 2 });
  });

  var info = document.getElementById("net-info");
  var pinned = null;

  function escapeText(s) {
    var d = document.createElement("div");
    d.textContent = s;
    return d.innerHTML;
  }

  function showInfo(id) {
    if (!info) { return; }
    if (!id) {
      info.innerHTML = '<p class="hint">Hover a node to see its neighbours; click to pin; drag to move.</p>';
      return;
    }
    var g = nodes[id].el, kind = g.getAttribute("data-kind");
    var names = adj[id].map(function (n) { return nodes[n].el.getAttribute("data-label"); }).sort(collator.compare);
    var list = names.slice(0, 14).map(function (n) { return "<li>" + escapeText(n) + "</li>"; }).join("");
    var more = names.length > 14 ? "<li>… " + (names.length - 14) + " more</li>" : "";
    var what = kind === "document" ? "shares " + names.length + " entities shown" : "in " + names.length + " documents";
    info.innerHTML = '<div class="k">' + escapeText(kind) + "</div><h5>" + escapeText(g.getAttribute("data-label")) +
      "</h5><div>" + escapeText(what) + "</div><ul>" + list + more + "</ul>";
  }

  function focus(id) {
    svg.querySelectorAll(".hl").forEach(function (el) { el.classList.remove("hl"); });
    if (!id) { svg.classList.remove("focus"); showInfo(null); return; }
    svg.classList.add("focus");
    nodes[id].el.classList.add("hl");
    adj[id].forEach(function (n) { nodes[n].el.classList.add("hl"); });
    edgesOf[id].forEach(function (e) { e.line.classList.add("hl"); });
    showInfo(id);
  }

  function toSvg(ev) {
    var pt = svg.createSVGPoint();
    pt.x = ev.clientX; pt.y = ev.clientY;
    return pt.matrixTransform(svg.getScreenCTM().inverse());
  }

  function move(id, x, y) {
    var n = nodes[id];
    n.x = x; n.y = y;
    n.el.setAttribute("transform", "translate(" + x.toFixed(1) + "," + y.toFixed(1) + ")");
    edgesOf[id].forEach(function (e) {
      e.line.setAttribute("x" + e.end, x.toFixed(1));
      e.line.setAttribute("y" + e.end, y.toFixed(1));
    });
  }

  var drag = null;
  Object.keys(nodes).forEach(function (id) {
    var g = nodes[id].el;
    g.addEventListener("pointerenter", function () { if (!drag && !pinned) { focus(id); } });
    g.addEventListener("pointerleave", function () { if (!drag && !pinned) { focus(null); } });
    g.addEventListener("pointerdown", function (ev) {
      var p = toSvg(ev);
      drag = { id: id, dx: nodes[id].x - p.x, dy: nodes[id].y - p.y, moved: false };
      g.classList.add("dragging");
      g.setPointerCapture(ev.pointerId);
      ev.preventDefault();
    });
    g.addEventListener("pointermove", function (ev) {
      if (!drag || drag.id !== id) { return; }
      var p = toSvg(ev);
      drag.moved = true;
      move(id, p.x + drag.dx, p.y + drag.dy);
    });
    g.addEventListener("pointerup", function (ev) {
      if (!drag || drag.id !== id) { return; }
      g.classList.remove("dragging");
      g.releasePointerCapture(ev.pointerId);
      if (!drag.moved) {  // a click: pin or unpin this node's neighbourhood
        pinned = pinned === id ? null : id;
        focus(pinned || id);
      }
      drag = null;
    });
  });
  svg.addEventListener("click", function (ev) {
    if (ev.target === svg && pinned) { pinned = null; focus(null); }
  });

  document.querySelectorAll(".net-controls .kind input").forEach(function (box) {
    box.addEventListener("change", function () {
      svg.classList.toggle("hide-" + box.getAttribute("data-kind"), !box.checked);
    });
  });

  var search = document.getElementById("net-search");
  if (search) {
    search.addEventListener("input", function () {
      var q = search.value.trim().toLowerCase();
      Object.keys(nodes).forEach(function (id) {
        var label = (nodes[id].el.getAttribute("data-label") || "").toLowerCase();
        nodes[id].el.classList.toggle("match", q !== "" && label.indexOf(q) >= 0);
      });
    });
  }
})();
