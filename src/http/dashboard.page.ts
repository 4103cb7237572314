/**
 * The KPI dashboard's page, style and script, served as they are (no build step): plain HTML and
 * a script that reads the GraphQL API with the leader's token (kept in the tab's sessionStorage,
 * sent as a bearer header; never a cookie) and draws with Apache ECharts.
 */

export const DASHBOARD_HTML = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chỉ số cải cách hành chính — Liên Thông Hub</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/dashboard/app.css">
<script src="/dashboard/echarts.min.js" defer></script>
<script src="/dashboard/app.js" defer></script>
</head>
<body>
<header><h1>Chỉ số dịch vụ công trực tuyến</h1><span id="period"></span>
<form id="year-form" hidden><label>Năm <select id="year"></select></label></form></header>
<section id="login">
  <h2>Đăng nhập</h2>
  <p>Dán mã truy cập (JWT) của lãnh đạo hoặc quản trị — LEADER, ADMIN.</p>
  <form id="login-form"><textarea id="token" rows="5" required></textarea>
  <p><button type="submit">Đăng nhập</button></p><p id="login-error" class="error"></p></form>
</section>
<main id="board" hidden>
  <section class="card wide"><h2>Chỉ tiêu theo cấp</h2><table id="kpi"><thead><tr>
    <th>Cấp</th><th>Hồ sơ tiếp nhận</th><th>Tỷ lệ trực tuyến</th><th>Tỷ lệ đúng hạn</th>
    <th>Tỷ lệ thanh toán trực tuyến</th><th>Tỷ lệ đồng bộ Cổng DVCQG</th><th>Quá hạn</th><th>Số ngày xử lý bình quân</th>
  </tr></thead><tbody></tbody></table></section>
  <section class="card"><h2>So với chỉ tiêu</h2><div id="chart-levels" class="chart"></div></section>
  <section class="card"><h2>Tỷ lệ trực tuyến theo tháng</h2><div id="chart-trend" class="chart"></div></section>
  <section class="card"><h2>Hồ sơ quá hạn</h2><p id="overdue-count"></p><table id="overdue"><thead><tr>
    <th>Mã hồ sơ</th><th>Thủ tục</th><th>Cơ quan tiếp nhận</th><th>Hạn trả</th></tr></thead><tbody></tbody></table></section>
  <section class="card"><h2>Hàng đợi</h2><p id="workers"></p><table id="queues"><thead><tr>
    <th>Hàng đợi</th><th>Đang chờ</th><th>Đang chạy</th><th>Chờ đến hạn</th><th>Thất bại</th></tr></thead><tbody></tbody></table>
    <ul id="warnings"></ul></section>
</main>
</body>
</html>
`;

export const DASHBOARD_CSS = `
[hidden] { display: none !important; }
body { font-family: system-ui, 'Segoe UI', Roboto, sans-serif; margin: 0; background: #f4f6f8; color: #1d2733; }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 1em; padding: 0.8em 1.2em; background: #8b1d1d; color: #fff; }
header h1 { font-size: 1.3em; margin: 0; }
#login { max-width: 32em; margin: 2em auto; background: #fff; padding: 1em 1.5em; border-radius: 8px; }
#login textarea { width: 100%; }
main { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 30em), 1fr)); gap: 1em; padding: 1em; }
.card { background: #fff; border-radius: 8px; padding: 0.5em 1em 1em; box-shadow: 0 1px 3px rgba(0,0,0,.08); overflow-x: auto; }
.card.wide { grid-column: 1 / -1; }
.card h2 { font-size: 1.05em; }
.chart { width: 100%; height: 320px; }
table { border-collapse: collapse; width: 100%; font-size: 0.95em; }
th, td { text-align: left; padding: 0.35em 0.5em; border-bottom: 1px solid #e3e7ec; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.met { color: #17663a; font-weight: 600; }
.missed { color: #a11d1d; font-weight: 600; }
.target { color: #6b7785; font-size: 0.85em; }
.error { color: #a11d1d; }
#warnings li { color: #a11d1d; }
`;

export const DASHBOARD_JS = `'use strict';
const LEVELS = { MINISTRY: 'Bộ, ngành', PROVINCE: 'Tỉnh, thành phố', DISTRICT: 'Huyện (đến 2025)', COMMUNE: 'Xã, phường', ALL: 'Tất cả các cấp' };
const QUEUES = { PORTAL: 'Cổng DVCQG', WEBHOOKS: 'Webhook', MAINTENANCE: 'Bảo trì' };
const WARNINGS = { NO_WORKER: 'Không có tiến trình xử lý nào đang chạy', BREAKER_OPEN: 'Cầu dao đang mở', OUTBOX_FAILED: 'Có thay đổi gửi đi thất bại', CALENDAR: 'Lịch làm việc cần cập nhật' };
const percent = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });
const $ = (s) => document.querySelector(s);
const el = (tag, attrs, text) => { const e = document.createElement(tag); Object.assign(e, attrs || {}); if (text != null) e.textContent = text; return e; };
let token = sessionStorage.getItem('lth_token');

async function gql(query, variables) {
  const res = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token }, body: JSON.stringify({ query, variables }) });
  const body = await res.json();
  if (body.errors) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data;
}

