/*
 * Thai words in search queries (oit-site, generator/engine/search.py).
 *
 * `oit build` segments the Thai text of the search index into words (PyThaiNLP) separated by
 * U+200B. This script runs in Material's search worker, before Material's own message handler:
 * it learns the index's Thai words from the setup message and rewrites every Thai run of a query
 * into lunr clauses over those words, all required:
 *
 *   ร้องเรียน          → +*ร้องเรียน*          (a word, or part of a longer word: "เรื่องร้องเรียน")
 *   การจัดซื้อ          → +*การ +จัดซื้อ*        (several words typed without spaces)
 *   จัดจ้าง            → +*จัดจ้าง*            (inside the compound "จัดซื้อจัดจ้าง")
 *
 * A run that the site's words cannot spell is left alone (Material then finds nothing for it).
 * Everything else in the query (English words, +/- modifiers, quotes) is passed on unchanged.
 */
(function () {
  "use strict";

  var SETUP = 0;                       /* Material's SearchMessageType.SETUP */
  var QUERY = 2;                       /* Material's SearchMessageType.QUERY */
  var THAI = /[\u0E01-\u0E5B]+/g;
  var MAX_RUN = 80;                    /* longer runs are left alone */

  var words = new Set();               /* every Thai word of the index */
  var prefixes = new Set();            /* ... and every prefix and suffix of one */
  var suffixes = new Set();
  var vocabulary = [];

  function learnWord(word) {
    if (words.has(word))
      return;
    words.add(word);
    for (var i = 1; i <= word.length; i++) {
      prefixes.add(word.slice(0, i));
      suffixes.add(word.slice(word.length - i));
    }
  }

  function learn(config, docs) {
    var separator = new RegExp((config && config.separator) || "[\\s\\-]+", "g");
    docs.forEach(function (doc) {
      [doc.title, doc.text].forEach(function (value) {
        if (typeof value !== "string")
          return;
        value.replace(/<[^>]*>/g, " ").split(separator).forEach(function (token) {
          (token.match(THAI) || []).forEach(learnWord);
        });
      });
    });
    vocabulary = Array.from(words);
  }

  /* Clauses for one Thai run, or the run itself when the site's words cannot spell it */
  function clauses(run) {
    if (run.length > MAX_RUN)
      return run;
    for (var w = 0; w < vocabulary.length; w++)
      if (vocabulary[w].indexOf(run) !== -1)
        return "+*" + run + "*";

    /* Fewest pieces: the end of a word, whole words, the start of a word */
    var n = run.length;
    var best = [0];
    var back = [];
    for (var k = 1; k <= n; k++)
      best[k] = Infinity;
    for (var i = 0; i < n; i++) {
      if (best[i] === Infinity)
        continue;
      for (var j = n; j > i; j--) {
        var piece = run.slice(i, j);
        var known = i === 0 ? suffixes.has(piece) : j === n ? prefixes.has(piece) : words.has(piece);
        if (known && best[i] + 1 < best[j]) {
          best[j] = best[i] + 1;
          back[j] = i;
        }
      }
    }
    if (best[n] === Infinity)
      return run;
    var pieces = [];
    for (var end = n; end > 0; end = back[end])
      pieces.unshift(run.slice(back[end], end));
    return pieces.map(function (p, index) {
      if (index === 0)
        return "+*" + p;
      return index === pieces.length - 1 ? "+" + p + "*" : "+" + p;
    }).join(" ");
  }

  function rewrite(query) {
    if (!words.size || !THAI.test(query))
      return query;
    THAI.lastIndex = 0;
    return query.split(/(\s+)/).map(function (term) {
      if (!term.trim() || /^[+\-]|[":~^*]/.test(term))
        return term;                   /* the user's own lunr syntax: keep it */
      return term.replace(THAI, function (run, offset) {
        var before = offset > 0 ? " " : "";
        var after = offset + run.length < term.length ? " " : "";
        return before + clauses(run) + after;
      });
    }).join("");
  }

  addEventListener("message", function (ev) {
    var message = ev.data;
    if (!message || typeof message !== "object")
      return;
    try {
      if (message.type === SETUP && message.data && Array.isArray(message.data.docs))
        learn(message.data.config, message.data.docs);
      else if (message.type === QUERY && typeof message.data === "string")
        message.data = rewrite(message.data);
    } catch (err) {
      console.warn("oit-site Thai search:", err);   /* Material still answers, unsegmented */
    }
  });
})();
