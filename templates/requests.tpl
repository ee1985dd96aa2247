{{%AUTOESCAPE context="HTML"}}
<h1 class="govuk-heading-l">{{NAME}}</h1>
<div class="ehm-table-scroll" role="region" aria-label="Requests" tabindex="0">
<table class="govuk-table">
  <caption class="govuk-table__caption govuk-table__caption--m">Requests</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Goods or services</th><th scope="col" class="govuk-table__header govuk-table__header--numeric">Amount</th><th scope="col" class="govuk-table__header">Status</th><th scope="col" class="govuk-table__header">Requested</th></tr></thead>
  <tbody class="govuk-table__body">
    {{#ROW}}<tr class="govuk-table__row"><td class="govuk-table__cell"><a class="govuk-link" href="/requests/{{ID}}">{{GOODS}}</a></td><td class="govuk-table__cell govuk-table__cell--numeric">{{AMOUNT}}</td><td class="govuk-table__cell">{{STATUS}}</td><td class="govuk-table__cell">{{ON}}</td></tr>
    {{/ROW}}
  </tbody>
</table>
</div>
{{#TOTALS}}
<table class="govuk-table">
  <caption class="govuk-table__caption govuk-table__caption--m">Approved for {{TEAM}}, by financial year</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Financial year</th><th scope="col" class="govuk-table__header govuk-table__header--numeric">Requests</th><th scope="col" class="govuk-table__header govuk-table__header--numeric">Total</th></tr></thead>
  <tbody class="govuk-table__body">
    {{#YEAR}}<tr class="govuk-table__row"><td class="govuk-table__cell">{{FY}}</td><td class="govuk-table__cell govuk-table__cell--numeric">{{COUNT}}</td><td class="govuk-table__cell govuk-table__cell--numeric">{{SUM}}</td></tr>{{/YEAR}}
  </tbody>
</table>
{{/TOTALS}}
