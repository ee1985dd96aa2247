{{%AUTOESCAPE context="HTML"}}
{{>ERRORS}}
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<a href="/referrals" class="govuk-back-link">Back to referrals</a>
<span class="govuk-caption-l">Referral {{ID}}</span>
<h1 class="govuk-heading-l">{{DIR}}</h1>
<div class="govuk-inset-text">Children's social care: {{SG_DAY}} (daytime), {{SG_OOH}} (out of hours).</div>
<dl class="govuk-summary-list">
  {{#CHILD}}<div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Child</dt><dd class="govuk-summary-list__value">{{NAME}}, born {{BORN}}</dd></div>{{/CHILD}}
  <div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Reason</dt><dd class="govuk-summary-list__value ehm-note">{{REASON:pre_escape}}</dd></div>
  <div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Urgency</dt><dd class="govuk-summary-list__value">{{URGENCY}}</dd></div>
  <div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Information shared</dt><dd class="govuk-summary-list__value ehm-note">{{INFO:pre_escape}}</dd></div>
  <div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Sent</dt><dd class="govuk-summary-list__value">{{SENT}}</dd></div>
  <div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Status</dt><dd class="govuk-summary-list__value">{{STATUS}}</dd></div>
  {{#RESPONSE}}<div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Response</dt><dd class="govuk-summary-list__value">{{TEXT}}</dd></div>{{/RESPONSE}}
</dl>
{{#EPISODE}}<p class="govuk-body"><a class="govuk-link" href="{{HREF}}">The early help episode</a></p>{{/EPISODE}}
{{#NEW_EPISODE}}<p class="govuk-body"><a class="govuk-link" href="{{HREF}}">The episode opened from this referral</a></p>{{/NEW_EPISODE}}
{{#DECIDE}}
<h2 class="govuk-heading-m">Accept the referral</h2>
<form method="post" action="/referrals/{{ID}}/accept" novalidate>
  <input type="hidden" name="csrf" value="{{CSRF}}">
  {{#DOWN}}<p class="govuk-body">Accepting opens an early help episode allocated to the lead you choose, with the family's consent.</p>{{>LFIELD}}{{/DOWN}}
  <button type="submit" class="govuk-button" data-module="govuk-button">Accept</button>
</form>
<h2 class="govuk-heading-m">Or return it</h2>
<form method="post" action="/referrals/{{ID}}/return" novalidate>
  <input type="hidden" name="csrf" value="{{CSRF}}">
  {{>RFIELD}}
  <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">Return the referral</button>
</form>
{{/DECIDE}}
</div></div>
