{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
<a href="/episodes/{{EID}}/meetings" class="govuk-back-link">Back to meetings</a>
<h1 class="govuk-heading-l">Action plan</h1>
<p class="govuk-body"><a class="govuk-link" href="/episodes/{{EID}}/plan/print">Print "My family's plan"</a></p>
{{#EMPTY}}<p class="govuk-body">No actions yet.</p>{{/EMPTY}}
{{#ACTION}}
<div class="govuk-summary-card">
  <div class="govuk-summary-card__title-wrapper"><h2 class="govuk-summary-card__title">{{NEED}}</h2>
    {{#WRITE}}<ul class="govuk-summary-card__actions">
      <li class="govuk-summary-card__action"><a class="govuk-link" href="/actions/{{AID}}/edit">Change<span class="govuk-visually-hidden"> action: {{NEED}}</span></a></li>
      <li class="govuk-summary-card__action"><form method="post" action="/actions/{{AID}}/remove" novalidate class="ehm-inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="ehm-link-button ehm-link-button--dark">Remove<span class="govuk-visually-hidden"> action: {{NEED}}</span></button></form></li>
    </ul>{{/WRITE}}
  </div>
  <div class="govuk-summary-card__content"><dl class="govuk-summary-list">
    <div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Action</dt><dd class="govuk-summary-list__value ehm-note">{{WHAT:pre_escape}}</dd></div>
    <div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Who</dt><dd class="govuk-summary-list__value">{{WHO}}</dd></div>
    <div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">By when</dt><dd class="govuk-summary-list__value">{{BY}}</dd></div>
    <div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Status</dt><dd class="govuk-summary-list__value"><strong class="govuk-tag {{STATUS_CLASS}}">{{STATUS}}</strong></dd></div>
    <div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Review comment</dt><dd class="govuk-summary-list__value">{{COMMENT}}</dd></div>
  </dl></div>
</div>
{{/ACTION}}
{{#CAN_ADD}}<p class="govuk-body"><a class="govuk-button govuk-button--secondary" data-module="govuk-button" href="/episodes/{{EID}}/plan/new">Add an action</a></p>{{/CAN_ADD}}
<h2 class="govuk-heading-m">History of the plan</h2>
<div class="moj-timeline">
  {{#HISTORY}}<div class="moj-timeline__item"><div class="moj-timeline__header"><h3 class="moj-timeline__title">{{WHAT}}</h3> <p class="moj-timeline__byline">by {{BY}}</p></div><p class="moj-timeline__date">{{WHEN}}{{#AT_MEETING}}, at the meeting of {{MEETING}}{{/AT_MEETING}}</p><div class="moj-timeline__description"><p class="govuk-body">{{CHANGE}}</p></div></div>
  {{/HISTORY}}
</div>
