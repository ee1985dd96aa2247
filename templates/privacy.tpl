{{%AUTOESCAPE context="HTML"}}
<div class="govuk-grid-row">
  <div class="govuk-grid-column-two-thirds">
    <h1 class="govuk-heading-l">Privacy notice</h1>
    <p class="govuk-body">{{AUTHORITY}} is the data controller for the information recorded in this service. It holds information about children and families who receive early help, and about the practitioners who support them, to coordinate that support and to keep children safe.</p>
    <p class="govuk-body">Practitioners see a family's records only while the family has consented to their agency's involvement. Every view and change is recorded in an audit trail.</p>
    <p class="govuk-body">The service sets cookies that are strictly necessary: one keeps you signed in, one protects forms from being sent by other websites, and one remembers a browser you have signed in from before.</p>
  </div>
</div>