const KPI = 'query Dashboard($from: Date!, $to: Date!) {'
  + ' kpiReport(from: $from, to: $to) { from to rows { level received overdue avgProcessingDays'
  + ' onlineRate { value target met } onTimeRate { value target met } paidOnlineRate { value target met } portalSyncedRate { value target met } } }'
  + ' dossiers(overdue: true, first: 20) { totalCount edges { node { code dueAt procedure { name } receivingAgency { name } } } }'
  + ' queues { name isPaused counts { waiting active delayed failed } }'
  + ' operatorWarnings { kind message } workerProcesses { id } }';

function rateCell(level, name, rate) {
  const td = el('td', { className: 'num' });
  td.dataset.kpi = level + ':' + name;
  td.dataset.value = rate.value == null ? '' : String(rate.value);
  td.append(el('span', { className: rate.met == null ? '' : rate.met ? 'met' : 'missed' }, rate.value == null ? '—' : percent.format(rate.value) + ' %'));
  if (rate.target != null) td.append(el('div', { className: 'target' }, 'chỉ tiêu ' + percent.format(rate.target) + ' %'));
  return td;
}

function drawTable(rows) {
  const body = $('#kpi tbody');
  body.replaceChildren();
  for (const r of rows) {
    const level = r.level || 'ALL';
    const tr = el('tr');
    tr.append(el('td', {}, LEVELS[level] || level));
    const received = el('td', { className: 'num' }, String(r.received));
    received.dataset.kpi = level + ':received';
    received.dataset.value = String(r.received);
    tr.append(received, rateCell(level, 'onlineRate', r.onlineRate), rateCell(level, 'onTimeRate', r.onTimeRate),
      rateCell(level, 'paidOnlineRate', r.paidOnlineRate), rateCell(level, 'portalSyncedRate', r.portalSyncedRate));
    const overdue = el('td', { className: 'num' }, String(r.overdue));
    overdue.dataset.kpi = level + ':overdue';
    overdue.dataset.value = String(r.overdue);
    tr.append(overdue, el('td', { className: 'num' }, r.avgProcessingDays == null ? '—' : percent.format(r.avgProcessingDays)));
    body.append(tr);
  }
}

