{{%AUTOESCAPE context="HTML"}}
<div class="govuk-grid-row">
  <div class="govuk-grid-column-two-thirds">
    <a href="/people/{{ID}}" class="govuk-back-link">Back</a>
    {{>ERRORS}}
    <span class="govuk-caption-l">{{NAME}}</span>
    <h1 class="govuk-heading-l">Add a relationship</h1>
    <p class="govuk-body">Find the relative's record first. Only records you can open are listed.</p>
    <form method="post" action="/people/{{ID}}/relationships/new" novalidate>
      <input type="hidden" name="csrf" value="{{CSRF}}">
      <input type="hidden" name="action" value="search">
      {{>SEARCH}}
      <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">Find the relative</button>
    </form>
    {{#FOUND}}
    {{#NONE_FOUND}}<p class="govuk-body">No records you can open match. If the relative has no record, ask a manager to create one first.</p>{{/NONE_FOUND}}
    {{#PICK}}
    <form method="post" action="/people/{{ID}}/relationships/new" novalidate>
      <input type="hidden" name="csrf" value="{{CSRF}}">
      <input type="hidden" name="action" value="add">
      <input type="hidden" name="family" value="{{FAMILY}}">
      <input type="hidden" name="given" value="{{GIVEN}}">
      <input type="hidden" name="dob-day" value="{{DOBD}}">
      <input type="hidden" name="dob-month" value="{{DOBM}}">
      <input type="hidden" name="dob-year" value="{{DOBY}}">
      {{>PICKFIELD}}
      <button type="submit" class="govuk-button" data-module="govuk-button">Add relationship</button>
    </form>
    {{/PICK}}
    {{/FOUND}}
  </div>
</div>
