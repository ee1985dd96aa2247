{{%AUTOESCAPE context="HTML"}}
<div class="govuk-grid-row">
  <div class="govuk-grid-column-two-thirds">
    <span class="govuk-caption-l">{{AUTHORITY}}</span>
    <h1 class="govuk-heading-l">Your worktray</h1>
    <p class="govuk-body">Signed in as {{USER_NAME}} ({{ROLE}}), {{TEAM}}{{AGENCY}}.</p>
    {{#PRACTICE}}
    <p class="govuk-body">Your caseload, assessments and meetings will appear here.</p>
    {{/PRACTICE}}
    {{#ADMIN}}
    <ul class="govuk-list">
      <li><a class="govuk-link" href="/admin/users">Manage users</a></li>
      <li><a class="govuk-link" href="/admin/agencies">Manage agencies</a></li>
      <li><a class="govuk-link" href="/admin/teams">Manage teams</a></li>
      <li><a class="govuk-link" href="/admin/audit">Read the audit log</a></li>
    </ul>
    {{/ADMIN}}
  </div>
</div>
