{{%AUTOESCAPE context="HTML"}}
<div class="govuk-form-group{{#ERROR}} govuk-form-group--error{{/ERROR}}">
  <label class="govuk-label govuk-label--s" for="{{NAME}}">{{LABEL}}</label>
  {{#HINT}}<div id="{{NAME}}-hint" class="govuk-hint">{{HINT_TEXT}}</div>{{/HINT}}
  {{#ERROR}}<p id="{{NAME}}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {{MSG}}</p>{{/ERROR}}
  <input class="govuk-input{{CLS}}{{#ERROR}} govuk-input--error{{/ERROR}}" id="{{NAME}}" name="{{NAME}}" type="{{TYPE}}" value="{{VALUE}}"{{#AC}} autocomplete="{{AC_VALUE}}"{{/AC}}{{#NOSPELL}} spellcheck="false" autocapitalize="none"{{/NOSPELL}}{{#DESCRIBED}} aria-describedby="{{DESCRIBEDBY}}"{{/DESCRIBED}}>
</div>
