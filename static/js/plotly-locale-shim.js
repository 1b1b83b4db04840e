// plotly.js-locales ships CommonJS files (`module.exports = {...}`), not browser scripts.
// Loaded right before vendor/plotly-locales/zh-cn.js (and after plotly.js, whose UMD
// wrapper would otherwise see this `module`), it gives the locale somewhere to go;
// charts.js registers it with Plotly and removes the global again.
window.module = { exports: {} };
