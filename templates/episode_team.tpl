{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
{{>ERRORS}}
{{#REFUSED}}
<div class="govuk-error-summary" data-module="govuk-error-summary">
  <div role="alert">
    <h2 class="govuk-error-summary__title">There is a problem</h2>
    <div class="govuk-error-summary__body"><p class="govuk-body">{{TEXT}}</p>
      <ul class="govuk-list govuk-error-summary__list"><li><a href="/episodes/{{EID}}/consent">Record a new consent statement</a></li></ul>
    </div>
  </div>
</div>
{{/REFUSED}}
<h1 class="govuk-heading-l">Team around the family</h1>
<div class="ehm-table-scroll" role="region" aria-label="Current members" tabindex="0"><table class="govuk-table">
  <caption class="govuk-table__caption govuk-table__caption--m">Current members</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row">
    <th scope="col" class="govuk-table__header">Name</th>
    <th scope="col" class="govuk-table__header">Agency</th>
    <th scope="col" class="govuk-table__header">Role</th>
    <th scope="col" class="govuk-table__header">Contact</th>
    <th scope="col" class="govuk-table__header">From</th>
    <th scope="col" class="govuk-table__header"><span class="govuk-visually-hidden">Actions</span></th>
  </tr></thead>
  <tbody class="govuk-table__body">
    {{#ROW}}<tr class="govuk-table__row">
      <td class="govuk-table__cell">{{NAME}}{{#EXTERNAL}} <strong class="govuk-tag govuk-tag--grey">External</strong>{{/EXTERNAL}}</td>
      <td class="govuk-table__cell">{{AGENCY}}</td>
      <td class="govuk-table__cell">{{ROLE}}</td>
      <td class="govuk-table__cell">{{CONTACT}}</td>
      <td class="govuk-table__cell">{{FROM}}</td>
      <td class="govuk-table__cell">{{#END}}<form method="post" action="/taf/{{TID}}/end" novalidate class="ehm-inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="ehm-link-button ehm-link-button--dark">End membership<span class="govuk-visually-hidden"> of {{NAME}}</span></button></form>{{/END}}</td>
    </tr>
    {{/ROW}}
  </tbody>
</table></div>
<div class="ehm-table-scroll" role="region" aria-label="Past members" tabindex="0"><table class="govuk-table">
  <caption class="govuk-table__caption govuk-table__caption--s">Past members</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row">
    <th scope="col" class="govuk-table__header">Name</th>
    <th scope="col" class="govuk-table__header">Agency</th>
    <th scope="col" class="govuk-table__header">From</th>
    <th scope="col" class="govuk-table__header">To</th>
  </tr></thead>
  <tbody class="govuk-table__body">
    {{#PAST}}<tr class="govuk-table__row"><td class="govuk-table__cell">{{NAME}}</td><td class="govuk-table__cell">{{AGENCY}}</td><td class="govuk-table__cell">{{FROM}}</td><td class="govuk-table__cell">{{TO}}</td></tr>
    {{/PAST}}
  </tbody>
</table></div>
{{#ADD}}
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<h2 class="govuk-heading-m">Add a practitioner who uses this service</h2>
<form method="get" action="/episodes/{{EID}}/team" novalidate>
  <div class="govuk-form-group">
    <label class="govuk-label govuk-label--s" for="q">Name or agency</label>
    <input class="govuk-input govuk-!-width-two-thirds" id="q" name="q" type="text" value="{{Q}}" autocomplete="off">
  </div>
  <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">Find practitioners</button>
</form>
{{#NOUSERS}}<p class="govuk-body">No practitioners match.</p>{{/NOUSERS}}
{{#PICK}}
<form method="post" action="/episodes/{{EID}}/team" novalidate>
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <input type="hidden" name="kind" value="user">
  <input type="hidden" name="q" value="{{Q}}">
  {{>UFIELD}}
  <button type="submit" class="govuk-button" data-module="govuk-button">Add to the team</button>
</form>
{{/PICK}}
<h2 class="govuk-heading-m">Add a practitioner from outside the service</h2>
<form method="post" action="/episodes/{{EID}}/team" novalidate>
  <input type="hidden" name="csrf" value="{{CSRF}}">
  <input type="hidden" name="kind" value="external">
  {{>XFIELD}}
  <button type="submit" class="govuk-button" data-module="govuk-button">Add to the team</button>
</form>
</div></div>
{{/ADD}}
