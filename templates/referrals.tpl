{{%AUTOESCAPE context="HTML"}}
<h1 class="govuk-heading-l">Referrals</h1>
<div class="govuk-inset-text">Children's social care: {{SG_DAY}} (daytime), {{SG_OOH}} (out of hours).</div>
<div class="ehm-table-scroll" role="region" aria-label="Step-up and step-down referrals" tabindex="0">
<table class="govuk-table">
  <caption class="govuk-table__caption govuk-table__caption--m">Step-up and step-down referrals</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">Referral</th><th scope="col" class="govuk-table__header">Kind</th><th scope="col" class="govuk-table__header">Sent or received</th><th scope="col" class="govuk-table__header">Status</th></tr></thead>
  <tbody class="govuk-table__body">
    {{#ROW}}<tr class="govuk-table__row"><td class="govuk-table__cell"><a class="govuk-link" href="/referrals/{{ID}}">Referral {{ID}}</a></td><td class="govuk-table__cell">{{DIR}}</td><td class="govuk-table__cell">{{SIDE}}</td><td class="govuk-table__cell">{{STATUS}}</td></tr>
    {{/ROW}}
  </tbody>
</table>
</div>
