{{%AUTOESCAPE context="HTML"}}
<div class="govuk-form-group{{#ERROR}} govuk-form-group--error{{/ERROR}}">
  {{#ERROR}}<p id="{{NAME}}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {{MSG}}</p>{{/ERROR}}
  <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
    <div class="govuk-checkboxes__item">
      <input class="govuk-checkboxes__input" id="{{NAME}}" name="{{NAME}}" type="checkbox" value="yes"{{#CHECKED}} checked{{/CHECKED}}{{#DESCRIBED}} aria-describedby="{{DESCRIBEDBY}}"{{/DESCRIBED}}>
      <label class="govuk-label govuk-checkboxes__label" for="{{NAME}}">{{LABEL}}</label>
      {{#HINT}}<div id="{{NAME}}-hint" class="govuk-hint govuk-checkboxes__hint">{{HINT_TEXT}}</div>{{/HINT}}
    </div>
  </div>
</div>
