{{%AUTOESCAPE context="HTML"}}
<div class="govuk-form-group{{#ERROR}} govuk-form-group--error{{/ERROR}}">
  <label class="govuk-label govuk-label--s" for="{{NAME}}">{{LABEL}}</label>
  {{#HINT}}<div id="{{NAME}}-hint" class="govuk-hint">{{HINT_TEXT}}</div>{{/HINT}}
  {{#ERROR}}<p id="{{NAME}}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {{MSG}}</p>{{/ERROR}}
  <select class="govuk-select{{#ERROR}} govuk-select--error{{/ERROR}}" id="{{NAME}}" name="{{NAME}}"{{#DESCRIBED}} aria-describedby="{{DESCRIBEDBY}}"{{/DESCRIBED}}>
    {{#OPTION}}<option value="{{OPT_VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{OPT_TEXT}}</option>{{/OPTION}}
  </select>
</div>
