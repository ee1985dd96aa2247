{{%AUTOESCAPE context="HTML"}}
<h1 class="govuk-heading-l">Team around the family meeting</h1>
<p class="govuk-body"><strong>{{CHILDREN}}</strong></p>
<p class="govuk-body">{{WHEN}}, {{VENUE}}. {{STATUS}}.</p>
<h2 class="govuk-heading-m">Who came</h2>
<ul class="govuk-list">{{#ATT}}<li>{{NAME}}: {{ATTENDANCE}}</li>{{/ATT}}</ul>
<h2 class="govuk-heading-m">Outcomes</h2>
<p class="govuk-body ehm-note">{{OUTCOMES:pre_escape}}</p>
<h2 class="govuk-heading-m">Action plan</h2>
<div class="ehm-table-scroll" role="region" aria-label="Action plan" tabindex="0"><table class="govuk-table">
  <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Need</th><th scope="col" class="govuk-table__header">Action</th><th scope="col" class="govuk-table__header">Who</th><th scope="col" class="govuk-table__header">By</th><th scope="col" class="govuk-table__header">Status</th><th scope="col" class="govuk-table__header">Review</th></tr></thead>
  <tbody class="govuk-table__body">{{#ACTION}}<tr class="govuk-table__row"><td class="govuk-table__cell">{{NEED}}</td><td class="govuk-table__cell">{{WHAT}}</td><td class="govuk-table__cell">{{WHO}}</td><td class="govuk-table__cell">{{BY}}</td><td class="govuk-table__cell">{{STATUS}}</td><td class="govuk-table__cell">{{COMMENT}}</td></tr>{{/ACTION}}</tbody>
</table></div>
