{{%AUTOESCAPE context="HTML"}}
<div class="govuk-grid-row">
  <div class="govuk-grid-column-two-thirds">
    {{>ERRORS}}
    <h1 class="govuk-heading-l">Your account</h1>
    {{#NO_QUESTIONS}}
    <div class="govuk-warning-text">
      <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
      <strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>Set your security questions. You need them to reset a forgotten password.</strong>
    </div>
    {{/NO_QUESTIONS}}
    <dl class="govuk-summary-list">
      <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Username</dt><dd class="govuk-summary-list__value">{{USERNAME}}</dd></div>
      <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Agency</dt><dd class="govuk-summary-list__value">{{AGENCY}}</dd></div>
      <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Team</dt><dd class="govuk-summary-list__value">{{TEAM}}</dd></div>
      <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Role</dt><dd class="govuk-summary-list__value">{{ROLE}}</dd></div>
      <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">System training</dt><dd class="govuk-summary-list__value">{{TRAINING}}</dd></div>
    </dl>

    <h2 class="govuk-heading-m" id="details">Your details</h2>
    <form method="post" action="/account/details" novalidate>
      <input type="hidden" name="csrf" value="{{CSRF}}">
      <input type="hidden" name="version" value="{{VERSION}}">
      {{>DETAILS}}
      <button type="submit" class="govuk-button" data-module="govuk-button">Save details</button>
    </form>

    <h2 class="govuk-heading-m" id="change-password">Change your password</h2>
    <form method="post" action="/account/password" novalidate>
      <input type="hidden" name="csrf" value="{{CSRF}}">
      {{>PASSWORD}}
      <button type="submit" class="govuk-button" data-module="govuk-button">Change password</button>
    </form>

    <h2 class="govuk-heading-m" id="security-questions">Security questions</h2>
    <p class="govuk-body">{{QUESTIONS_STATUS}}</p>
    <p class="govuk-body">Choose 3 different questions. Answers are not case-sensitive and are stored so that nobody, including administrators, can read them.</p>
    <form method="post" action="/account/questions" novalidate>
      <input type="hidden" name="csrf" value="{{CSRF}}">
      {{>QUESTIONS}}
      <button type="submit" class="govuk-button govuk-button--secondary" data-module="govuk-button">Save security questions</button>
    </form>
  </div>
</div>
