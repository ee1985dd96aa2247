{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
{{>ERRORS}}
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<a href="/meetings/{{MID}}" class="govuk-back-link">Back to the meeting</a>
<span class="govuk-caption-l">{{WHEN}}</span>
<h1 class="govuk-heading-l">Meeting held: write up outcomes</h1>
<form method="post" action="/meetings/{{MID}}/held" novalidate>
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <h2 class="govuk-heading-m">Attendance</h2>
  {{#NOATT}}<p class="govuk-body">No attendees were added to this meeting.</p>{{/NOATT}}
  {{>AFIELD}}
  <h2 class="govuk-heading-m">Outcomes</h2>
  {{>OFIELD}}
  <h2 class="govuk-heading-m">Action plan and review</h2>
  {{#ACTION}}<div class="govuk-summary-card"><div class="govuk-summary-card__title-wrapper"><h3 class="govuk-summary-card__title">{{TEXT}}</h3></div><div class="govuk-summary-card__content"><input type="hidden" name="{{VER_NAME}}" value="{{VER}}">{{>RFIELD}}</div></div>
  {{/ACTION}}
  <p class="govuk-body">Add new actions to <a class="govuk-link" href="/episodes/{{EID}}/plan">the action plan</a> after saving.</p>
  <button type="submit" class="govuk-button" data-module="govuk-button">Save the meeting record</button>
</form>
</div></div>
