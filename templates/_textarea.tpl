{{%AUTOESCAPE context="HTML"}}
<div class="govuk-form-group{{#ERROR}} govuk-form-group--error{{/ERROR}}">
  <label class="govuk-label govuk-label--s" for="{{NAME}}">{{LABEL}}</label>
  {{#HINT}}<div id="{{NAME}}-hint" class="govuk-hint">{{HINT_TEXT}}</div>{{/HINT}}
  {{#ERROR}}<p id="{{NAME}}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {{MSG}}</p>{{/ERROR}}
  <textarea class="govuk-textarea{{#ERROR}} govuk-textarea--error{{/ERROR}}" id="{{NAME}}" name="{{NAME}}" rows="5"{{#DESCRIBED}} aria-describedby="{{DESCRIBEDBY}}"{{/DESCRIBED}}>{{VALUE}}</textarea>
</div>
