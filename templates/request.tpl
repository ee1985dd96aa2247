{{%AUTOESCAPE context="HTML"}}
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<a href="/requests" class="govuk-back-link">Back to requests</a>
{{>ERRORS}}
<span class="govuk-caption-l">{{NAME}}</span>
<h1 class="govuk-heading-l">Request {{ID}}</h1>
<dl class="govuk-summary-list">
  <div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Goods or services</dt><dd class="govuk-summary-list__value">{{GOODS}}</dd></div>
  <div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Supplier</dt><dd class="govuk-summary-list__value">{{SUPPLIER}}</dd></div>
  <div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Amount</dt><dd class="govuk-summary-list__value">{{AMOUNT}}</dd></div>
  <div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Plan outcome</dt><dd class="govuk-summary-list__value">{{OUTCOME}}</dd></div>
  <div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Why</dt><dd class="govuk-summary-list__value ehm-note">{{WHY:pre_escape}}</dd></div>
  <div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Keyworker</dt><dd class="govuk-summary-list__value">{{KEYWORKER}}</dd></div>
  <div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Status</dt><dd class="govuk-summary-list__value">{{STATUS}}</dd></div>
  {{#REASON}}<div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Manager's reason</dt><dd class="govuk-summary-list__value">{{TEXT}}</dd></div>{{/REASON}}
</dl>
{{#DECIDE}}
<form method="post" action="/requests/{{ID}}/approve" novalidate><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="govuk-button" data-module="govuk-button">Approve</button></form>
<form method="post" action="/requests/{{ID}}/reject" novalidate>
  <input type="hidden" name="csrf" value="{{CSRF}}">
  {{>RFIELD}}
  <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button">Reject</button>
</form>
{{/DECIDE}}
</div></div>
