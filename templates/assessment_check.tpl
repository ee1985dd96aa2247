{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
{{>ERRORS}}
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<span class="govuk-caption-l">{{TITLE}}</span>
<h1 class="govuk-heading-l">Check your answers</h1>
{{#SECTION}}
<div class="govuk-summary-card">
  <div class="govuk-summary-card__title-wrapper"><h2 class="govuk-summary-card__title">{{NAME}}</h2>
    <ul class="govuk-summary-card__actions"><li class="govuk-summary-card__action"><a class="govuk-link" href="{{HREF}}">Change<span class="govuk-visually-hidden"> {{NAME}}</span></a></li></ul></div>
  <div class="govuk-summary-card__content"><dl class="govuk-summary-list">
    {{#ROW}}<div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">{{KEY}}</dt><dd class="govuk-summary-list__value ehm-note">{{#PLAIN}}{{VALUE:pre_escape}}{{/PLAIN}}{{#MISSING}}<span class="ehm-missing">{{VALUE:pre_escape}}</span>{{/MISSING}}</dd></div>
    {{/ROW}}
  </dl></div>
</div>
{{/SECTION}}
<h2 class="govuk-heading-m">Complete the assessment</h2>
<p class="govuk-body">A completed assessment cannot be changed. A later reassessment starts from a copy of these answers.</p>
<form method="post" action="/assessments/{{AID}}/complete" novalidate>
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <button type="submit" class="govuk-button" data-module="govuk-button">Complete assessment</button>
</form>
</div></div>
