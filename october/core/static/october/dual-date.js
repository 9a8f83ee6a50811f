// Beside each dual-date input (october.forms.DualDateWidget), show the day in
// the other calendar while the editor types. The server does the same
// conversion on save, so this is only a convenience.
(function () {
  "use strict";

  // Julian Day Numbers, as in october/dates.py.
  function julianToJdn(y, m, d) {
    var a = Math.floor((14 - m) / 12), yy = y + 4800 - a, mm = m + 12 * a - 3;
    return d + Math.floor((153 * mm + 2) / 5) + 365 * yy + Math.floor(yy / 4) - 32083;
  }

  function gregorianToJdn(y, m, d) {
    var a = Math.floor((14 - m) / 12), yy = y + 4800 - a, mm = m + 12 * a - 3;
    return d + Math.floor((153 * mm + 2) / 5) + 365 * yy + Math.floor(yy / 4) -
      Math.floor(yy / 100) + Math.floor(yy / 400) - 32045;
  }

  function fromDays(c, m) {
    return {day: c - Math.floor((153 * m + 2) / 5) + 1, month: m + 3 - 12 * Math.floor(m / 10)};
  }

  function jdnToJulian(jdn) {
    var c = jdn + 32082, d = Math.floor((4 * c + 3) / 1461);
    var e = c - Math.floor(1461 * d / 4), m = Math.floor((5 * e + 2) / 153);
    var r = fromDays(e, m);
    r.year = d - 4800 + Math.floor(m / 10);
    return r;
  }

  function jdnToGregorian(jdn) {
    var a = jdn + 32044, b = Math.floor((4 * a + 3) / 146097);
    var c = a - Math.floor(146097 * b / 4), d = Math.floor((4 * c + 3) / 1461);
    var e = c - Math.floor(1461 * d / 4), m = Math.floor((5 * e + 2) / 153);
    var r = fromDays(e, m);
    r.year = 100 * b + d - 4800 + Math.floor(m / 10);
    return r;
  }

  function daysInMonth(y, m, julian) {
    if (m === 2) {
      var leap = y % 4 === 0 && (julian || y % 100 !== 0 || y % 400 === 0);
      return leap ? 29 : 28;
    }
    return [4, 6, 9, 11].indexOf(m) >= 0 ? 30 : 31;
  }

  function update(box) {
    var part = function (name) { return box.querySelector('[data-dual-date-part="' + name + '"]'); };
    var output = box.querySelector("output");
    var match = /^\s*(\d{1,4})-(\d{1,2})-(\d{1,2})\s*$/.exec(part("date").value);
    var julian = part("calendar").value === "julian";
    output.textContent = "";
    if (!match || part("precision").value !== "day") return;
    var y = +match[1], m = +match[2], d = +match[3];
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m, julian)) return;
    var other = julian ? jdnToGregorian(julianToJdn(y, m, d)) : jdnToJulian(gregorianToJdn(y, m, d));
    // The day as the editor's language writes it: "7 November 1917",
    // "7 de noviembre de 1917", "7 ноября 1917 г." (october/core/dates.py).
    var months = output.dataset.months.split("|");
    var pattern = output.dataset.pattern || "{day} {month} {year}";
    var text = pattern.replace("{day}", other.day).replace("{month}", months[other.month - 1])
      .replace("{year}", other.year);
    var style = julian ? output.dataset.newStyle : output.dataset.oldStyle;
    output.textContent = "= " + text + " (" + style + ")";
  }

  // Delegated, so inline rows the admin adds later are covered too.
  function onEdit(event) {
    var box = event.target.closest && event.target.closest("[data-dual-date]");
    if (box) update(box);
  }
  document.addEventListener("input", onEdit);
  document.addEventListener("change", onEdit);
})();
