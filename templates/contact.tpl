{{%AUTOESCAPE context="HTML"}}
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<a href="/contacts" class="govuk-back-link">Back to contacts</a>
{{>ERRORS}}
<h1 class="govuk-heading-l">Contact about {{ABOUT}}</h1>
<dl class="govuk-summary-list">
  <div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Received</dt><dd class="govuk-summary-list__value">{{ON}}</dd></div>
  <div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">From</dt><dd class="govuk-summary-list__value">{{FROM}}</dd></div>
  <div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Reason</dt><dd class="govuk-summary-list__value ehm-note">{{REASON:pre_escape}}</dd></div>
  <div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Team</dt><dd class="govuk-summary-list__value">{{TEAM}}</dd></div>
  <div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Recorded by</dt><dd class="govuk-summary-list__value">{{RECORDED_BY}}</dd></div>
  <div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Decision</dt><dd class="govuk-summary-list__value">{{DECISION}}</dd></div>
</dl>
{{#NEXT}}<p class="govuk-body"><a class="govuk-button" data-module="govuk-button" href="{{HREF}}">{{TEXT}}</a></p>{{/NEXT}}
{{#DECIDE}}
<h2 class="govuk-heading-m">Decide what happens next</h2>
<form method="post" action="/contacts/{{ID}}/decide" novalidate>
  <input type="hidden" name="csrf" value="{{CSRF}}">
  {{>DFIELD}}
  <button type="submit" class="govuk-button" data-module="govuk-button">Record the decision</button>
</form>
{{/DECIDE}}
<div class="govuk-inset-text">If a child is at risk of significant harm, call children's social care now: {{SG_DAY}} (daytime), {{SG_OOH}} (out of hours).</div>
</div></div>
