// The entry screen's warning while typing: a value far outside the indicator's range
// (above 3× the target, or below half of last year's) needs a note and the 确认异常值
// tick. The tick carries the value it confirms, so changing the value clears it. The
// server checks the same rule on save (indicators/rules.py); this only warns early.
(function () {
  "use strict";
  function number(text) {
    var cleaned = (text || "").replace(/[０-９．]/g, function (c) {
      return c === "．" ? "." : String.fromCharCode(c.charCodeAt(0) - 0xFEE0);
    }).replace(/,/g, "").trim();
    return cleaned === "" ? NaN : Number(cleaned);
  }
  document.querySelectorAll("input[data-warn-above], input[data-warn-below]").forEach(function (input) {
    // The warning is referenced by aria-describedby only while it says something (an
    // empty description is noise); a server error's id stays referenced throughout.
    var box = document.getElementById(input.dataset.warn);
    var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
      return id && id !== box.id;
    });
    var confirm = input.parentNode.querySelector(".confirm-outlier input");
    function offerConfirmation(outlier) {
      if (!confirm) {
        return;
      }
      var typed = input.value.trim();
      if (confirm.value !== typed) {
        confirm.checked = false;
        confirm.value = typed;
        confirm.parentNode.querySelector(".confirm-value").textContent = typed;
      }
      confirm.parentNode.hidden = !(outlier || (typed !== "" && typed === confirm.dataset.serverValue));
    }
    function check() {
      var value = number(input.value), above = number(input.dataset.warnAbove), below = number(input.dataset.warnBelow);
      var message = "";
      if (!isNaN(value) && !isNaN(above) && value > above) {
        message = "超过目标值的 3 倍：如确认无误，请在“说明”中写明原因并勾选“确认异常值”。";
      } else if (!isNaN(value) && !isNaN(below) && value < below) {
        message = "比上年下降一半以上：如确认无误，请在“说明”中写明原因并勾选“确认异常值”。";
      }
      box.textContent = message;
      var ids = message ? described.concat([box.id]) : described;
      if (ids.length) {
        input.setAttribute("aria-describedby", ids.join(" "));
      } else {
        input.removeAttribute("aria-describedby");
      }
      offerConfirmation(message !== "");
    }
    input.addEventListener("input", check);
    check();
  });
})();
// A refused save: the error summary at the top takes focus (autofocus does so too; this
// covers a page restored from the back/forward cache), so a screen reader reads it first.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
})();
