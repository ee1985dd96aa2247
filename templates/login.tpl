{{%AUTOESCAPE context="HTML"}}
<div class="govuk-grid-row">
  <div class="govuk-grid-column-two-thirds">
    {{>ERRORS}}
    {{#SIGNED_OUT}}
    <div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="signedout-title">
      <div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="signedout-title">Success</h2></div>
      <div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">You have been signed out</p></div>
    </div>
    {{/SIGNED_OUT}}
    {{#HELD}}
    <div class="govuk-notification-banner" role="region" aria-labelledby="held-title">
      <div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="held-title">Important</h2></div>
      <div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">You were signed out before your form was saved. Sign in again and we will give you back what you entered.</p></div>
    </div>
    {{/HELD}}
    <h1 class="govuk-heading-l">Sign in</h1>
    <form method="post" action="/login" novalidate>
      <input type="hidden" name="csrf" value="{{CSRF}}">
      <input type="hidden" name="next" value="{{NEXT}}">
      <div class="govuk-form-group{{#ERR_username}} govuk-form-group--error{{/ERR_username}}">
        <label class="govuk-label govuk-label--s" for="username">Username</label>
        {{#ERR_username}}<p id="username-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {{MSG}}</p>{{/ERR_username}}
        <input class="govuk-input govuk-!-width-one-half{{#ERR_username}} govuk-input--error{{/ERR_username}}" id="username" name="username" type="text" value="{{USERNAME}}" autocomplete="username" spellcheck="false" autocapitalize="none"{{#ERR_username}} aria-describedby="username-error"{{/ERR_username}}>
      </div>
      <div class="govuk-form-group{{#ERR_password}} govuk-form-group--error{{/ERR_password}}">
        <label class="govuk-label govuk-label--s" for="password">Password</label>
        {{#ERR_password}}<p id="password-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> {{MSG}}</p>{{/ERR_password}}
        <input class="govuk-input govuk-!-width-one-half{{#ERR_password}} govuk-input--error{{/ERR_password}}" id="password" name="password" type="password" autocomplete="current-password" spellcheck="false" autocapitalize="none"{{#ERR_password}} aria-describedby="password-error"{{/ERR_password}}>
      </div>
      <button type="submit" class="govuk-button" data-module="govuk-button">Sign in</button>
    </form>
    <p class="govuk-body"><a class="govuk-link" href="/reset">I have forgotten my password</a></p>
  </div>
</div>
