{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
{{>ERRORS}}
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<div class="govuk-panel govuk-panel--interruption">
  <h1 class="govuk-panel__title-m govuk-!-margin-bottom-4">Are you sure you want to close this episode?</h1>
  <div class="govuk-panel__body"><p class="govuk-body">A closed episode is read-only for its last lead and this team's managers. Reopening it needs a new consent statement from the family.</p></div>
</div>
<form method="post" action="/episodes/{{EID}}/close" novalidate>
  <input type="hidden" name="csrf" value="{{CSRF}}">
  {{>FIELD}}
  <div class="govuk-button-group">
    <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button">Close the episode</button>
    <a class="govuk-link" href="/episodes/{{EID}}">Cancel</a>
  </div>
</form>
</div></div>
