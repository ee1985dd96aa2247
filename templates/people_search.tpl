{{%AUTOESCAPE context="HTML"}}
<div class="govuk-grid-row">
  <div class="govuk-grid-column-two-thirds">
    {{>ERRORS}}
    <h1 class="govuk-heading-l">Find a person</h1>
    <p class="govuk-body">Search before you create a record: a second record for the same person splits what is known about them.</p>
    <form method="post" action="/people" novalidate>
      <input type="hidden" name="csrf" value="{{CSRF}}">
      {{>FIELD}}
      <details class="govuk-details">
        <summary class="govuk-details__summary"><span class="govuk-details__summary-text">Search by NHS number or UPN instead</span></summary>
        <div class="govuk-details__text">{{>IDENT}}</div>
      </details>
      <button type="submit" class="govuk-button" data-module="govuk-button">Search</button>
    </form>
  </div>
</div>
{{#RESULTS}}
<h2 class="govuk-heading-m" id="results">{{COUNT_TEXT}}</h2>
{{#ANY}}
<div class="ehm-table-scroll" role="region" aria-label="Search results" tabindex="0">
<table class="govuk-table">
  <caption class="govuk-table__caption govuk-visually-hidden">Search results, best match first</caption>
  <thead class="govuk-table__head">
    <tr class="govuk-table__row">
      <th scope="col" class="govuk-table__header">Name</th>
      <th scope="col" class="govuk-table__header">Born</th>
      <th scope="col" class="govuk-table__header">Postcode</th>
      <th scope="col" class="govuk-table__header">Why it matched</th>
    </tr>
  </thead>
  <tbody class="govuk-table__body">
    {{#ROW}}
    <tr class="govuk-table__row">
      <td class="govuk-table__cell">{{#OPEN}}<a class="govuk-link" href="/people/{{ID}}">{{NAME}}</a>{{/OPEN}}{{#RESTRICTED}}{{NAME}}<br><strong class="govuk-tag govuk-tag--grey">Restricted</strong>{{/RESTRICTED}}</td>
      <td class="govuk-table__cell">{{BORN}}</td>
      <td class="govuk-table__cell">{{POSTCODE}}</td>
      <td class="govuk-table__cell"><ul class="govuk-list govuk-body-s">{{#WHY}}<li>{{REASON}}</li>{{/WHY}}</ul>{{#HOLDER}}<p class="govuk-body-s">Early help with {{TEAM}}; {{LEAD_TITLE}}: {{LEAD}}</p>{{/HOLDER}}{{#CAN_REQUEST}}<p class="govuk-body-s"><a class="govuk-link" href="/episodes/new?person={{ID}}">Request early help<span class="govuk-visually-hidden"> for {{NAME}}</span></a></p>{{/CAN_REQUEST}}{{#CAN_CONTACT}}<p class="govuk-body-s"><a class="govuk-link" href="/contacts/new?person={{ID}}">Record a contact<span class="govuk-visually-hidden"> about {{NAME}}</span></a></p>{{/CAN_CONTACT}}{{#CAN_STEPDOWN}}<p class="govuk-body-s"><a class="govuk-link" href="/referrals/new?person={{ID}}">Refer to early help (step down)<span class="govuk-visually-hidden"> for {{NAME}}</span></a></p>{{/CAN_STEPDOWN}}</td>
    </tr>
    {{/ROW}}
  </tbody>
</table>
</div>
{{/ANY}}
{{>PAGER}}
{{#CAN_CREATE}}<p class="govuk-body">Not the person you are looking for?</p><p class="govuk-body"><a class="govuk-button govuk-button--secondary" data-module="govuk-button" href="/people/new?s={{TOKEN}}">Create a new record</a></p>{{/CAN_CREATE}}
{{#ASK_MANAGER}}<div class="govuk-inset-text">If the person is not here, ask your manager to create a record: only managers can create people.</div>{{/ASK_MANAGER}}
{{/RESULTS}}
