{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="en" class="govuk-template">
<head>
  <meta charset="utf-8">
  <title>{{#TITLE_ERROR}}Error: {{/TITLE_ERROR}}{{TITLE}} – {{SERVICE}} – {{AUTHORITY}}</title>
  <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
  <meta name="theme-color" content="#0b0c0c">
  <link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/static/vendor/app.css">
  <link rel="stylesheet" href="/branding.css">
  <link rel="stylesheet" href="/static/print.css" media="print">
  <script type="module" src="/static/app.mjs"></script>
</head>
<body class="govuk-template__body"{{#SIGNED_IN}} data-idle-timeout="{{IDLE_TIMEOUT}}"{{/SIGNED_IN}}>
  <a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">Skip to main content</a>
  <header class="govuk-template__header">
    <div class="govuk-generic-header ehm-header">
      <div class="govuk-generic-header__container govuk-width-container ehm-header__container">
        <div class="govuk-generic-header__logo">
          <a href="/" class="govuk-generic-header__homepage-link ehm-header__link">
            {{#LOGO}}<img class="ehm-header__logo" src="{{LOGO_URL}}" alt="" height="32">{{/LOGO}}
            <span class="ehm-header__authority">{{AUTHORITY}}</span>
          </a>
        </div>
        {{#SIGNED_IN}}
        <div class="ehm-header__account">
          <span class="ehm-header__user">Signed in as {{USER_NAME}}</span>
          <form method="post" action="/logout" class="ehm-header__signout" novalidate>
            <input type="hidden" name="csrf" value="{{CSRF}}">
            <button type="submit" class="ehm-link-button">Sign out</button>
          </form>
        </div>
        {{/SIGNED_IN}}
      </div>
    </div>
    <section aria-label="Service information" class="govuk-service-navigation" data-module="govuk-service-navigation">
      <div class="govuk-width-container">
        <div class="govuk-service-navigation__container">
          <span class="govuk-service-navigation__service-name">
            <a href="/" class="govuk-service-navigation__link">{{SERVICE}}</a>
          </span>
          {{#HAS_NAV}}
          <nav aria-label="Menu" class="govuk-service-navigation__wrapper">
            <button type="button" class="govuk-service-navigation__toggle govuk-js-service-navigation-toggle" aria-controls="navigation" hidden aria-hidden="true">Menu</button>
            <ul class="govuk-service-navigation__list" id="navigation">
              {{#NAV}}{{#ACTIVE}}<li class="govuk-service-navigation__item govuk-service-navigation__item--active"><a class="govuk-service-navigation__link" href="{{HREF}}" aria-current="page"><strong class="govuk-service-navigation__active-fallback">{{LABEL}}</strong></a></li>{{/ACTIVE}}{{#INACTIVE}}<li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="{{HREF}}">{{LABEL}}</a></li>{{/INACTIVE}}
              {{/NAV}}
            </ul>
          </nav>
          {{/HAS_NAV}}
        </div>
      </div>
    </section>
  </header>
  <div class="govuk-width-container">
    <main class="govuk-main-wrapper" id="main-content">
      {{#FLASH}}
      <div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="flash-title" data-module="govuk-notification-banner">
        <div class="govuk-notification-banner__header"><h2 class="govuk-notification-banner__title" id="flash-title">Success</h2></div>
        <div class="govuk-notification-banner__content"><p class="govuk-notification-banner__heading">{{FLASH_TEXT}}</p></div>
      </div>
      {{/FLASH}}
      {{>CONTENT}}
    </main>
  </div>
  <footer class="govuk-footer ehm-footer">
    <div class="govuk-width-container">
      <div class="govuk-footer__meta">
        <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
          <h2 class="govuk-visually-hidden">Support links</h2>
          <ul class="govuk-footer__inline-list">
            <li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="{{ACCESSIBILITY_URL}}">Accessibility statement</a></li>
            <li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="{{PRIVACY_URL}}">Privacy notice</a></li>
            <li class="govuk-footer__inline-list-item"><a class="govuk-footer__link" href="/acceptable-use">Acceptable use policy</a></li>
          </ul>
          <p class="govuk-body-s ehm-footer__owner">{{SERVICE}} is provided by {{AUTHORITY}}. Early Help Module {{VERSION}}, free and open-source software.</p>
        </div>
      </div>
    </div>
  </footer>
  {{#SIGNED_IN}}
  <dialog class="ehm-timeout" id="timeout-dialog" aria-labelledby="timeout-title" aria-describedby="timeout-text">
    <h2 class="govuk-heading-m" id="timeout-title">You're about to be signed out</h2>
    <p class="govuk-body" id="timeout-text">For your security, we will sign you out in <span id="timeout-countdown">2 minutes</span>. Anything you have not saved will be kept for you to send again after you sign in.</p>
    <div class="govuk-button-group">
      <button type="button" class="govuk-button" data-module="govuk-button" id="timeout-stay">Stay signed in</button>
      <form method="post" action="/logout" novalidate id="timeout-signout-form"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="next" value="" id="timeout-next"><button type="submit" class="govuk-button govuk-button--secondary" id="timeout-signout">Sign out</button></form>
    </div>
  </dialog>
  <form method="post" action="/session/keepalive" id="keepalive-form" hidden><input type="hidden" name="csrf" value="{{CSRF}}"></form>
  {{/SIGNED_IN}}
</body>
</html>
