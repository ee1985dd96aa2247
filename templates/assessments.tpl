{{%AUTOESCAPE context="HTML"}}
{{>HEAD}}
<h1 class="govuk-heading-l">Assessments</h1>
<ul class="govuk-list">
  {{#TAG}}<li><strong>{{TAG_LABEL}}:</strong> <strong class="govuk-tag {{TAG_CLASS}}">{{TAG_TEXT}}</strong></li>{{/TAG}}
</ul>
{{#NONE}}<p class="govuk-body">No assessments yet.</p>{{/NONE}}
<div class="ehm-table-scroll" role="region" aria-label="Assessments" tabindex="0"><table class="govuk-table">
  <caption class="govuk-table__caption govuk-table__caption--m">Assessments, latest first</caption>
  <thead class="govuk-table__head"><tr class="govuk-table__row">
    <th scope="col" class="govuk-table__header">Assessment</th>
    <th scope="col" class="govuk-table__header">Status</th>
    <th scope="col" class="govuk-table__header">Started</th>
    <th scope="col" class="govuk-table__header">Completed</th>
  </tr></thead>
  <tbody class="govuk-table__body">
    {{#ROW}}<tr class="govuk-table__row">
      <td class="govuk-table__cell"><a class="govuk-link" href="/assessments/{{AID}}">{{TITLE}}</a></td>
      <td class="govuk-table__cell"><strong class="govuk-tag {{STATUS_CLASS}}">{{STATUS}}</strong></td>
      <td class="govuk-table__cell">{{STARTED}}</td>
      <td class="govuk-table__cell">{{COMPLETED}}</td>
    </tr>
    {{/ROW}}
  </tbody>
</table></div>
{{#START}}<form method="post" action="/episodes/{{EID}}/assessments" novalidate><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="govuk-button" data-module="govuk-button">{{START_TEXT}}</button></form>{{/START}}
{{#DISTANCE}}<p class="govuk-body"><a class="govuk-link" href="/episodes/{{EID}}/distance">Distance travelled: scores across assessments</a></p>{{/DISTANCE}}
