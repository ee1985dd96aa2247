{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
<h1 class="govuk-heading-l">Case notes</h1>
{{#CAN_ADD}}<p class="govuk-body"><a class="govuk-button" data-module="govuk-button" href="/episodes/{{EID}}/notes/new">Add a case note</a></p>{{/CAN_ADD}}
<form method="get" action="/episodes/{{EID}}/notes" novalidate>
  <div class="govuk-grid-row">
    <div class="govuk-grid-column-one-third">{{>FILTER}}</div>
  </div>
  <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">Filter notes</button>
</form>
{{#NONE}}<p class="govuk-body">No case notes match.</p>{{/NONE}}
<div class="moj-timeline">
  {{#NOTE}}<div class="moj-timeline__item">
    <div class="moj-timeline__header"><h2 class="moj-timeline__title">{{KIND}}</h2> <p class="moj-timeline__byline">by {{AUTHOR}}</p></div>
    <p class="moj-timeline__date"><time>{{DATE}}</time>{{#EDITED}} · <strong class="govuk-tag govuk-tag--grey">Edited</strong>{{/EDITED}}</p>
    <div class="moj-timeline__description">
      <p class="govuk-body-s">With: {{WITH}}. About: {{ABOUT}}</p>
      <p class="govuk-body ehm-note">{{BODY:pre_escape}}</p>
      <p class="govuk-body-s"><a class="govuk-link" href="/notes/{{NID}}">History<span class="govuk-visually-hidden"> of the note: {{KIND}} on {{DATE}} by {{AUTHOR}}</span></a>{{#EDIT}} · <a class="govuk-link" href="/notes/{{NID}}/edit">Change<span class="govuk-visually-hidden"> the note: {{KIND}} on {{DATE}} by {{AUTHOR}}</span></a>{{/EDIT}}</p>
    </div>
  </div>
  {{/NOTE}}
</div>
{{>PAGER}}
