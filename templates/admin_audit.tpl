{{%AUTOESCAPE context="HTML"}}
<h1 class="govuk-heading-l">Audit log</h1>
<p class="govuk-body">Every sign-in, view, change, denial, search, export and print. Records are shown by type and id; names and search text are not shown here.</p>
<form method="get" action="/admin/audit" novalidate class="ehm-filters">
  {{>ERRORS}}
  <div class="govuk-grid-row">
    <div class="govuk-grid-column-one-quarter">{{>F1}}</div>
    <div class="govuk-grid-column-one-quarter">{{>F2}}</div>
    <div class="govuk-grid-column-one-quarter">{{>F3}}</div>
    <div class="govuk-grid-column-one-quarter">{{>F4}}</div>
  </div>
  <div class="govuk-grid-row">
    <div class="govuk-grid-column-one-quarter">{{>F5}}</div>
    <div class="govuk-grid-column-one-quarter">{{>F6}}</div>
  </div>
  <div class="govuk-button-group">
    <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">Apply filters</button>
    <a class="govuk-link" href="/admin/audit">Clear filters</a>
    <a class="govuk-link" href="/admin/audit.csv{{CSV_QUERY}}">Download these entries (CSV)</a>
  </div>
</form>
<div class="ehm-table-scroll" role="region" aria-label="Audit log entries" tabindex="0"><table class="govuk-table">
  <caption class="govuk-table__caption govuk-table__caption--m">Entries, newest first</caption>
  <thead class="govuk-table__head">
    <tr class="govuk-table__row">
      <th scope="col" class="govuk-table__header">Entry</th>
      <th scope="col" class="govuk-table__header">Time (UTC)</th>
      <th scope="col" class="govuk-table__header">User</th>
      <th scope="col" class="govuk-table__header">Action</th>
      <th scope="col" class="govuk-table__header">Record</th>
      <th scope="col" class="govuk-table__header">Address</th>
    </tr>
  </thead>
  <tbody class="govuk-table__body">
    {{#ROW}}
    <tr class="govuk-table__row">
      <td class="govuk-table__cell">{{ID}}</td>
      <td class="govuk-table__cell ehm-nowrap">{{AT}}</td>
      <td class="govuk-table__cell">{{USER}}</td>
      <td class="govuk-table__cell">{{ACTION}}</td>
      <td class="govuk-table__cell">{{RECORD}}</td>
      <td class="govuk-table__cell">{{IP}}</td>
    </tr>
    {{/ROW}}
  </tbody>
</table></div>
{{#NONE}}<p class="govuk-body">No entries match these filters.</p>{{/NONE}}
{{>PAGER}}
