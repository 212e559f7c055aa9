// sourcetrace explorer: the little behaviour the server-rendered pages need.
// No inline script anywhere (the CSP forbids it); every page loads this one file.
// Text from documents never passes through innerHTML: record cards are cloned DOM nodes.
"use strict";

(function () {
  function onReady(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }

  // -- document view ------------------------------------------------------------------------
  function initDocument() {
    var text = document.getElementById("text");
    var pop = document.getElementById("popover");
    if (!text || !pop) return;
    var pinned = null;
    var hoverTimer = null;

    function cardsFor(seg) {
      var ids = (seg.getAttribute("data-r") || "").split(" ").filter(Boolean);
      return ids.map(function (i) { return document.getElementById("r" + i); }).filter(Boolean);
    }

    // a side-panel entry with its details (closed <details> in the panel, so not laid out there)
    function fullCard(card) {
      var c = document.createElement("div");
      c.className = card.className;
      c.appendChild(card.querySelector(".rec-title").cloneNode(true));
      var dl = card.querySelector("dl");
      if (dl) c.appendChild(dl.cloneNode(true));
      return c;
    }

    function show(seg, pin) {
      var cards = cardsFor(seg);
      if (!cards.length) return;
      while (pop.firstChild) pop.removeChild(pop.firstChild);
      var close = document.createElement("button");
      close.className = "close"; close.type = "button"; close.textContent = "×";
      close.setAttribute("aria-label", "Close");
      close.addEventListener("click", hide);
      pop.appendChild(close);
      cards.forEach(function (card) { pop.appendChild(fullCard(card)); });
      var r = seg.getBoundingClientRect();
      pop.hidden = false;
      var left = Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - pop.offsetWidth - 12);
      pop.style.left = Math.max(8, left) + "px";
      pop.style.top = (window.scrollY + r.bottom + 6) + "px";
      if (pinned) pinned.classList.remove("active");
      if (pin) { pinned = seg; seg.classList.add("active"); }
    }

    function hide() {
      pop.hidden = true;
      if (pinned) pinned.classList.remove("active");
      pinned = null;
    }

    text.addEventListener("click", function (ev) {
      var seg = ev.target.closest(".seg");
      if (!seg) { hide(); return; }
      ev.stopPropagation();
      show(seg, true);
    });
    text.addEventListener("keydown", function (ev) {
      var seg = ev.target.closest && ev.target.closest(".seg");
      if (seg && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); show(seg, true); }
    });
    text.addEventListener("mouseover", function (ev) {
      var seg = ev.target.closest(".seg");
      if (!seg || pinned) return;
      clearTimeout(hoverTimer);
      hoverTimer = setTimeout(function () { show(seg, false); }, 250);
    });
    text.addEventListener("mouseout", function () {
      clearTimeout(hoverTimer);
      if (!pinned) hoverTimer = setTimeout(function () { if (!pinned && !pop.matches(":hover")) pop.hidden = true; }, 400);
    });
    document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") hide(); });
    document.addEventListener("click", function (ev) { if (pinned && !pop.contains(ev.target)) hide(); });

    document.querySelectorAll(".legend input[data-kind]").forEach(function (box) {
      box.addEventListener("change", function () {
        text.classList.toggle("hide-" + box.getAttribute("data-kind"), !box.checked);
      });
    });

    function flashHash() {
      document.querySelectorAll(".flash").forEach(function (el) { el.classList.remove("flash"); });
      var id = decodeURIComponent(location.hash.slice(1));
      if (!/^s\d+-\d+$/.test(id)) return;
      var recs = document.querySelectorAll('.rec[data-span="' + id + '"]');
      var wanted = {};
      recs.forEach(function (rec) { rec.classList.add("flash"); wanted[rec.id.slice(1)] = true; });
      var first = null;
      text.querySelectorAll(".seg").forEach(function (seg) {
        var ids = (seg.getAttribute("data-r") || "").split(" ");
        if (ids.some(function (i) { return wanted[i]; })) { seg.classList.add("flash"); first = first || seg; }
      });
      var anchor = document.getElementById(id);
      (anchor || first) && (anchor || first).scrollIntoView({ block: "center" });
    }
    window.addEventListener("hashchange", flashHash);
    flashHash();
  }

  // -- shared zoom/pan on an SVG -----------------------------------------------------------------
  function zoomable(svg, controls, onView) {
    var dragging = null;
    svg.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var box = svg.getBoundingClientRect();
      var fx = (ev.clientX - box.left) / box.width, fy = (ev.clientY - box.top) / box.height;
      onView.zoom(ev.deltaY < 0 ? 1.25 : 0.8, fx, fy);
    }, { passive: false });
    svg.addEventListener("pointerdown", function (ev) {
      if (ev.button !== 0) return;
      dragging = { x: ev.clientX, y: ev.clientY, moved: false };
    });
    window.addEventListener("pointermove", function (ev) {
      if (!dragging) return;
      var dx = ev.clientX - dragging.x, dy = ev.clientY - dragging.y;
      if (Math.abs(dx) + Math.abs(dy) > 2) dragging.moved = true;
      if (dragging.moved) {
        var box = svg.getBoundingClientRect();
        onView.pan(dx / box.width, dy / box.height);
        dragging.x = ev.clientX; dragging.y = ev.clientY;
      }
    });
    window.addEventListener("pointerup", function () {
      if (dragging && dragging.moved) {
        // a drag is not a click on the item under the pointer
        svg.addEventListener("click", function stop(e) { e.preventDefault(); e.stopPropagation(); }, { capture: true, once: true });
      }
      dragging = null;
    });
    if (controls) {
      controls.querySelectorAll("button[data-zoom]").forEach(function (b) {
        b.addEventListener("click", function () {
          var what = b.getAttribute("data-zoom");
          if (what === "in") onView.zoom(1.5, 0.5, 0.5);
          else if (what === "out") onView.zoom(1 / 1.5, 0.5, 0.5);
          else onView.reset(what);
        });
      });
    }
  }

  // -- timeline: items repositioned along a zoomable day axis --------------------------------------
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var EPOCH = 719163; // Python's date(1970, 1, 1).toordinal()

  function ordToDate(o) { return new Date((o - EPOCH) * 86400000); }
  function dateToOrd(d) { return Math.round(d.getTime() / 86400000) + EPOCH; }

  function ticksFor(lo, hi) {
    var span = hi - lo, out = [], a = ordToDate(lo), y, m, d;
    if (span > 365 * 3) {
      var step = Math.max(1, Math.ceil(span / 365 / 10));
      for (y = a.getUTCFullYear() + 1; ; y += step) {
        d = dateToOrd(new Date(Date.UTC(y, 0, 1)));
        if (d > hi) break;
        out.push([d, String(y)]);
      }
    } else if (span > 60) {
      var mstep = Math.max(1, Math.ceil(span / 30 / 12));
      y = a.getUTCFullYear(); m = a.getUTCMonth() + 1;
      for (;;) {
        var dt = new Date(Date.UTC(y, m, 1)); m += mstep;
        d = dateToOrd(dt);
        if (d > hi) break;
        out.push([d, MONTHS[dt.getUTCMonth()] + " " + dt.getUTCFullYear()]);
      }
    } else {
      var dstep = Math.max(1, Math.ceil(span / 12));
      for (d = lo + 1; d <= hi; d += dstep) {
        var x = ordToDate(d);
        out.push([d, x.getUTCDate() + " " + MONTHS[x.getUTCMonth()] + " " + x.getUTCFullYear()]);
      }
    }
    return out;
  }

  function initTimeline() {
    var svg = document.getElementById("tl");
    if (!svg) return;
    var NS = "http://www.w3.org/2000/svg";
    var lo0 = +svg.getAttribute("data-lo"), hi0 = +svg.getAttribute("data-hi"), W = +svg.getAttribute("data-width");
    var lo = lo0, hi = hi0;
    var items = Array.prototype.slice.call(svg.querySelectorAll(".ti"));
    var ticks = svg.querySelector(".ticks");
    var height = svg.viewBox.baseVal.height;

    function draw() {
      var span = Math.max(1, hi - lo);
      items.forEach(function (it) {
        var t0 = +it.getAttribute("data-t0"), t1 = +it.getAttribute("data-t1");
        var x = (t0 - lo) / span * W, w = Math.max(0, (t1 - t0) / span * W);
        it.querySelector("circle").setAttribute("cx", x.toFixed(2));
        var r = it.querySelector("rect"); r.setAttribute("x", x.toFixed(2)); r.setAttribute("width", w.toFixed(2));
      });
      while (ticks.firstChild) ticks.removeChild(ticks.firstChild);
      ticksFor(lo, hi).forEach(function (t) {
        var g = document.createElementNS(NS, "g"), line = document.createElementNS(NS, "line"), label = document.createElementNS(NS, "text");
        g.setAttribute("class", "tick");
        g.setAttribute("transform", "translate(" + ((t[0] - lo) / span * W).toFixed(2) + ",0)");
        line.setAttribute("y1", "18"); line.setAttribute("y2", String(height));
        label.setAttribute("y", "14"); label.textContent = t[1];
        g.appendChild(line); g.appendChild(label); ticks.appendChild(g);
      });
      svg.setAttribute("data-view", lo + "-" + hi);
    }

    zoomable(svg, document.querySelector('.zoom-controls[data-for="tl"]'), {
      zoom: function (factor, fx) {
        var span = hi - lo, c = lo + fx * span, ns = Math.max(3, span / factor);
        lo = c - fx * ns; hi = lo + ns; draw();
      },
      pan: function (dx) { var s = (hi - lo) * dx; lo -= s; hi -= s; draw(); },
      reset: function () { lo = lo0; hi = hi0; draw(); }
    });
    draw();
  }

  // -- map: viewBox zoom and pan over degrees ----------------------------------------------------------
  function initMap() {
    var svg = document.getElementById("map");
    if (!svg) return;
    var start = svg.getAttribute("data-vb").split(" ").map(Number);
    var vb = start.slice();
    var circles = Array.prototype.slice.call(svg.querySelectorAll(".pt circle"));

    function draw() {
      vb[2] = Math.min(360, Math.max(0.5, vb[2])); vb[3] = vb[2] / 2;
      vb[0] = Math.min(180 - vb[2], Math.max(-180, vb[0]));
      vb[1] = Math.min(90 - vb[3], Math.max(-90, vb[1]));
      svg.setAttribute("viewBox", vb.map(function (v) { return v.toFixed(3); }).join(" "));
      var k = vb[2] / start[2];
      circles.forEach(function (c) { c.setAttribute("r", (+c.getAttribute("data-r") * Math.sqrt(k)).toFixed(3)); });
    }

    zoomable(svg, document.querySelector('.zoom-controls[data-for="map"]'), {
      zoom: function (factor, fx, fy) {
        var nw = vb[2] / factor, nh = nw / 2;
        vb[0] += (vb[2] - nw) * fx; vb[1] += (vb[3] - nh) * fy; vb[2] = nw; vb[3] = nh; draw();
      },
      pan: function (dx, dy) { vb[0] -= dx * vb[2]; vb[1] -= dy * vb[3]; draw(); },
      reset: function (what) { vb = what === "world" ? [-180, -90, 360, 180] : start.slice(); draw(); }
    });
    draw();
  }

  // -- network: hovering a node highlights its edges ------------------------------------------------------
  function initNetwork() {
    var svg = document.getElementById("net");
    if (!svg) return;
    svg.querySelectorAll(".node").forEach(function (node) {
      var name = node.getAttribute("data-name");
      node.addEventListener("mouseenter", function () {
        svg.classList.add("dim");
        svg.querySelectorAll(".edge").forEach(function (e) {
          if (e.getAttribute("data-a") === name || e.getAttribute("data-b") === name) e.classList.add("hl");
        });
      });
      node.addEventListener("mouseleave", function () {
        svg.classList.remove("dim");
        svg.querySelectorAll(".edge.hl").forEach(function (e) { e.classList.remove("hl"); });
      });
    });
  }

  onReady(function () {
    initDocument();
    initTimeline();
    initMap();
    initNetwork();
  });
})();
