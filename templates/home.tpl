{{%AUTOESCAPE context="HTML"}}
<div class="govuk-grid-row">
  <div class="govuk-grid-column-two-thirds">
    <span class="govuk-caption-l">{{AUTHORITY}}</span>
    <h1 class="govuk-heading-l">Your worktray</h1>
    <p class="govuk-body">Signed in as {{USER_NAME}} ({{ROLE}}), {{TEAM}}{{AGENCY}}.</p>
    {{#NO_QUESTIONS}}<div class="govuk-inset-text">Set your security questions on <a class="govuk-link" href="/account#security-questions">your account page</a>: you need them to reset a forgotten password.</div>{{/NO_QUESTIONS}}
    {{#PRACTICE}}
    <p class="govuk-body"><a class="govuk-button govuk-button--secondary" data-module="govuk-button" href="/people">Find a person</a></p>
    {{/PRACTICE}}
    {{#LIST}}
    <h2 class="govuk-heading-m">{{TITLE}}</h2>
    <ul class="govuk-list govuk-list--spaced">
      {{#ROW}}<li><a class="govuk-link" href="{{HREF}}">{{TEXT}}</a><br><span class="govuk-body-s">{{DETAIL}}</span>
        {{#TRANSFER}}<div class="govuk-button-group govuk-!-margin-top-2">
          <form method="post" action="/transfers/{{ID}}/accept" novalidate class="ehm-inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="govuk-button govuk-!-margin-bottom-0" data-module="govuk-button">Accept transfer</button></form>
          <form method="post" action="/transfers/{{ID}}/decline" novalidate class="ehm-inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">Decline transfer</button></form>
        </div>{{/TRANSFER}}
        {{#REVIEW}}<form method="post" action="/break-glass/{{ID}}/review" novalidate class="govuk-!-margin-top-2">
          <input type="hidden" name="csrf" value="{{CSRF}}">
          <div class="govuk-form-group govuk-!-margin-bottom-2"><fieldset class="govuk-fieldset"><legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Was this use appropriate?</legend>
          <div class="govuk-radios govuk-radios--small govuk-radios--inline" data-module="govuk-radios">
            <div class="govuk-radios__item"><input class="govuk-radios__input" id="review-{{ID}}" name="review" type="radio" value="appropriate"><label class="govuk-label govuk-radios__label" for="review-{{ID}}">Appropriate</label></div>
            <div class="govuk-radios__item"><input class="govuk-radios__input" id="review-{{ID}}-2" name="review" type="radio" value="not appropriate"><label class="govuk-label govuk-radios__label" for="review-{{ID}}-2">Not appropriate</label></div>
          </div></fieldset></div>
          <button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">Record review</button>
        </form>{{/REVIEW}}
      </li>
      {{/ROW}}
    </ul>
    {{/LIST}}
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
