{{%AUTOESCAPE context="HTML"}}
<h1 class="govuk-heading-l">{{HEADING}}</h1>
<p class="govuk-body"><a class="govuk-button" data-module="govuk-button" href="{{NEW_URL}}">{{NEW_TEXT}}</a></p>
<div class="ehm-table-scroll" role="region" aria-label="{{CAPTION}}" tabindex="0"><table class="govuk-table">
  <caption class="govuk-table__caption govuk-table__caption--m">{{CAPTION}}</caption>
  <thead class="govuk-table__head">
    <tr class="govuk-table__row">{{#COL}}<th scope="col" class="govuk-table__header">{{COL_NAME}}</th>{{/COL}}</tr>
  </thead>
  <tbody class="govuk-table__body">
    {{#ROW}}
    <tr class="govuk-table__row">
      <td class="govuk-table__cell"><a class="govuk-link" href="{{HREF}}">{{C1}}</a></td>
      <td class="govuk-table__cell">{{C2}}</td>
      <td class="govuk-table__cell">{{C3}}</td>
    </tr>
    {{/ROW}}
  </tbody>
</table></div>