function drawLevels(rows) {
  const levels = rows.filter((r) => r.level);
  const chart = echarts.init($('#chart-levels'));
  const series = [['onlineRate', 'Trực tuyến'], ['onTimeRate', 'Đúng hạn'], ['paidOnlineRate', 'Thanh toán trực tuyến']].map(([k, name]) => ({
    name, type: 'bar', data: levels.map((r) => r[k].value),
    markPoint: undefined,
  }));
  series.push({ name: 'Chỉ tiêu trực tuyến', type: 'scatter', symbol: 'rect', symbolSize: [28, 3], data: levels.map((r) => r.onlineRate.target) });
  chart.setOption({ tooltip: { trigger: 'axis' }, legend: {}, grid: { containLabel: true }, xAxis: { type: 'category', data: levels.map((r) => LEVELS[r.level]), axisLabel: { interval: 0 } }, yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value} %' } }, series });
  window.addEventListener('resize', () => chart.resize());
}

async function drawTrend(year) {
  const now = new Date();
  const months = [];
  for (let m = 1; m <= 12; m++) {
    const from = year + '-' + String(m).padStart(2, '0') + '-01';
    if (new Date(from + 'T00:00:00+07:00') > now) break;
    const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
    months.push({ m, from, to: year + '-' + String(m).padStart(2, '0') + '-' + last });
  }
  if (!months.length) return;
  const query = '{ ' + months.map((x) => 'm' + x.m + ': kpiReport(from: "' + x.from + '", to: "' + x.to + '") { rows { level onlineRate { value } } }').join(' ') + ' }';
  const data = await gql(query);
  const levels = ['MINISTRY', 'PROVINCE', 'DISTRICT', 'COMMUNE'];
  const chart = echarts.init($('#chart-trend'));
  chart.setOption({
    tooltip: { trigger: 'axis' }, legend: {}, grid: { containLabel: true },
    xAxis: { type: 'category', data: months.map((x) => 'Th' + x.m) },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value} %' } },
    series: levels.map((level) => ({ name: LEVELS[level], type: 'line', connectNulls: true,
      data: months.map((x) => (data['m' + x.m].rows.find((r) => r.level === level) || { onlineRate: {} }).onlineRate.value ?? null) })),
  });
  window.addEventListener('resize', () => chart.resize());
}

function drawOperations(data) {
  $('#overdue-count').textContent = data.dossiers.totalCount + ' hồ sơ quá hạn';
  $('#overdue-count').dataset.value = String(data.dossiers.totalCount);
  $('#overdue tbody').replaceChildren(...data.dossiers.edges.map(({ node }) => {
    const tr = el('tr');
    tr.append(el('td', {}, node.code), el('td', {}, node.procedure.name), el('td', {}, node.receivingAgency.name), el('td', {}, new Date(node.dueAt).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })));
    return tr;
  }));
  $('#queues tbody').replaceChildren(...data.queues.map((q) => {
    const tr = el('tr');
    tr.append(el('td', {}, (QUEUES[q.name] || q.name) + (q.isPaused ? ' (tạm dừng)' : '')));
    for (const k of ['waiting', 'active', 'delayed', 'failed']) tr.append(el('td', { className: 'num' }, String(q.counts[k])));
    return tr;
  }));
  $('#workers').textContent = data.workerProcesses.length + ' tiến trình xử lý đang chạy';
  $('#warnings').replaceChildren(...data.operatorWarnings.map((w) => {
    const li = el('li', {}, (WARNINGS[w.kind] || w.kind) + ' — ');
    li.dataset.kind = w.kind;
    li.append(el('small', {}, w.message));
    return li;
  }));
}

async function load() {
  const year = Number($('#year').value || new Date().getFullYear());
  const from = year + '-01-01', to = year + '-12-31';
  const data = await gql(KPI, { from, to });
  $('#period').textContent = 'Kỳ báo cáo: ' + data.kpiReport.from + ' – ' + data.kpiReport.to;
  drawTable(data.kpiReport.rows);
  drawLevels(data.kpiReport.rows);
  drawOperations(data);
  await drawTrend(year);
  document.body.dataset.ready = 'true';
}

async function start() {
  const select = $('#year');
  const y = new Date().getFullYear();
  for (let i = y; i >= y - 4; i--) select.append(el('option', { value: String(i) }, String(i)));
  select.addEventListener('change', () => load().catch(show));
  $('#login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    token = $('#token').value.trim().replace(/^Bearer\\s+/i, '');
    try { await enter(); } catch (err) { show(err); }
  });
  if (token) await enter().catch(() => { sessionStorage.removeItem('lth_token'); token = null; });
}
async function enter() {
  $('#login-error').textContent = '';
  const { me } = await gql('{ me { role } }');
  if (me.role !== 'ADMIN' && me.role !== 'LEADER') throw new Error('Bảng này dành cho lãnh đạo (LEADER) và quản trị (ADMIN).');
  sessionStorage.setItem('lth_token', token);
  $('#login').hidden = true;
  $('#board').hidden = false;
  $('#year-form').hidden = false;
  await load();
}
function show(err) { $('#login-error').textContent = err.message; }
start();
`;
