{{%AUTOESCAPE context="HTML"}}
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<a href="/" class="govuk-back-link">Back to your worktray</a>
{{>ERRORS}}
<h1 class="govuk-heading-l">Tray publications</h1>
<p class="govuk-body">Choose which tiles show on your worktray, and their order (1 shows first).</p>
<form method="post" action="/account/tray" novalidate>
  <input type="hidden" name="csrf" value="{{CSRF}}">
  {{#TILE}}
  <div class="govuk-form-group{{#ERROR}} govuk-form-group--error{{/ERROR}}">
    <fieldset class="govuk-fieldset"><legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{{TITLE}}</legend>
      {{#ERROR}}<p id="pos-{{KEY}}-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {{MSG}}</p>{{/ERROR}}
      <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes"><div class="govuk-checkboxes__item">
        <input class="govuk-checkboxes__input" id="show-{{KEY}}" name="show-{{KEY}}" type="checkbox" value="yes"{{#SHOWN}} checked{{/SHOWN}}>
        <label class="govuk-label govuk-checkboxes__label" for="show-{{KEY}}">Show this tile</label>
      </div></div>
      <label class="govuk-label" for="pos-{{KEY}}">Position</label>
      <input class="govuk-input govuk-input--width-2{{#ERROR}} govuk-input--error{{/ERROR}}" id="pos-{{KEY}}" name="pos-{{KEY}}" type="text" inputmode="numeric" value="{{POS_VALUE}}"{{#ERROR}} aria-describedby="pos-{{KEY}}-error"{{/ERROR}}>
    </fieldset>
  </div>
  {{/TILE}}
  <button type="submit" class="govuk-button" data-module="govuk-button">Save</button>
</form>
</div></div>
