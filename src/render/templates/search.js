/* spendsite search: filters the site's index (search-index.js, loaded by the tag before this script, so
   that it works opened from disk) as the reader types. Every word typed must appear in a report's title,
   summary, tags or dataset names, ignoring case and accents; reports with the words in their title come
   first, then the newest. ?q= in the address is read on load and kept up to date. */
(function () {
  "use strict";
  var index = window.spendsiteSearchIndex;
  var box = document.getElementById("search");
  if (!box || !index || index.format !== "spendsite-search" || index.version !== 1) return;
  var form = box.querySelector("form");
  var input = form.querySelector("input");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var root = box.getAttribute("data-root") || "";
  var SHOWN = 50;
  var field = {};
  index.fields.forEach(function (name, i) { field[name] = i; });

  // Lower case, accents and apostrophes dropped, ß as ss, anything else that is not a letter or a digit
  // a space: "Walmart's" and "Walmarts" are both "walmarts", "Jähr" is "jahr".
  function fold(text) {
    return " " + text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f'’]/g, "").replace(/ß/g, "ss")
      .replace(/[^\p{L}\p{N}]+/gu, " ") + " ";
  }

  var reports = index.reports.map(function (r) {
    var datasets = r[field.datasets].map(function (d) { return index.datasets[d]; });
    return {
      r: r,
      title: fold(r[field.title]),
      summary: fold(r[field.summary]),
      rest: fold([r[field.summary]].concat(r[field.tags], datasets).join(" ")),
      tags: r[field.tags].map(function (t) { return [t, fold(t)]; }),
      datasets: datasets.map(function (d) { return [d, fold(d)]; }),
    };
  });

  // How well report `e` matches `words`: null unless every word is in it; else [words in the title,
  // words that start a word], higher first.
  function score(e, words) {
    var inTitle = 0, starts = 0;
    for (var i = 0; i < words.length; i++) {
      var w = words[i], t = e.title.indexOf(w);
      if (t < 0 && e.rest.indexOf(w) < 0) return null;
      if (t >= 0) inTitle++;
      if (e.title.indexOf(" " + w) >= 0 || e.rest.indexOf(" " + w) >= 0) starts++;
    }
    return [inTitle, starts];
  }

  function wordsOf(query) {
    return fold(query).split(" ").filter(Boolean);
  }

  function matches(words) {
    if (!words.length) return null;
    var found = [];
    reports.forEach(function (e, position) {
      var s = score(e, words);
      if (s) found.push({ e: e, s: s, position: position });
    });
    return found.sort(function (a, b) { return b.s[0] - a.s[0] || b.s[1] - a.s[1] || a.position - b.position; });
  }

  function element(tag, text, attrs) {
    var el = document.createElement(tag);
    if (text) el.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    return el;
  }

  // The tags and datasets that hold a word, when the title and summary do not hold them all: the reader
  // sees why the report matched.
  function why(e, words) {
    var seen = words.every(function (w) { return e.title.indexOf(w) >= 0 || e.summary.indexOf(w) >= 0; });
    if (seen) return null;
    var holds = function (pair) { return words.some(function (w) { return pair[1].indexOf(w) >= 0; }); };
    var parts = [];
    var tags = e.tags.filter(holds), datasets = e.datasets.filter(holds);
    var name = function (pair) { return pair[0]; };
    if (tags.length) parts.push(box.getAttribute("data-tags") + ": " + tags.map(name).join(", "));
    if (datasets.length) parts.push(box.getAttribute("data-datasets") + ": " + datasets.map(name).join(", "));
    return parts.join(" · ");
  }

  function card(e, words) {
    var r = e.r, lang = r[field.lang];
    var li = element("li", "", { "class": "card", lang: lang });
    var h = li.appendChild(element("h2"));
    h.appendChild(element("a", r[field.title], { href: root + r[field.url] }));
    var meta = li.appendChild(element("p", "", { "class": "meta" }));
    meta.appendChild(element("time", r[field.date_text], { datetime: r[field.date] }));
    meta.appendChild(document.createTextNode(" · "));
    meta.appendChild(element("span", index.languages[lang] || lang, { "class": "lang" }));
    if (r[field.summary]) li.appendChild(element("p", r[field.summary]));
    var also = why(e, words);
    if (also) li.appendChild(element("p", also, { "class": "search-why" }));
    return li;
  }

  function message(key, n, shown) {
    var number = function (x) { return x.toLocaleString(document.documentElement.lang); };
    return box.getAttribute("data-" + key).replace("{n}", number(n)).replace("{shown}", number(shown));
  }

  function show(query) {
    var words = wordsOf(query);
    var found = matches(words);
    list.textContent = "";
    list.hidden = !found || !found.length;
    if (!found) {
      status.textContent = "";
      return;
    }
    found.slice(0, SHOWN).forEach(function (m) { list.appendChild(card(m.e, words)); });
    var n = found.length;
    status.textContent = message(n === 0 ? "none" : n === 1 ? "one" : n > SHOWN ? "first" : "many", n, SHOWN);
  }

  // The address says what was searched for, so that a search can be linked and survives a reload.
  function remember(query) {
    try {
      history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : location.pathname);
    } catch (e) {
      // Some browsers refuse to change a file:// address; the search works all the same.
    }
  }

  form.hidden = false;
  input.value = new URLSearchParams(location.search).get("q") || "";
  show(input.value);
  input.addEventListener("input", function () {
    show(input.value);
    remember(input.value.trim());
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    show(input.value);
    remember(input.value.trim());
  });
})();
