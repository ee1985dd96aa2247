{{%AUTOESCAPE context="HTML"}}
<span class="govuk-caption-l">Person</span>
<h1 class="govuk-heading-l">{{NAME}}</h1>
{{#WITHHELD}}
<div class="govuk-warning-text">
  <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
  <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>Address withheld. Do not share this person's address with anyone, including their family. It never appears on other records, in search results or on printed forms.</strong>
</div>
{{/WITHHELD}}
{{#CARD}}
<div class="govuk-summary-card">
  <div class="govuk-summary-card__title-wrapper">
    <h2 class="govuk-summary-card__title">{{CARD_TITLE}}</h2>
    {{#CARD_ACTION}}<ul class="govuk-summary-card__actions"><li class="govuk-summary-card__action"><a class="govuk-link" href="{{ACTION_HREF}}">{{ACTION_TEXT}}<span class="govuk-visually-hidden"> ({{CARD_TITLE}})</span></a></li></ul>{{/CARD_ACTION}}
  </div>
  <div class="govuk-summary-card__content">
    {{#EMPTY}}<p class="govuk-body">{{EMPTY_TEXT}}</p>{{/EMPTY}}
    {{#LIST}}
    <dl class="govuk-summary-list">
      {{#ROW}}
      <div class="govuk-summary-list__row{{#NOACTION}} govuk-summary-list__row--no-actions{{/NOACTION}}">
        <dt class="govuk-summary-list__key">{{KEY}}</dt>
        <dd class="govuk-summary-list__value">{{#LINK}}<a class="govuk-link" href="{{HREF}}">{{VALUE}}</a>{{/LINK}}{{#PLAIN}}<span class="ehm-note">{{VALUE:pre_escape}}</span>{{/PLAIN}}{{#MISSING}}<span class="ehm-missing">{{VALUE}}</span>{{/MISSING}}{{#EXTRA}}<br><span class="govuk-body-s">{{EXTRA_TEXT}}</span>{{/EXTRA}}{{#TAG}} <strong class="govuk-tag {{TAG_CLASS}}">{{TAG_TEXT}}</strong>{{/TAG}}</dd>
        {{#ROW_ACTION}}<dd class="govuk-summary-list__actions">
          {{#CHANGE}}<a class="govuk-link" href="{{CHANGE_HREF}}">Change<span class="govuk-visually-hidden"> {{KEY}}</span></a>{{/CHANGE}}
          {{#END}}<form method="post" action="{{END_ACTION}}" novalidate class="ehm-inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="ehm-link-button ehm-link-button--dark">End<span class="govuk-visually-hidden"> relationship: {{KEY}} {{VALUE}}</span></button></form>{{/END}}
        </dd>{{/ROW_ACTION}}
      </div>
      {{/ROW}}
    </dl>
    {{/LIST}}
  </div>
</div>
{{/CARD}}
<p class="govuk-body-s">{{UPDATED}}</p>
{{#CAN_PRINT}}<p class="govuk-body"><a class="govuk-link" href="/people/{{ID}}/print">Print this record</a></p>{{/CAN_PRINT}}
