{{%AUTOESCAPE context="HTML"}}
<h1 class="govuk-heading-l">{{NAME}}</h1>
<p class="govuk-body-s">Printed by {{PRINTED_BY}} on {{PRINTED_ON}}. Confidential: handle under {{AUTHORITY}}'s information-sharing rules.</p>
<h2 class="govuk-heading-m">Details</h2>
<dl class="govuk-summary-list">
  {{#ROW}}<div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">{{KEY}}</dt><dd class="govuk-summary-list__value ehm-note">{{VALUE:pre_escape}}</dd></div>
  {{/ROW}}
</dl>
<h2 class="govuk-heading-m">Relationships</h2>
{{#NOREL}}<p class="govuk-body">None recorded.</p>{{/NOREL}}
<dl class="govuk-summary-list">
  {{#REL}}<div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">{{KEY}}</dt><dd class="govuk-summary-list__value">{{VALUE}}</dd></div>
  {{/REL}}
</dl>
