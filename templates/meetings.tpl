{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
{{>ERRORS}}
<h1 class="govuk-heading-l">Meetings and plan</h1>
<p class="govuk-body"><a class="govuk-link" href="/episodes/{{EID}}/plan">The action plan</a> · <a class="govuk-link" href="/episodes/{{EID}}/plan/print">Print "My family's plan"</a></p>
<div class="ehm-table-scroll" role="region" aria-label="Team around the family meetings" tabindex="0"><table class="govuk-table">
  <caption class="govuk-table__caption govuk-table__caption--m">Team around the family meetings</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row">
    <th scope="col" class="govuk-table__header">When</th>
    <th scope="col" class="govuk-table__header">Venue</th>
    <th scope="col" class="govuk-table__header">Status</th>
  </tr></thead>
  <tbody class="govuk-table__body">
    {{#ROW}}<tr class="govuk-table__row"><td class="govuk-table__cell"><a class="govuk-link" href="/meetings/{{MID}}">{{WHEN}}</a></td><td class="govuk-table__cell">{{VENUE}}</td><td class="govuk-table__cell"><strong class="govuk-tag {{STATUS_CLASS}}">{{STATUS}}</strong></td></tr>
    {{/ROW}}
  </tbody>
</table></div>
{{#NEW}}
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<h2 class="govuk-heading-m">{{HEADING}}</h2>
<p class="govuk-body">The meeting covers every child in this episode: {{CHILDREN}}.</p>
<form method="post" action="/episodes/{{EID}}/meetings" novalidate>
  <input type="hidden" name="csrf" value="{{CSRF}}">
  {{>MFIELD}}
  <button type="submit" class="govuk-button" data-module="govuk-button">Schedule the meeting</button>
</form>
</div></div>
{{/NEW}}
