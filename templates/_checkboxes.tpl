{{%AUTOESCAPE context="HTML"}}
<div class="govuk-form-group{{#ERROR}} govuk-form-group--error{{/ERROR}}">
  <fieldset class="govuk-fieldset"{{#DESCRIBED}} aria-describedby="{{DESCRIBEDBY}}"{{/DESCRIBED}}>
    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{{LABEL}}</legend>
    {{#HINT}}<div id="{{NAME}}-hint" class="govuk-hint">{{HINT_TEXT}}</div>{{/HINT}}
    {{#ERROR}}<p id="{{NAME}}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {{MSG}}</p>{{/ERROR}}
    <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">
      {{#OPTION}}<div class="govuk-checkboxes__item">
        <input class="govuk-checkboxes__input" id="{{OPT_ID}}" name="{{NAME}}" type="checkbox" value="{{OPT_VALUE}}"{{#SELECTED}} checked{{/SELECTED}}>
        <label class="govuk-label govuk-checkboxes__label" for="{{OPT_ID}}">{{OPT_TEXT}}</label>
      </div>
      {{/OPTION}}
    </div>
  </fieldset>
</div>
