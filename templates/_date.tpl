{{%AUTOESCAPE context="HTML"}}
<div class="govuk-form-group{{#ERROR}} govuk-form-group--error{{/ERROR}}">
  <fieldset class="govuk-fieldset" role="group" aria-describedby="{{NAME}}-hint{{#ERROR}} {{NAME}}-error{{/ERROR}}">
    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{{LABEL}}</legend>
    <div id="{{NAME}}-hint" class="govuk-hint">{{HINT_TEXT}}</div>
    {{#ERROR}}<p id="{{NAME}}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {{MSG}}</p>{{/ERROR}}
    <div class="govuk-date-input" id="{{NAME}}">
      <div class="govuk-date-input__item"><div class="govuk-form-group">
        <label class="govuk-label govuk-date-input__label" for="{{NAME}}-day">Day</label>
        <input class="govuk-input govuk-date-input__input govuk-input--width-2{{#ERR_DAY}} govuk-input--error{{/ERR_DAY}}" id="{{NAME}}-day" name="{{NAME}}-day" type="text" inputmode="numeric" value="{{DAY}}"{{#BDAY}} autocomplete="bday-day"{{/BDAY}}>
      </div></div>
      <div class="govuk-date-input__item"><div class="govuk-form-group">
        <label class="govuk-label govuk-date-input__label" for="{{NAME}}-month">Month</label>
        <input class="govuk-input govuk-date-input__input govuk-input--width-2{{#ERR_MONTH}} govuk-input--error{{/ERR_MONTH}}" id="{{NAME}}-month" name="{{NAME}}-month" type="text" value="{{MONTH}}"{{#BDAY}} autocomplete="bday-month"{{/BDAY}}>
      </div></div>
      <div class="govuk-date-input__item"><div class="govuk-form-group">
        <label class="govuk-label govuk-date-input__label" for="{{NAME}}-year">Year</label>
        <input class="govuk-input govuk-date-input__input govuk-input--width-4{{#ERR_YEAR}} govuk-input--error{{/ERR_YEAR}}" id="{{NAME}}-year" name="{{NAME}}-year" type="text" inputmode="numeric" value="{{YEAR}}"{{#BDAY}} autocomplete="bday-year"{{/BDAY}}>
      </div></div>
    </div>
  </fieldset>
</div>
