{{%AUTOESCAPE context="HTML"}}
{{#COUNT}}<div class="govuk-form-group govuk-character-count{{#ERROR}} govuk-form-group--error{{/ERROR}}" data-module="govuk-character-count" data-maxlength="{{MAXLEN}}">{{/COUNT}}{{#NOCOUNT}}<div class="govuk-form-group{{#ERROR}} govuk-form-group--error{{/ERROR}}">{{/NOCOUNT}}
  <label class="govuk-label govuk-label--s" for="{{NAME}}">{{LABEL}}</label>
  {{#HINT}}<div id="{{NAME}}-hint" class="govuk-hint">{{HINT_TEXT}}</div>{{/HINT}}
  {{#ERROR}}<p id="{{NAME}}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {{MSG}}</p>{{/ERROR}}
  <textarea class="govuk-textarea{{#COUNT}} govuk-js-character-count{{/COUNT}}{{#ERROR}} govuk-textarea--error{{/ERROR}}" id="{{NAME}}" name="{{NAME}}" rows="{{ROWS}}"{{#DESCRIBED}} aria-describedby="{{DESCRIBEDBY}}"{{/DESCRIBED}}>
{{VALUE:pre_escape}}</textarea>
  {{#COUNT}}<div id="{{NAME}}-info" class="govuk-hint govuk-character-count__message">You can enter up to {{MAXLEN_WORDS}} characters</div>{{/COUNT}}
</div>
