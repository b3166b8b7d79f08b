// Instant search and filters for the projects page. The page works without
// this script (every filter value has its own page); with it, the form
// appears, filters combine, counts update, and the state lives in the URL
// (?q=&status=&place=&funder=&from=&to=) so a search can be shared. Its
// words are the site's messages, which the page gives it as JSON
// (#f-messages), in the page's language.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var list = document.getElementById("results");
  var count = document.getElementById("f-count");
  var messages = document.getElementById("f-messages");
  if (!form || !list || !messages || !window.fetch || !window.URLSearchParams || !window.Intl) return;

  var M = JSON.parse(messages.textContent);
  var lang = document.documentElement.lang || "en";
  var plurals = new Intl.PluralRules(lang), numbers = new Intl.NumberFormat(lang);
  // t is the message key with its {placeholders} filled from args; a
  // message with plural forms takes the one args.count calls for.
  function t(key, args) {
    var m = M[key];
    args = args || {};
    if (typeof m === "object") m = m[plurals.select(args.count)] || m.other;
    return m.replace(/\{([a-z]+)\}/g, function (_, name) {
      var v = args[name];
      return typeof v === "number" ? numbers.format(v) : v;
    });
  }
  var STATUS = { c: "current", p: "past", u: "upcoming" };
  var PAGE = 100;
  var base = form.getAttribute("data-base") || "";
  var index, shown = PAGE;
  var shards = {}; // a shard of the words of the projects' bodies → its words' project lists, once loaded; false while loading
  var hays = []; // per project: its title, code and places' names and aliases, folded
  var placeOf = {}, funderOf = {}; // project → the facet values it has
  var namesOf = {}; // project → the names and aliases of the places it names, folded, for the search
  var byKey = {}; // a place's name or alias, as placeKey folds it → the place
  var pager = document.querySelector(".pager");
  // A later page of the plain list (/projects/page/3/) keeps its own
  // projects and pager until the reader filters; filters apply to the whole
  // list, whose address is the first page's.
  var listPath = location.pathname.replace(/page\/\d+\/$/, "");
  var paged = listPath !== location.pathname;

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    (children || []).forEach(function (c) {
      e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return e;
  }
  // fold lower-cases s and takes accents off, so that "joao" finds "João".
  function fold(s) { return s.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, ""); }
  function hay(i, p) {
    if (hays[i] === undefined) hays[i] = fold(p[1] + " " + p[2] + " " + (namesOf[i] || ""));
    return hays[i];
  }
  // placeKey folds a place's name as the build's resolver does (package
  // places): words only, without accents, apostrophes or periods, "&" as
  // "and", no leading "the", "st" as "saint"; so "Cote d'Ivoire" and
  // "St. Lucia" find their places, and "Tanzania" finds the United Republic
  // of Tanzania.
  function placeKey(s) {
    var w = fold(s).replace(/['’‘`´ʼ.]/g, "").replace(/&/g, " and ").split(/[^a-z0-9\u00c0-\uffff]+/).filter(Boolean);
    if (w[0] === "the" && w.length > 1) w.shift();
    if (w.length > 1) w = w.map(function (x) { return x === "st" ? "saint" : x; });
    return w.join(" ");
  }
  function words(ym) { return t("date.month", { month: t("month." + ym % 100), year: String(Math.floor(ym / 100)) }); }
  // slug is the last segment of a page's path: "/groups/africa/" → "africa".
  function slug(path) { return path.split("/").filter(Boolean).pop(); }
  function undelta(a) {
    var out = [], n = 0;
    for (var i = 0; i < a.length; i++) { n += a[i]; out.push(n); }
    return out;
  }

  // slugOf is the build's slug of an ASCII title (render.slugOf): a
  // project's slug ending in "*" is its start and its title's slug.
  function slugOf(title) { return title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, ""); }
  // shardOf names the file of data/words/ that holds a folded word (render.shardOf).
  function shardOf(w) { return /^[a-z0-9]/.test(w) ? w.charAt(0) : "u" + w.codePointAt(0).toString(16); }

  // load decodes data/index.json (render/index.go says how): each
  // project's address and places, each place's projects, naming it and
  // reaching it, and what each reaches it through.
  function load(data) {
    index = data;
    index.projects.forEach(function (p, i) {
      var s = p[0];
      if (s.charAt(s.length - 1) === "*") s = s.slice(0, -1) + slugOf(p[1]);
      p.url = "/projects/" + s + "/";
      p.ids = p[6].filter(function (x) { return typeof x === "number"; });
      p.names = p[6].map(function (x) { return typeof x === "number" ? index.places[x][0] : x; }).join(t("list.separator"));
      p.ids.forEach(function (x) { (index.places[x].direct = index.places[x].direct || []).push(i); });
    });
    index.places.forEach(function (p) {
      p.direct = p.direct || []; p.slug = slug(p[1]);
      p.names = [p[0]].concat(p[3]);
    });
    index.places.forEach(function (p) {
      var via = {}, set = {};
      p[4].forEach(function (v) { via[v] = true; index.places[v].direct.forEach(function (i) { set[i] = true; }); });
      undelta(p[5]).forEach(function (i) { set[i] = true; });
      undelta(p[6]).forEach(function (i) { delete set[i]; });
      p.reached = Object.keys(set).map(Number).sort(function (a, b) { return a - b; });
      p.via = {};
      p.reached.forEach(function (i) {
        p.via[i] = index.projects[i].ids.filter(function (x) { return via[x]; })
          .map(function (x) { return index.places[x][0]; }).join(", ");
      });
      p[7].forEach(function (e) { p.via[e[0]] = e[1]; });
      p.names.forEach(function (n) { byKey[placeKey(n)] = p; });
      p.direct.forEach(function (i) { namesOf[i] = (namesOf[i] || "") + " " + p.names.join(" "); });
    });
  }

  fetch(form.getAttribute("data-index")).then(function (r) {
    if (!r.ok) throw new Error(r.status);
    return r.json();
  }).then(function (data) {
    load(data);
    index.funders.forEach(function (f) { f.ids = undelta(f[2]); f.slug = slug(f[1]); });
    index.places.forEach(function (p) {
      p.direct.concat(p.reached).forEach(function (i) { (placeOf[i] = placeOf[i] || []).push(p.slug); });
    });
    index.funders.forEach(function (f) {
      f.ids.forEach(function (i) { (funderOf[i] = funderOf[i] || []).push(f.slug); });
    });
    var minY = 9999, maxY = 0;
    index.projects.forEach(function (p) {
      minY = Math.min(minY, Math.floor(p[4] / 100));
      maxY = Math.max(maxY, Math.floor((p[5] || p[4]) / 100), new Date().getFullYear());
    });
    fill("f-status", ["current", "past", "upcoming"].map(function (s) { return [s, t("status." + s)]; }));
    fill("f-place", index.places.map(function (p) { return [p.slug, p[0]]; }));
    fill("f-funder", index.funders.map(function (f) { return [f.slug, f[0]]; }));
    var years = [];
    for (var y = minY; y <= maxY; y++) years.push([String(y), String(y)]);
    fill("f-from", years);
    fill("f-to", years);
    read();
    form.hidden = false;
    function takeOver() {
      paged = false;
      if (pager) pager.hidden = true;
    }
    function chosen() { unknown = ""; takeOver(); shown = PAGE; write(); update(); }
    form.addEventListener("input", chosen);
    form.addEventListener("reset", function () { setTimeout(chosen, 0); });
    // The list follows every change; the button is for those who expect
    // one, and takes them to the count of what it shows.
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      chosen();
      document.getElementById("f-count").focus();
    });
    window.addEventListener("popstate", function () { if (!paged) { read(); update(); } });
    if (!paged || location.search) {
      takeOver();
      update();
    }
  }).catch(function () { /* keep the plain list and the browse links */ });

  function fill(id, options) {
    var select = document.getElementById(id);
    options.forEach(function (o) {
      var opt = el("option", { value: o[0] }, [o[1]]);
      opt.setAttribute("data-label", o[1]);
      select.appendChild(opt);
    });
  }
  // unknown says which values of a shared address no longer exist (a
  // place renamed, a funder gone): their filters are left out, and said so.
  var unknown = "";
  function read() {
    var params = new URLSearchParams(location.search);
    var missing = [];
    Array.prototype.forEach.call(form.elements, function (f) {
      if (!f.name) return;
      var want = params.get(f.name) || "";
      f.value = want;
      if (f.tagName === "SELECT" && f.value !== want) { // a search field may tidy what it is given
        var label = form.querySelector("label[for='" + f.id + "']");
        missing.push(t("filter.choice", { value: want, filter: label ? label.textContent : f.name }));
      }
    });
    unknown = missing.length ? t("filter.unknown", {
      choices: missing.reduce(function (a, b) { return t("filter.or", { a: a, b: b }); })
    }) + " " : "";
  }
  function write() {
    var params = new URLSearchParams();
    Array.prototype.forEach.call(form.elements, function (f) {
      if (f.name && f.value) params.set(f.name, f.value);
    });
    var qs = params.toString();
    history.replaceState(null, "", listPath + (qs ? "?" + qs : ""));
  }
  // found returns the projects (as keys of an object) whose bodies have a
  // word starting with the folded term, from its shard of data/words/,
  // which it fetches, then updates the list, when it has not yet: null
  // until then.
  function found(term) {
    var key = shardOf(term);
    if (index.words.indexOf(key) < 0) return {};
    var shard = shards[key];
    if (shard === undefined) {
      shards[key] = false;
      fetch(base + "/data/words/" + key + ".json").then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json();
      }).then(function (s) { shards[key] = s; update(); })
        .catch(function () { delete shards[key]; });
    }
    if (!shard) return null;
    var out = {};
    Object.keys(shard).forEach(function (w) {
      if (w.lastIndexOf(term, 0) === 0) undelta(shard[w]).forEach(function (i) { out[i] = true; });
    });
    return out;
  }
  function value(name) { return form.elements[name].value; }

  // matchers returns one test per active filter, keyed by filter name, so
  // that each facet's counts can leave its own filter out.
  function matchers() {
    var m = {};
    var q = fold(value("q").trim());
    var named = q && byKey[placeKey(q)];
    if (q) {
      // A search for a place finds what its filter finds, the projects
      // naming it and those reaching it (update lists them first), and
      // then, as any search, the projects whose words hold the terms: a
      // project funded by Brazil is found by "Brazil" too.
      var nset = {};
      if (named) named.direct.concat(named.reached).forEach(function (i) { nset[i] = true; });
      var terms = q.split(/\s+/);
      var bodies = terms.map(found); // null for a shard still on its way: titles and codes alone until it comes
      m.q = function (i, p) {
        if (nset[i]) return true;
        var h = hay(i, p);
        return terms.every(function (t, n) { return h.indexOf(t) >= 0 || (bodies[n] && bodies[n][i]); });
      };
    }
    var st = value("status");
    if (st) m.status = function (i, p) { return STATUS[p[3]] === st; };
    var pl = value("place");
    if (pl) {
      var place = index.places.filter(function (x) { return x.slug === pl; })[0];
      var set = {};
      if (place) place.direct.concat(place.reached).forEach(function (i) { set[i] = true; });
      m.place = function (i) { return !!set[i]; };
    }
    var fu = value("funder");
    if (fu) {
      var funder = index.funders.filter(function (x) { return x.slug === fu; })[0];
      var fset = {};
      if (funder) funder.ids.forEach(function (i) { fset[i] = true; });
      m.funder = function (i) { return !!fset[i]; };
    }
    var from = parseInt(value("from"), 10), to = parseInt(value("to"), 10);
    if (from || to) {
      m.years = function (i, p) {
        var s = Math.floor(p[4] / 100), e = p[5] ? Math.floor(p[5] / 100) : 9999;
        return (!from || e >= from) && (!to || s <= to);
      };
    }
    return m;
  }

  // focus returns the place the reader asked for, by searching its name or
  // choosing it, if any: its projects are listed naming it first.
  function focus() {
    var q = fold(value("q").trim());
    var pl = value("place");
    return (q && byKey[placeKey(q)]) || (pl && index.places.filter(function (x) { return x.slug === pl; })[0]) || null;
  }

  function update() {
    var m = matchers(), keys = Object.keys(m);
    var hits = [], counts = { status: {}, place: {}, funder: {} };
    index.projects.forEach(function (p, i) {
      var failed = keys.filter(function (k) { return !m[k](i, p); });
      if (failed.length === 0) hits.push(i);
      // A facet's counts show what choosing each of its values would give.
      function tally(facet, filter, vals) {
        if (failed.length === 0 || (failed.length === 1 && failed[0] === filter)) {
          vals.forEach(function (v) { counts[facet][v] = (counts[facet][v] || 0) + 1; });
        }
      }
      tally("status", "status", [STATUS[p[3]]]);
      tally("place", "place", placeOf[i] || []);
      tally("funder", "funder", funderOf[i] || []);
    });
    label("f-status", counts.status);
    label("f-place", counts.place);
    label("f-funder", counts.funder);
    var f = focus();
    if (f) {
      // The projects naming the place, then those reaching it, then the
      // rest a search found.
      var tier = {};
      f.direct.forEach(function (i) { tier[i] = 0; });
      f.reached.forEach(function (i) { if (tier[i] === undefined) tier[i] = 1; });
      hits = [0, 1, 2].reduce(function (out, t) {
        return out.concat(hits.filter(function (i) { return (tier[i] === undefined ? 2 : tier[i]) === t; }));
      }, []);
    }
    render(hits, f);
  }
  function label(id, counts) {
    Array.prototype.forEach.call(document.getElementById(id).options, function (o) {
      if (o.value) o.textContent = o.getAttribute("data-label") + " (" + (counts[o.value] || 0) + ")";
    });
  }
  function render(hits, f) {
    list.textContent = "";
    hits.slice(0, shown).forEach(function (i) {
      var p = index.projects[i];
      var frame = p[5] ? t("timeframe", { start: words(p[4]), end: words(p[5]) }) : t("timeframe.open", { start: words(p[4]) });
      var status = STATUS[p[3]];
      var through = f && f.via[i] !== undefined ? " " + t("filter.through", { place: f[0], via: f.via[i] }) : "";
      list.appendChild(el("li", through ? { "class": "reached" } : {}, [
        el("a", { href: base + p.url }, [p[1]]), " ",
        el("span", { "class": "meta" }, [
          el("span", { "class": "status status-" + status }, [t("status." + status)]),
          " · " + frame + (p.names ? " · " + p.names : "") + through])
      ]));
    });
    var n = hits.length;
    count.textContent = unknown + (n === index.projects.length && !Object.keys(matchers()).length
      ? t("filter.all", { count: n }) : t("filter.match", { count: n }));
    if (n > shown) {
      var more = el("button", { type: "button", "class": "more" }, [t("filter.more", { count: Math.min(PAGE, n - shown) })]);
      more.addEventListener("click", function () { shown += PAGE; render(hits, f); });
      list.appendChild(el("li", { "class": "more-item" }, [more]));
    }
  }
})();
