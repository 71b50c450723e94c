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
 *
 * On the way back it tidies Material's results: a result's summary is the sentence (paragraph,
 * list item, cell) that holds the first match, not the start of its section; and a query word
 * found inside a compound ("จัดจ้าง" in "จัดซื้อจัดจ้าง") is not listed as missing.
 */
(function () {
  "use strict";

  var SETUP = 0;                       /* Material's SearchMessageType.SETUP */
  var QUERY = 2;                       /* Material's SearchMessageType.QUERY */
  var RESULT = 3;                      /* Material's SearchMessageType.RESULT */
  var BLOCK = /<\/?(?:p|li|ul|ol|dl|dt|dd|table|thead|tbody|tr|td|th|h[1-6]|div|section|blockquote|pre)\b[^>]*>/g;
  var SUMMARY = 240;                   /* characters of a summary around its match */
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

  /* The block of `text` that holds its first <mark>, cut to about SUMMARY characters around it */
  function summary(text) {
    if (typeof text !== "string" || text.indexOf("<mark") < 0)
      return text;
    var blocks = text.replace(BLOCK, "\n").split("\n");
    var line = "";
    for (var i = 0; i < blocks.length && !line; i++)
      if (blocks[i].indexOf("<mark") >= 0)
        line = blocks[i].trim();
    if (line.length > SUMMARY) {
      var at = line.indexOf("<mark");
      var start = Math.max(0, line.lastIndexOf(" ", Math.max(0, at - SUMMARY / 3)));
      var end = line.indexOf(" ", Math.max(line.indexOf("</mark>", at) + 7, start + SUMMARY));
      line = (start > 0 ? "… " : "") + line.slice(start, end < 0 ? line.length : end).trim() + (end < 0 ? "" : " …");
    }
    return "<p>" + line + "</p>";
  }

  function plain(html) {
    return String(html || "").replace(/<[^>]*>/g, "").replace(/\u200b/g, "").toLowerCase();
  }

  function tidy(result) {
    (result.items || []).forEach(function (group) {
      group.forEach(function (item) {
        var found = plain(item.title) + " " + plain(item.text);
        Object.keys(item.terms || {}).forEach(function (term) {
          if (!item.terms[term] && found.indexOf(term.toLowerCase()) >= 0)
            item.terms[term] = true;     /* found, inside a longer word */
        });
        item.text = summary(item.text);
      });
    });
  }

  /* Material's worker answers with the global postMessage: results pass through tidy() first */
  var post = self.postMessage;
  self.postMessage = function (message) {
    try {
      if (message && message.type === RESULT && message.data)
        tidy(message.data);
    } catch (err) {
      console.warn("oit-site Thai search:", err);
    }
    return post.apply(self, arguments);
  };

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
