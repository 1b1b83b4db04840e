// Draws every figure on the page: <div data-figure="ID"> gets the plotly figure stored
// as JSON in <script id="ID" type="application/json"> (Django's json_script).
(function () {
  "use strict";
  var locale = window.module && window.module.exports;
  if (locale && locale.moduleType === "locale") {
    Plotly.register(locale);
  }
  delete window.module;

  // No toolbar button may leave the site: plotly's "Share chart…" (showSendToCloud,
  // on by default) uploads the chart to Plotly Cloud, "Edit in Chart Studio" and the
  // logo link to plotly.com. What stays zooms, pans and saves a PNG locally.
  var config = {
    locale: "zh-CN",
    responsive: true,
    displaylogo: false,
    showLink: false,
    showSendToCloud: false,
    showEditInChartStudio: false,
    modeBarButtonsToRemove: ["sendDataToCloud", "editInChartStudio"],
  };
  // On a phone the toolbar has no room beside the title: hidden (the data table and
  // 查看图表数据 give the numbers; pinch zoom still works).
  var phoneConfig = Object.assign({}, config, { displayModeBar: false });

  function draw() {
    document.querySelectorAll("[data-figure]").forEach(function (el) {
      var source = document.getElementById(el.dataset.figure);
      if (!source) return;
      var figure = JSON.parse(source.textContent);
      if (el.clientWidth < 600) {
        // On a phone the legend would cover the bars; every bar is labelled anyway.
        figure.layout.showlegend = false;
        figure.layout.font = Object.assign({}, figure.layout.font, { size: 12 });
        figure.layout.margin = Object.assign({}, figure.layout.margin, { t: 50, l: 40, r: 10 });
        // Axis labels and long category names grow the margins rather than being cut.
        figure.layout.xaxis = Object.assign({}, figure.layout.xaxis, { automargin: true });
        figure.layout.yaxis = Object.assign({}, figure.layout.yaxis, { automargin: true });
        if (figure.layout.title) {
          figure.layout.title = Object.assign({}, figure.layout.title, { font: { size: 13 } });
        }
        // What the chart itself says to use on a phone (display/charts.py: layout.meta.phone):
        // short names, a short axis title, short labels.
        var phone = figure.layout.meta && figure.layout.meta.phone;
        if (phone) {
          Object.keys(phone).forEach(function (key) {
            if (key === "labels") {
              figure.data.forEach(function (trace) {
                if (trace.meta === "labels") trace.text = phone.labels;
              });
              return;
            }
            var value = phone[key];
            var current = figure.layout[key];
            var merge = value && typeof value === "object" && !Array.isArray(value) &&
              current && typeof current === "object" && !Array.isArray(current);
            figure.layout[key] = merge ? Object.assign({}, current, value) : value;
          });
        }
      }
      Plotly.newPlot(el, figure.data, figure.layout, el.clientWidth < 600 ? phoneConfig : config);
    });
    // Selectors marked data-autosubmit submit their form on change (the button stays
    // for keyboards and for browsers without JavaScript).
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
