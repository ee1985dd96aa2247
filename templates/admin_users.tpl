{{%AUTOESCAPE context="HTML"}}
<h1 class="govuk-heading-l">Users</h1>
<p class="govuk-body"><a class="govuk-button" data-module="govuk-button" href="/admin/users/new">Add a user</a></p>
{{#ROLE_CHANGES}}
<div class="govuk-inset-text">
  <h2 class="govuk-heading-s">Recent role changes</h2>
  <ul class="govuk-list">
    {{#CHANGE}}<li>{{WHEN}}: {{ACTOR}} changed the role of {{TARGET}} ({{DETAIL}})</li>{{/CHANGE}}
  </ul>
</div>
{{/ROLE_CHANGES}}
<div class="ehm-table-scroll" role="region" aria-label="Users" tabindex="0"><table class="govuk-table">
  <caption class="govuk-table__caption govuk-table__caption--m">{{COUNT}} users</caption>
  <thead class="govuk-table__head">
    <tr class="govuk-table__row">
      <th scope="col" class="govuk-table__header">Username</th>
      <th scope="col" class="govuk-table__header">Name</th>
      <th scope="col" class="govuk-table__header">Agency and team</th>
      <th scope="col" class="govuk-table__header">Role</th>
      <th scope="col" class="govuk-table__header">Status</th>
    </tr>
  </thead>
  <tbody class="govuk-table__body">
    {{#USER}}
    <tr class="govuk-table__row">
      <td class="govuk-table__cell"><a class="govuk-link" href="/admin/users/{{ID}}">{{USERNAME}}</a></td>
      <td class="govuk-table__cell">{{NAME}}</td>
      <td class="govuk-table__cell">{{AGENCY}}{{#HAS_TEAM}}<br><span class="govuk-body-s">{{TEAM}}</span>{{/HAS_TEAM}}</td>
      <td class="govuk-table__cell">{{ROLE}}{{#DSL}}<br><span class="govuk-body-s">Safeguarding lead</span>{{/DSL}}</td>
      <td class="govuk-table__cell"><strong class="govuk-tag {{STATUS_CLASS}}">{{STATUS}}</strong></td>
    </tr>
    {{/USER}}
  </tbody>
</table></div>
{{>PAGER}}
