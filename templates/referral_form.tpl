{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
{{>ERRORS}}
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
{{#CAPTION}}<span class="govuk-caption-l">{{CAPTION_TEXT}}</span>{{/CAPTION}}
<h1 class="govuk-heading-l">{{HEADING}}</h1>
<div class="govuk-warning-text"><span class="govuk-warning-text__icon" aria-hidden="true">!</span><strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>If a child is in immediate danger call 999. To discuss a concern now, call children's social care: {{SG_DAY}} (daytime), {{SG_OOH}} (out of hours).</strong></div>
<form method="post" action="{{ACTION}}" novalidate>
  <input type="hidden" name="csrf" value="{{CSRF}}">
  {{#HIDDEN}}<input type="hidden" name="{{H_NAME}}" value="{{H_VALUE}}">{{/HIDDEN}}
  {{>FIELD}}
  <button type="submit" class="govuk-button" data-module="govuk-button">{{SUBMIT}}</button>
</form>
</div></div>
