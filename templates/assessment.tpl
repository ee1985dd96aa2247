{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
{{#COMPLETED}}
{{#PANEL}}<div class="govuk-panel govuk-panel--confirmation"><h1 class="govuk-panel__title">Assessment completed</h1><div class="govuk-panel__body">It is now read-only</div></div>{{/PANEL}}
<h1 class="govuk-heading-l">{{TITLE}}</h1>
<p class="govuk-body">Completed {{WHEN}}. <a class="govuk-link" href="/assessments/{{AID}}/print">Print this assessment</a></p>
{{#SECTION}}
<h2 class="govuk-heading-m">{{NAME}}</h2>
<dl class="govuk-summary-list">
  {{#ROW}}<div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">{{KEY}}</dt><dd class="govuk-summary-list__value ehm-note">{{#PLAIN}}{{VALUE:pre_escape}}{{/PLAIN}}{{#MISSING}}<span class="ehm-missing">{{VALUE:pre_escape}}</span>{{/MISSING}}</dd></div>
  {{/ROW}}
</dl>
{{/SECTION}}
{{/COMPLETED}}
{{#TASKS}}
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<h1 class="govuk-heading-l">{{TITLE}}</h1>
<p class="govuk-body">Each section is saved on its own, so you can come back to it. {{READY}}</p>
<ul class="govuk-task-list">
  {{#TASK}}<li class="govuk-task-list__item govuk-task-list__item--with-link">
    <div class="govuk-task-list__name-and-hint"><a class="govuk-link govuk-task-list__link" href="{{HREF}}" aria-describedby="{{TID}}-status">{{NAME}}</a></div>
    <div class="govuk-task-list__status" id="{{TID}}-status">{{#TAGGED}}<strong class="govuk-tag {{STATUS_CLASS}}">{{STATUS}}</strong>{{/TAGGED}}{{#PLAIN_STATUS}}{{STATUS}}{{/PLAIN_STATUS}}</div>
  </li>
  {{/TASK}}
</ul>
<p class="govuk-body"><a class="govuk-button" data-module="govuk-button" href="{{CHECK_HREF}}">Check your answers</a></p>
<p class="govuk-body"><a class="govuk-link" href="/assessments/{{AID}}/print">Print the draft</a></p>
</div></div>
{{/TASKS}}
