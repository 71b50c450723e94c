// oit-site: what the CMS saves must read like front matter written by hand (README "Writing
// content"). Decap orders top-level keys by the form, but keys inside a list entry come in the
// order they were filled in; this puts them in the form's order (title, file, url, period, part;
// name, position, photo, …: window.OIT_KEY_ORDER, written by `oit editor`) and drops emptied
// optional values, so `url: ""` or `file: null` never reaches the file.
(function () {
  var order = window.OIT_KEY_ORDER || [];
  function rank(key) {
    var at = order.indexOf(key);
    return at < 0 ? order.length : at;
  }
  function empty(value) {
    return value === null || value === undefined || value === "";
  }
  function tidy(value) {
    if (value && typeof value.sortBy === "function" && typeof value.keySeq === "function") {  // a mapping
      return value.filter(function (v) { return !empty(v); })
        .map(tidy)
        .sortBy(function (v, k) { return k; }, function (a, b) { return rank(a) - rank(b); });
    }
    if (value && typeof value.map === "function" && typeof value.keySeq !== "function" && typeof value.toJS === "function") {
      return value.map(tidy);  // a list
    }
    return value;
  }
  window.CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var data = event.entry.get("data");
      return data.map(function (value, key) {
        return key === "body" ? value : tidy(value);
      });
    },
  });
})();
