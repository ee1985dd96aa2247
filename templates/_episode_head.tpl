{{%AUTOESCAPE context="HTML"}}
{{#BREAK_GLASS}}
<div class="govuk-notification-banner ehm-banner--alert" role="region" aria-labelledby="bg-title">
  <div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="bg-title">Break-glass access</h2></div>
  <div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">You are viewing this episode under break-glass access until {{BG_UNTIL}}. Every page you view is recorded and reviewed by managers. You cannot print or export.</p></div>
</div>
{{/BREAK_GLASS}}
{{#CONSENT_NEEDED}}
<div class="govuk-notification-banner" role="region" aria-labelledby="consent-title">
  <div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="consent-title">Important</h2></div>
  <div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">A new consent statement is needed. <a class="govuk-notification-banner__link" href="/episodes/{{EID}}/consent">Record consent</a></p><p class="govuk-body">{{CONSENT_WHY}}</p></div>
</div>
{{/CONSENT_NEEDED}}
<div class="moj-identity-bar ehm-identity-bar">
  <div class="moj-identity-bar__contents">
    <div class="moj-identity-bar__details">
      <span class="govuk-caption-m">Episode {{EID}}</span>
      <span class="govuk-body govuk-!-font-weight-bold">{{FAMILY}}</span>
      <span class="govuk-body-s">{{LEAD_TITLE}}: {{LEAD}} · Team: {{TEAM}} · <strong class="govuk-tag {{STATUS_CLASS}}">{{STATUS}}</strong></span>
    </div>
  </div>
</div>
<nav class="moj-sub-navigation ehm-sub-navigation" aria-label="Episode sections">
  <ul class="moj-sub-navigation__list">
    {{#TAB}}<li class="moj-sub-navigation__item"><a class="moj-sub-navigation__link" href="{{HREF}}"{{#CURRENT}} aria-current="page"{{/CURRENT}}>{{LABEL}}</a></li>{{/TAB}}
  </ul>
</nav>
