{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
{{>ERRORS}}
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<h1 class="govuk-heading-l">{{NAME}}: request funding</h1>
{{#MISSING}}<div class="govuk-inset-text">{{TEXT}}</div>{{/MISSING}}
{{#FORM}}
<form method="post" action="/episodes/{{EID}}/requests" novalidate>
  <input type="hidden" name="csrf" value="{{CSRF}}">
  {{>FIELD}}
  <button type="submit" class="govuk-button" data-module="govuk-button">Send the request</button>
</form>
{{/FORM}}
</div></div>
