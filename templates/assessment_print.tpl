{{%AUTOESCAPE context="HTML"}}
<h1 class="govuk-heading-l">{{TITLE}}</h1>
<p class="govuk-body"><strong>{{FAMILY}}</strong></p>
<p class="govuk-body-s">{{STATUS}}. {{PRINTED}}. Confidential.</p>
{{#SECTION}}
<h2 class="govuk-heading-m">{{NAME}}</h2>
<dl class="govuk-summary-list">
  {{#ROW}}<div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">{{KEY}}</dt><dd class="govuk-summary-list__value ehm-note">{{VALUE:pre_escape}}</dd></div>
  {{/ROW}}
</dl>
{{/SECTION}}
