{{%AUTOESCAPE context="HTML"}}
<table class="govuk-table">
  <caption class="govuk-table__caption govuk-table__caption--m">The saved version and yours</caption>
  <thead class="govuk-table__head">
    <tr class="govuk-table__row">
      <th scope="col" class="govuk-table__header">Detail</th>
      <th scope="col" class="govuk-table__header">Saved now</th>
      <th scope="col" class="govuk-table__header">Yours (not saved)</th>
    </tr>
  </thead>
  <tbody class="govuk-table__body">
    {{#ROW}}<tr class="govuk-table__row">
      <th scope="row" class="govuk-table__header">{{KEY}}{{#DIFF}} <strong class="govuk-tag govuk-tag--yellow">Different</strong>{{/DIFF}}</th>
      <td class="govuk-table__cell">{{SAVED}}</td>
      <td class="govuk-table__cell">{{YOURS}}</td>
    </tr>
    {{/ROW}}
  </tbody>
</table>
