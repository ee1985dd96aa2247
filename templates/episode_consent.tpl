{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
{{>ERRORS}}
<h1 class="govuk-heading-l">Consent</h1>
<p class="govuk-body">Only the latest statement counts. Practitioners of agencies it does not cover cannot be in the team around the family.</p>
<div class="ehm-table-scroll" role="region" aria-label="Consent history" tabindex="0"><table class="govuk-table">
  <caption class="govuk-table__caption govuk-table__caption--m">Consent history, latest first</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row">
    <th scope="col" class="govuk-table__header">Statement</th>
    <th scope="col" class="govuk-table__header">Given or withdrawn by</th>
    <th scope="col" class="govuk-table__header">Date</th>
    <th scope="col" class="govuk-table__header">How</th>
    <th scope="col" class="govuk-table__header">Agencies covered</th>
    <th scope="col" class="govuk-table__header">Recorded by</th>
  </tr></thead>
  <tbody class="govuk-table__body">
    {{#ROW}}<tr class="govuk-table__row">
      <td class="govuk-table__cell">{{KIND}}{{#CURRENT}} <strong class="govuk-tag">Latest</strong>{{/CURRENT}}</td>
      <td class="govuk-table__cell">{{BY}}</td>
      <td class="govuk-table__cell">{{ON}}</td>
      <td class="govuk-table__cell">{{HOW}}</td>
      <td class="govuk-table__cell">{{AGENCIES}}</td>
      <td class="govuk-table__cell">{{RECORDED}}</td>
    </tr>
    {{/ROW}}
  </tbody>
</table></div>
{{#NEW}}
<h2 class="govuk-heading-m">Record a new consent statement</h2>
<form method="post" action="/episodes/{{EID}}/consent" novalidate>
  <input type="hidden" name="csrf" value="{{CSRF}}">
  {{>CFIELD}}
  <button type="submit" class="govuk-button" data-module="govuk-button">Record consent</button>
</form>
{{/NEW}}
{{#WITHDRAW}}
<h2 class="govuk-heading-m">Withdraw consent</h2>
<p class="govuk-body">When the family withdraws consent, other agencies leave the team around the family at once. The lead keeps read-only access and can still close the episode or refer it to children's social care.</p>
<form method="post" action="/episodes/{{EID}}/consent/withdraw" novalidate>
  <input type="hidden" name="csrf" value="{{CSRF}}">
  {{>WFIELD}}
  <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button">Record that consent was withdrawn</button>
</form>
{{/WITHDRAW}}
