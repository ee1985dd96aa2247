{{%AUTOESCAPE context="HTML"}}
<h2 class="govuk-heading-m govuk-!-margin-top-6">Account</h2>
<dl class="govuk-summary-list">
  <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Status</dt><dd class="govuk-summary-list__value">{{STATUS}}</dd></div>
  <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Last updated</dt><dd class="govuk-summary-list__value">{{UPDATED}}</dd></div>
</dl>
{{#NOT_SELF}}
<div class="govuk-button-group">
  {{#ACTIVE}}<form method="post" action="/admin/users/{{ID}}/deactivate" novalidate><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button">Deactivate this user</button></form>{{/ACTIVE}}
  {{#INACTIVE}}<form method="post" action="/admin/users/{{ID}}/reactivate" novalidate><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">Reactivate this user</button></form>{{/INACTIVE}}
  {{#LOCKED}}<form method="post" action="/admin/users/{{ID}}/unlock" novalidate><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">Unlock this account</button></form>{{/LOCKED}}
  <form method="post" action="/admin/users/{{ID}}/reset-code" novalidate><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">Issue a password reset code</button></form>
</div>
{{/NOT_SELF}}
{{#SELF}}<p class="govuk-body">You cannot change your own role or flags, or deactivate your own account. Ask another administrator.</p>{{/SELF}}
