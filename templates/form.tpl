{{%AUTOESCAPE context="HTML"}}
<div class="govuk-grid-row">
  <div class="govuk-grid-column-two-thirds">
    {{#BACK}}<a href="{{BACK_URL}}" class="govuk-back-link">Back</a>{{/BACK}}
    {{>ERRORS}}
    {{#CONFLICT}}
    <div class="govuk-warning-text">
      <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
      <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>{{CONFLICT_TEXT}}</strong>
    </div>
    {{/CONFLICT}}
    {{#CAPTION}}<span class="govuk-caption-l">{{CAPTION_TEXT}}</span>{{/CAPTION}}
    <h1 class="govuk-heading-l">{{HEADING}}</h1>
    {{#INTRO}}<p class="govuk-body">{{INTRO_TEXT}}</p>{{/INTRO}}
    {{>BEFORE}}
    <form method="post" action="{{ACTION}}" novalidate>
      <input type="hidden" name="csrf" value="{{CSRF}}">
      {{#HIDDEN}}<input type="hidden" name="{{H_NAME}}" value="{{H_VALUE}}">
      {{/HIDDEN}}
      {{>FIELD}}
      <div class="govuk-button-group">
        <button type="submit" class="govuk-button" data-module="govuk-button">{{SUBMIT}}</button>
        {{#LATER}}<button type="submit" name="later" value="1" class="govuk-button govuk-button--secondary" data-module="govuk-button">Save and come back later</button>{{/LATER}}
        {{#CANCEL}}<a class="govuk-link" href="{{CANCEL_URL}}">Cancel</a>{{/CANCEL}}
      </div>
    </form>
    {{>AFTER}}
  </div>
</div>
