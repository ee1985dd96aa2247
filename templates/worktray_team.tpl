{{%AUTOESCAPE context="HTML"}}
<a href="/" class="govuk-back-link">Back to your worktray</a>
<h1 class="govuk-heading-l">Team view: {{TEAM}}</h1>
<div class="ehm-table-scroll" role="region" aria-label="Caseloads and overdue work" tabindex="0">
<table class="govuk-table">
  <caption class="govuk-table__caption govuk-table__caption--m">Caseloads and overdue work</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row">
    <th scope="col" class="govuk-table__header">Practitioner</th>
    <th scope="col" class="govuk-table__header govuk-table__header--numeric">Open cases as lead</th>
    <th scope="col" class="govuk-table__header govuk-table__header--numeric">Overdue assessments</th>
    <th scope="col" class="govuk-table__header govuk-table__header--numeric">Overdue reviews</th>
  </tr></thead>
  <tbody class="govuk-table__body">
    {{#ROW}}<tr class="govuk-table__row"><td class="govuk-table__cell">{{NAME}}{{#LEFT}} <strong class="govuk-tag govuk-tag--grey">Left</strong>{{/LEFT}}</td><td class="govuk-table__cell govuk-table__cell--numeric">{{CASES}}</td><td class="govuk-table__cell govuk-table__cell--numeric">{{OVERDUE_A}}</td><td class="govuk-table__cell govuk-table__cell--numeric">{{OVERDUE_R}}</td></tr>
    {{/ROW}}
  </tbody>
</table>
</div>
