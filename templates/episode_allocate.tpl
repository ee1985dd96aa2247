{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
{{>ERRORS}}
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<h1 class="govuk-heading-l">Allocate a {{LEAD_TITLE}}</h1>
<p class="govuk-body">Access to the family's records starts when you allocate, and so does the assessment clock.</p>
<form method="post" action="/episodes/{{EID}}/allocate" novalidate>
  <input type="hidden" name="csrf" value="{{CSRF}}">
  {{>LFIELD}}
  <button type="submit" class="govuk-button" data-module="govuk-button">Allocate</button>
</form>
<h2 class="govuk-heading-m">Or decline the request</h2>
<form method="post" action="/episodes/{{EID}}/decline" novalidate>
  <input type="hidden" name="csrf" value="{{CSRF}}">
  {{>DFIELD}}
  <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button">Decline the request</button>
</form>
</div></div>
