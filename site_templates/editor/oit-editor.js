// oit-site's additions to Decap CMS (README "Editing in the browser"). window.OIT_EDITOR is
// written by `oit editor` (generator/editor.py write_admin): the key order of the forms, the
// page's Thai sentences, each form's item and page, and where findings (--serve) or the CI
// result (git host) are.
(function () {
  var S = window.OIT_EDITOR || {order: [], items: {}, text: {}};
  var CMS = window.CMS;

  function say(key, values) {
    return (S.text[key] || key).replace(/\{(\w+)\}/g, function (_, name) {
      return values && values[name] !== undefined ? values[name] : "";
    });
  }

  // --- what the CMS saves reads like front matter written by hand ---------------------------
  // Decap orders top-level keys by the form, but keys inside a list entry come in the order they
  // were filled in; this puts them in the form's order (title, file, url, period, part; name,
  // position, photo, …) and drops emptied optional values, so `url: ""` or `file: null` never
  // reaches the file.
  function rank(key) {
    var at = S.order.indexOf(key);
    return at < 0 ? S.order.length : at;
  }
  function empty(value) {
    return value === null || value === undefined || value === "" ||
      (value && typeof value.toJS === "function" && value.size === 0);
  }
  function isMap(value) {
    return value && typeof value.sortBy === "function" && typeof value.keySeq === "function";
  }
  function tidy(value) {
    if (isMap(value)) {
      return value.filter(function (v) { return !empty(v); })
        .map(tidy)
        .sortBy(function (v, k) { return k; }, function (a, b) { return rank(a) - rank(b); });
    }
    if (value && typeof value.map === "function" && typeof value.toJS === "function") {
      return value.map(tidy);  // a list
    }
    return value;
  }
  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var data = event.entry.get("data");
      // an optional field left empty (owner, pii_unchecked) is not written; evidence: [] is kept
      return data.filter(function (value, key) { return key === "evidence" || key === "body" || !empty(value); })
        .map(function (value, key) { return key === "body" ? value : tidy(value); });
    },
  });

  // --- Decap's Thai texts: spelling ----------------------------------------------------------
  var thai = CMS.getLocale && CMS.getLocale("th");
  if (thai && thai.editor && thai.editor.editorToolbar) {
    thai.editor.editorToolbar.changesSaved = "การเปลี่ยนแปลงถูกบันทึกแล้ว";
    thai.editor.editorToolbar.unpublishing = "กำลังยกเลิกการเผยแพร่...";
    thai.editor.editorToolbar.deleteUnpublishedChanges = "ลบการเปลี่ยนแปลงเนื้อหาที่ยังไม่ได้เผยแพร่";
  }

  // --- the media library lists evidence files, not the item's index.md ------------------------
  // decap-server lists every file of the item's folder (getMedia); the form's own file and
  // hidden files are not evidence to pick or delete.
  if (S.findings && window.fetch) {
    var fetchOriginal = window.fetch.bind(window);
    window.fetch = function (resource, init) {
      var body = init && typeof init.body === "string" ? init.body : "";
      var promise = fetchOriginal(resource, init);
      if (body.indexOf('"action":"getMedia"') < 0) {
        return promise;
      }
      return promise.then(function (response) {
        if (!response.ok) {
          return response;
        }
        return response.json().then(function (files) {
          var evidence = files.filter(function (f) { return !/(^|\/)(index\.md|\.[^\/]*)$/.test(f.path || f.name || ""); });
          return new Response(JSON.stringify(evidence), {status: response.status, headers: response.headers});
        });
      });
    };
  }

  // --- findings: one request per year, asked again after each save ---------------------------
  var years = {};  // year → {data, promise}
  var listeners = [];

  function notify() {
    listeners.forEach(function (fn) { fn(); });
  }

  function loadYear(year, fresh) {
    var state = years[year] || (years[year] = {});
    if (state.promise) {
      return fresh ? state.promise.then(function () { return loadYear(year, true); }) : state.promise;
    }
    if (state.data && !fresh) {
      return Promise.resolve(state.data);
    }
    state.promise = fetch(S.findings + "?year=" + year, {cache: "no-store", credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .catch(function (err) { return {error: String(err)}; })
      .then(function (data) {
        state.data = data;
        state.promise = null;
        notify();
        return data;
      });
    return state.promise;
  }

  function afterSave(year) {
    // the findings of what was saved at once; then, while the live preview rebuilds, again until
    // its build time changes (then the preview pane reloads the page)
    var state = years[year] || (years[year] = {});
    var before = state.data ? state.data.built : null;
    var tries = 0;
    state.rebuilding = before !== null && before !== undefined;
    notify();
    function poll() {
      loadYear(year, true).then(function (data) {
        tries += 1;
        state.rebuilding = state.rebuilding && data.built === before && tries < 60;
        notify();
        if (state.rebuilding) {
          setTimeout(poll, 500);
        }
      });
    }
    poll();
  }

  function itemOf(entry) {
    return S.items[entry && entry.get("path")] || null;
  }

  if (S.findings) {
    CMS.registerEventListener({
      name: "postSave",
      handler: function (event) {
        var item = itemOf(event.entry);
        if (item) {
          afterSave(item.year);
        }
      },
    });
  }

  // --- the preview pane: the item's check and its page ---------------------------------------
  var h = window.h;
  var box = {fontFamily: "sans-serif", fontSize: "15px", lineHeight: "1.5", color: "#1d1d1f"};
  var tone = {complete: "#1b5e20", not_due: "#37474f", incomplete: "#b71c1c", missing: "#b71c1c"};

  function findingLine(f) {
    var where = [f.severity_th || f.severity];
    if (f.part) { where.push(say("part", {part: f.part})); }
    if (f.line) { where.push(say("line", {line: f.line})); }
    return h("li", {key: f.rule + f.line + f.message, "data-rule": f.rule,
                    style: {margin: "0 0 .5em", color: f.severity === "error" ? "#b71c1c" : "#6d4c00"}},
      h("strong", null, where.join(" · ") + ": "), f.message);
  }

  var Panel = window.createClass({
    componentDidMount: function () {
      var self = this;
      this.listener = function () { self.forceUpdate(); };
      listeners.push(this.listener);
      var item = itemOf(this.props.entry);
      if (item && S.findings) { loadYear(item.year); }
    },
    componentWillUnmount: function () {
      listeners = listeners.filter(function (fn) { return fn !== this.listener; }, this);
    },
    render: function () {
      var item = itemOf(this.props.entry);
      if (!item) {
        return h("div", {style: box});
      }
      var title = h("h1", {key: "title", style: {fontSize: "20px", margin: "0 0 .6em"}}, item.label);
      if (!S.findings) {  // on the git host: CI checks each commit
        return h("div", {style: box, className: "oit-check"}, title,
          h("p", null, say("ci")),
          S.ci ? h("p", null, h("a", {href: S.ci, target: "_blank", rel: "noopener"}, say("ci_link"))) : h("p", null, say("no_ci")));
      }
      var state = years[item.year] || {};
      var data = state.data;
      var parts = [title];
      if (!data) {
        parts.push(h("p", {key: "wait"}, say("checking")));
      } else if (data.error) {
        parts.push(h("p", {key: "error", style: {color: "#b71c1c"}}, say("failed", {error: data.error})));
      } else {
        var result = data.items[item.code] || {status: "missing", status_th: "", findings: []};
        parts.push(h("h2", {key: "head", className: "oit-status", "data-status": result.status,
                            style: {fontSize: "18px", margin: "0 0 .3em", color: tone[result.status] || "#1d1d1f"}},
          say("heading", {code: item.code, status: result.status_th})));
        parts.push(h("p", {key: "note", style: {margin: "0 0 .8em", color: "#555"}}, say("as_saved")));
        parts.push(result.findings.length
          ? h("ul", {key: "list", className: "oit-findings", style: {paddingLeft: "1.2em"}}, result.findings.map(findingLine))
          : h("p", {key: "clean", className: "oit-findings"}, say("clean")));
      }
      if (S.preview) {
        parts.push(h("p", {key: "pv", style: {margin: "1em 0 .3em"}},
          state.rebuilding ? say("rebuilding") : say("preview")));
        parts.push(h("iframe", {key: "frame" + (data ? data.built : ""), src: S.preview + item.page,
                                title: item.code, style: {width: "100%", height: "1200px", border: "1px solid #ccc"}}));
      }
      return h("div", {style: box, className: "oit-check"}, parts);
    },
  });
  var forms = {};
  Object.keys(S.items).forEach(function (path) { forms[S.items[path].code] = true; });
  Object.keys(forms).forEach(function (code) { CMS.registerPreviewTemplate(code, Panel); });

  // --- the item list: each item's status beside its name --------------------------------------
  if (S.findings) {
    var listPage = /^#\/collections\/y(\d+)\/?(\?.*)?$/;
    function markList() {
      var match = listPage.exec(location.hash);
      var data = match && years[match[1]] && years[match[1]].data;
      if (!match) { return; }
      if (!data) { loadYear(match[1]); return; }
      if (data.error) { return; }
      document.querySelectorAll('a[href*="/collections/y' + match[1] + '/entries/"]').forEach(function (link) {
        var result = data.items[link.getAttribute("href").split("/entries/")[1]];
        if (!result) { return; }
        var badge = link.querySelector(".oit-badge");
        if (!badge) {
          badge = document.createElement("span");
          badge.className = "oit-badge";
          badge.style.cssText = "display:inline-block;margin:0 .6em;padding:0 .5em;border-radius:4px;font-size:13px;color:#fff";
          (link.querySelector("h2") || link).appendChild(badge);
        }
        var text = result.status_th + (result.findings.length ? " (" + result.findings.length + ")" : "");
        if (badge.textContent !== text) {  // unchanged: no mutation, so the observer stays quiet
          badge.textContent = text;
          badge.setAttribute("data-status", result.status);
          badge.style.background = tone[result.status] || "#37474f";
        }
      });
    }
    listeners.push(markList);
    new MutationObserver(markList).observe(document.documentElement, {childList: true, subtree: true});
    window.addEventListener("hashchange", function () {
      var match = listPage.exec(location.hash);
      if (match) {
        loadYear(match[1], true);  // back at the list: files may have changed since
      }
    });
  }
})();
