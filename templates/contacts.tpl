{{%AUTOESCAPE context="HTML"}}
<h1 class="govuk-heading-l">Contacts</h1>
<p class="govuk-body"><a class="govuk-button" data-module="govuk-button" href="/contacts/new">Record a contact</a></p>
<div class="ehm-table-scroll" role="region" aria-label="Contacts" tabindex="0"><table class="govuk-table">
  <caption class="govuk-table__caption govuk-table__caption--m">Contacts you recorded, are assigned, or your team decides</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row"><th scope="col" class="govuk-table__header">About</th><th scope="col" class="govuk-table__header">Received</th><th scope="col" class="govuk-table__header">Team</th><th scope="col" class="govuk-table__header">Decision</th></tr></thead>
  <tbody class="govuk-table__body">
    {{#ROW}}<tr class="govuk-table__row"><td class="govuk-table__cell"><a class="govuk-link" href="/contacts/{{ID}}">{{ABOUT}}</a></td><td class="govuk-table__cell">{{ON}}</td><td class="govuk-table__cell">{{TEAM}}</td><td class="govuk-table__cell">{{DECISION}}</td></tr>
    {{/ROW}}
  </tbody>
</table></div>
