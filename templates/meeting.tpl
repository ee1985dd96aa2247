{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
{{>ERRORS}}
<a href="/episodes/{{EID}}/meetings" class="govuk-back-link">Back to meetings</a>
<h1 class="govuk-heading-l">Team around the family meeting</h1>
<dl class="govuk-summary-list">
  <div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">When</dt><dd class="govuk-summary-list__value">{{WHEN}}</dd></div>
  <div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Venue</dt><dd class="govuk-summary-list__value">{{VENUE}}</dd></div>
  <div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">About</dt><dd class="govuk-summary-list__value">{{CHILDREN}}</dd></div>
  <div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Status</dt><dd class="govuk-summary-list__value">{{STATUS}}</dd></div>
  {{#NOTE}}<div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Reason given</dt><dd class="govuk-summary-list__value">{{TEXT}}</dd></div>{{/NOTE}}
  {{#OUTCOMES}}<div class="govuk-summary-list__row govuk-summary-list__row--no-actions"><dt class="govuk-summary-list__key">Outcomes</dt><dd class="govuk-summary-list__value ehm-note">{{TEXT:pre_escape}}</dd></div>{{/OUTCOMES}}
</dl>
{{#PRINT}}<p class="govuk-body"><a class="govuk-link" href="/meetings/{{MID}}/print">Print the meeting record</a></p>{{/PRINT}}
<div class="ehm-table-scroll" role="region" aria-label="Attendees" tabindex="0"><table class="govuk-table">
  <caption class="govuk-table__caption govuk-table__caption--m">Attendees</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row">
    <th scope="col" class="govuk-table__header">Name</th><th scope="col" class="govuk-table__header">From</th><th scope="col" class="govuk-table__header">Role</th><th scope="col" class="govuk-table__header">Attendance</th>
  </tr></thead>
  <tbody class="govuk-table__body">
    {{#ATT}}<tr class="govuk-table__row"><td class="govuk-table__cell">{{NAME}}</td><td class="govuk-table__cell">{{KIND}}</td><td class="govuk-table__cell">{{DETAIL}}</td><td class="govuk-table__cell">{{ATTENDANCE}}</td></tr>
    {{/ATT}}
  </tbody>
</table></div>
{{#WRITE}}
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
{{#HELD_NOW}}<p class="govuk-body"><a class="govuk-button" data-module="govuk-button" href="/meetings/{{MID}}/held">Meeting held: write up outcomes</a></p>{{/HELD_NOW}}
{{#HELD_LATER}}<p class="govuk-body">You can write up this meeting's outcomes on or after {{ON}}.</p>{{/HELD_LATER}}
<h2 class="govuk-heading-m">Add attendee</h2>
<form method="post" action="/meetings/{{MID}}/attendees" novalidate>
  <input type="hidden" name="csrf" value="{{CSRF}}">
  {{>AFIELD}}
  <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">Add attendee</button>
</form>
<h2 class="govuk-heading-m">Update meeting details and scheduling</h2>
<form method="post" action="/meetings/{{MID}}" novalidate>
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <input type="hidden" name="version" value="{{MVER}}">
  {{>UFIELD}}
  <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">Rearrange the meeting</button>
</form>
<h2 class="govuk-heading-m">Cancel the meeting</h2>
<form method="post" action="/meetings/{{MID}}/cancel" novalidate>
  <input type="hidden" name="csrf" value="{{CSRF}}">
  {{>CFIELD}}
  <button type="submit" class="govuk-button govuk-button--warning" data-module="govuk-button">Cancel the meeting</button>
</form>
</div></div>
{{/WRITE}}
