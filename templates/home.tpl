{{%AUTOESCAPE context="HTML"}}
<span class="govuk-caption-l">{{AUTHORITY}}</span>
<h1 class="govuk-heading-l">Your worktray</h1>
<p class="govuk-body">Signed in as {{USER_NAME}} ({{ROLE}}), {{TEAM}}{{AGENCY}}.</p>
{{#NO_QUESTIONS}}<div class="govuk-inset-text">Set your security questions on <a class="govuk-link" href="/account#security-questions">your account page</a>: you need them to reset a forgotten password.</div>{{/NO_QUESTIONS}}
{{#PRACTICE}}
<p class="govuk-body"><a class="govuk-button govuk-button--secondary" data-module="govuk-button" href="/people">Find a person</a></p>
<ul class="ehm-tiles">
  {{#TILE}}<li class="ehm-tile"><a class="govuk-link ehm-tile__link" href="{{HREF}}"><span class="ehm-tile__count">{{COUNT}}</span> <span class="ehm-tile__title">{{TITLE}}</span></a></li>
  {{/TILE}}
</ul>
<p class="govuk-body"><a class="govuk-link" href="/account/tray">Choose which tiles show and their order</a>{{#TEAM_VIEW}} · <a class="govuk-link" href="/worktray/team">Team view</a>{{/TEAM_VIEW}}</p>
<h2 class="govuk-heading-m">Recently viewed</h2>
<ul class="govuk-list">
  {{#RECENT}}<li><a class="govuk-link" href="{{HREF}}">{{TEXT}}</a></li>{{/RECENT}}
</ul>
{{/PRACTICE}}
{{#ADMIN}}
<ul class="govuk-list">
  <li><a class="govuk-link" href="/admin/users">Manage users</a></li>
  <li><a class="govuk-link" href="/admin/agencies">Manage agencies</a></li>
  <li><a class="govuk-link" href="/admin/teams">Manage teams</a></li>
  <li><a class="govuk-link" href="/admin/audit">Read the audit log</a></li>
</ul>
{{/ADMIN}}
