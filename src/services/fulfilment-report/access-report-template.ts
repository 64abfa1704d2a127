// The access report's page (Eta, every <%= %> escaped). Kept in code rather than
// in src/http/views: the report is a file the consumer keeps, made by a use case,
// not a page the server serves.

export const ACCESS_REPORT_TEMPLATE = `<!doctype html>
<html lang="<%= it.lang %>">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title><%= it.t('accessReport.title', { reference: it.report.reference }) %></title>
<style>
body { font-family: system-ui, sans-serif; line-height: 1.5; color: #1a1a1a; background: #fff; max-width: 50rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; margin-top: 2rem; } h3 { font-size: 1.1rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { border: 1px solid #767676; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f0f0f0; }
.withheld { font-style: italic; }
@media print { body { max-width: none; } h2 { break-after: avoid; } table { break-inside: auto; } }
</style>
</head>
<body>
<main>
<h1><%= it.t('accessReport.title', { reference: it.report.reference }) %></h1>
<p><%= it.t('accessReport.intro', { date: it.date }) %></p>

<h2><%= it.t('accessReport.summaryHeading') %></h2>
<h3><%= it.t('accessReport.categoriesCollected') %></h3>
<ul>
<% it.report.categoriesCollected.forEach(function (key) { %>  <li><%= it.category(key) %></li>
<% }) %></ul>
<h3><%= it.t('accessReport.sources') %></h3>
<ul>
<% it.report.sources.forEach(function (key) { %>  <li><%= it.words(key) %></li>
<% }) %></ul>
<h3><%= it.t('accessReport.purposes') %></h3>
<ul>
<% it.report.purposes.forEach(function (key) { %>  <li><%= it.words(key) %></li>
<% }) %></ul>

<% [['disclosedHeading', it.report.disclosed, 'noneDisclosed'], ['soldOrSharedHeading', it.report.soldOrShared, 'noneSoldOrShared']].forEach(function (section) { %>
<h2><%= it.t('accessReport.' + section[0]) %></h2>
<% if (section[1].length === 0) { %>
<p><%= it.t('accessReport.' + section[2]) %></p>
<% } else { %>
<table>
<thead><tr><th scope="col"><%= it.t('accessReport.category') %></th><th scope="col"><%= it.t('accessReport.recipients') %></th></tr></thead>
<tbody>
<% section[1].forEach(function (row) { %><tr><th scope="row"><%= it.category(row.category) %></th><td><%= row.recipients.map(it.recipient).join('; ') %></td></tr>
<% }) %></tbody>
</table>
<% } %>
<% }) %>

<h2><%= it.t('accessReport.systemsHeading') %></h2>
<table>
<thead><tr><th scope="col"><%= it.t('accessReport.system') %></th><th scope="col"><%= it.t('accessReport.result') %></th><th scope="col"><%= it.t('accessReport.retention') %></th></tr></thead>
<tbody>
<% it.report.systems.forEach(function (system) { %><tr><th scope="row"><%= system.name %></th><td><%= it.t('accessReport.search.' + system.search) %></td><td><%= system.retention ?? '' %></td></tr>
<% }) %></tbody>
</table>

<h2><%= it.t('accessReport.piecesHeading') %></h2>
<% if (!it.report.specificPieces) { %>
<p><%= it.t('accessReport.categoriesOnly') %></p>
<% } %>
<% if (it.report.anyWithheld) { %>
<p><%= it.t('accessReport.withheldNote') %></p>
<% } %>
<% it.report.pieces.forEach(function (group) { %>
<h3><%= it.category(group.category) %></h3>
<% group.systems.forEach(function (system) { %><% system.records.forEach(function (record, index) { %>
<table>
<caption><%= it.t('accessReport.record', { number: index + 1, system: system.systemName }) %></caption>
<thead><tr><th scope="col"><%= it.t('accessReport.field') %></th><th scope="col"><%= it.t('accessReport.value') %></th></tr></thead>
<tbody>
<% record.forEach(function (item) { %><tr><th scope="row"><%= it.words(item.field) %></th><% if (item.withheld) { %><td class="withheld"><%= it.t('accessReport.withheld') %></td><% } else { %><td><%= item.value %></td><% } %></tr>
<% }) %></tbody>
</table>
<% }) %><% }) %>
<% }) %>
<p><%= it.t('accessReport.machineReadable') %></p>
</main>
</body>
</html>
`;
